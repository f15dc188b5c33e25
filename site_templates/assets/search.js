// Starts Pagefind's search box on the search page (kept out of the HTML so a strict CSP holds).
//
// The index carries, after every word with "đ", its twin without it between ⟦ ⟧ ("Đông ⟦dong⟧"),
// so that readers who type "d" for "đ" find it (publisher/search_index.py). The twins are removed
// here from what is shown; a highlighted twin highlights the word it stands for.
var TWIN = /(<mark>)?([^\s<>]+)(<\/mark>)?\s*(<mark>)?⟦(?:<mark>)?[^⟧<]*(?:<\/mark>)?⟧(?:<\/mark>)?/g;
var LONE_TWIN = /\s*(?:<mark>)?⟦[^⟧]*⟧(?:<\/mark>)?/g; // an excerpt may start between a word and its twin

function withoutTwins(text) {
  if (!text) return text;
  return text.replace(TWIN, function (all, open, word, close, twinOpen) {
    return open || twinOpen ? "<mark>" + word + "</mark>" : word;
  }).replace(LONE_TWIN, "");
}

function cleanResult(result) {
  result.excerpt = withoutTwins(result.excerpt);
  if (result.meta) {
    result.meta.title = withoutTwins(result.meta.title);
    if (result.meta.url) result.url = result.meta.url; // a task: its row on the plan page
  }
  (result.sub_results || []).forEach(function (sub) {
    sub.title = withoutTwins(sub.title);
    sub.excerpt = withoutTwins(sub.excerpt);
  });
  return result;
}

window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#hop-tim-kiem",
    showSubResults: true,
    showImages: false,
    processTerm: function (term) { return term.normalize("NFC"); },
    processResult: cleanResult,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
