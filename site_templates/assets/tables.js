// A table wider than the screen scrolls inside its own box (Material wraps each table in
// .md-typeset__scrollwrap). Such a box is made reachable with the keyboard (Tab, then the arrow
// keys scroll it) and named after the table's caption for screen readers; boxes that do not
// scroll are left alone, so they add no stop to the Tab order. Checked again when the window resizes.
(function () {
  "use strict";

  function caption(box) {
    var figure = box.closest("figure");
    var text = figure && figure.querySelector("figcaption");
    return text ? text.textContent.trim() : "Bảng";
  }

  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption(box) + " (cuộn ngang để xem hết)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = null; update(); });
  }

  // Material wraps the tables from its own script, after this one has run
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", later);
  window.addEventListener("load", update);
})();
