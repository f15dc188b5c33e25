// Starts Pagefind's search box on the search page (kept out of the HTML so a strict CSP holds).
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") return;
  new PagefindUI({ element: "#tim-kiem", showSubResults: true, showImages: false });
});
