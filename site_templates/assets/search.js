// Search on every page, on Pagefind's Component UI: the header's search box opens a search dialog
// (the Component UI is loaded on first use, so pages that are only read do not pay for it), and
// the search page /tim-kiem/ adds filters, sorting and ?q= links. Without JavaScript the header box
// is a plain link to the search page. Kept out of the HTML so that a strict CSP holds.
//
// What the reader is shown is cleaned here:
// - the index carries, after every word with "đ", its twin without it in brackets ("Đông (dong)"),
//   so that readers who type "d" for "đ" find it (publisher/search_index.py). A bracketed word is
//   removed only when it is the twin of the word before it; a highlighted twin highlights its word;
// - a task's record points (meta "url", relative to the record) at its row on the plan page; its
//   indexed text says who leads it and in which plan, and its result also names every agency of
//   the task, from its filter (the coordinating agencies are not indexed words).
//
// Pagefind's Component UI (1.5.2, pinned in requirements.lock) has no hook to change a query or its
// results, so each search instance's Pagefind is wrapped as it loads: the query is NFC-normalised,
// the chosen sort is applied, and each result's data is cleaned (tests/test_browser.py).
(function () {
  "use strict";

  var PAGE_INSTANCE = "default";
  var HEADER_INSTANCE = "dau-trang";
  var AGENCY_FILTER = "Cơ quan"; // publisher/search_index.py FILTER_AGENCY
  var SORTS = { "": null, "moi-nhat": { nam: "desc" }, "ten": { ten: "asc" } }; // keys: publisher/search_index.py

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  // "Đông (dong)", with <mark> around either word, and Pagefind's <mark> outside or inside the brackets
  var WORD_AND_TWIN = /(<mark>)?([\p{L}\p{N}_]+)(<\/mark>)?\s(<mark>)?\((<mark>)?([a-z0-9_]+)(?:<\/mark>)?\)(?:<\/mark>)?/gu;
  var LEADING_TWIN = /^\s*(?:<mark>)?\((?:<mark>)?[a-z0-9_]*d[a-z0-9_]*(?:<\/mark>)?\)(?:<\/mark>)?\s*/; // an excerpt may start inside a pair

  function withoutTwins(text) {
    if (!text) return text;
    return text.replace(WORD_AND_TWIN, function (all, open, word, close, markOutside, markInside, twin) {
      if (fold(word) !== twin) return all;
      if (open || close) return (open || "") + word + (close || "");
      return markOutside || markInside ? "<mark>" + word + "</mark>" : word;
    }).replace(LEADING_TWIN, "");
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function cleanFragment(fragment) {
    fragment.excerpt = withoutTwins(fragment.excerpt); // the title (meta) has no twins
    var meta = fragment.meta || {};
    if (meta.url) {
      // a task: its row on the plan page, which is the only place to go
      var row = new URL(meta.url, new URL(fragment.url, window.location.href));
      meta.url = row.pathname + row.hash;
      fragment.sub_results = [];
      var agencies = (fragment.filters || {})[AGENCY_FILTER] || [];
      if (agencies.length) fragment.excerpt += " " + AGENCY_FILTER + ": " + escapeHtml(agencies.join("; ")) + ".";
    }
    (fragment.sub_results || []).forEach(function (sub) {
      sub.title = withoutTwins(sub.title);
      sub.excerpt = withoutTwins(sub.excerpt);
    });
    return fragment;
  }

  function wrapPagefind(pagefind, state) {
    if (!pagefind || pagefind.search.wrappedBySite) return;
    var search = pagefind.search.bind(pagefind);
    pagefind.search = function (term, options) {
      options = Object.assign({}, options);
      if (state.sort) options.sort = state.sort;
      return search(term ? term.normalize("NFC") : term, options).then(function (found) {
        ((found && found.results) || []).forEach(function (result) {
          var data = result.data, cleaned = null;
          result.data = function () { return cleaned || (cleaned = data().then(cleanFragment)); };
        });
        return found;
      });
    };
    pagefind.search.wrappedBySite = true;
  }

  function prepare(instance) {
    if (instance.siteState) return instance.siteState;
    var state = instance.siteState = { sort: null };
    // the instance keeps its loaded Pagefind in __pagefind__ (set once, when it loads, which may
    // already have begun): wrap it whenever it is set
    var loaded = instance.__pagefind__;
    Object.defineProperty(instance, "__pagefind__", {
      get: function () { return loaded; },
      set: function (pagefind) { wrapPagefind(pagefind, state); loaded = pagefind; },
    });
    wrapPagefind(loaded, state);
    return state;
  }

  // --- the search page ---------------------------------------------------------------------
  function startSearchPage(box) {
    var instance = window.PagefindComponents.getInstanceManager().getInstance(PAGE_INSTANCE);
    var state = prepare(instance);
    var sort = document.getElementById("sap-xep");
    if (sort) {
      sort.addEventListener("change", function () {
        state.sort = SORTS[sort.value] || null;
        if (instance.searchTerm) instance.triggerSearch(instance.searchTerm);
      });
    }
    instance.on("search", function (term) {
      var address = new URL(window.location.href);
      if (term) address.searchParams.set("q", term); else address.searchParams.delete("q");
      window.history.replaceState(null, "", address);
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) instance.triggerSearch(query);
    return function focus() {
      var input = box.querySelector("input");
      if (input) { input.focus(); input.select(); }
    };
  }

  // --- the header's search box -------------------------------------------------------------
  var loading = null;

  function loadComponentUI(root) {
    if (window.PagefindComponents) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = root + "pagefind/pagefind-component-ui.css";
        document.head.appendChild(style);
        var script = document.createElement("script");
        script.src = root + "pagefind/pagefind-component-ui.js";
        script.onload = resolve;
        script.onerror = function () { loading = null; reject(); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function startHeaderBox(link, focusPageSearch) {
    var root = link.getAttribute("data-goc");
    var modal = null;

    function open(event) {
      if (event) event.preventDefault();
      if (focusPageSearch) return focusPageSearch();
      loadComponentUI(root).then(function () {
        if (!modal) {
          var bundle = new URL(root + "pagefind/", window.location.href).pathname;
          prepare(window.PagefindComponents.configureInstance(HEADER_INSTANCE, { bundlePath: bundle }));
          modal = document.createElement("pagefind-modal");
          modal.setAttribute("instance", HEADER_INSTANCE);
          modal.id = "hop-tim-kiem-nhanh";
          document.body.appendChild(modal);
          modal.querySelector("dialog").addEventListener("close", function () {
            link.setAttribute("aria-expanded", "false");
            link.focus();
          });
        }
        modal.open();
        link.setAttribute("aria-expanded", "true");
      }, function () {
        window.location.href = link.href; // the search dialog could not load: go to the search page
      });
    }

    link.setAttribute("aria-expanded", "false");
    link.addEventListener("click", open);
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.defaultPrevented || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
      var commandK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      if (slash || commandK) open(event);
    });
  }

  // Pagefind's filter buttons have role "combobox", whose name is not taken from the text inside:
  // each is named after its filter's label, for screen readers.
  function nameFilterButtons(box) {
    function name() {
      box.querySelectorAll("pagefind-filter-dropdown").forEach(function (dropdown) {
        var button = dropdown.querySelector(".pf-dropdown-trigger");
        var label = dropdown.getAttribute("label");
        if (button && label && button.getAttribute("aria-label") !== label) button.setAttribute("aria-label", label);
      });
    }
    new MutationObserver(name).observe(box, { childList: true, subtree: true });
    name();
  }

  function start() {
    var box = document.getElementById("hop-tim-kiem");
    if (box) nameFilterButtons(box);
    var focusPageSearch = box && window.PagefindComponents ? startSearchPage(box) : null;
    var link = document.querySelector("[data-o-tim-kiem]");
    if (link) startHeaderBox(link, focusPageSearch);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
