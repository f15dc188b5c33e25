// Filters the table of polluting facilities on the register page (/co-so-o-nhiem/) as the reader
// picks a year, district, commune, industry, pollution medium or status. Without JavaScript the
// form stays hidden and the full table is shown. Each row carries its values in data-* attributes
// (space-separated when there are several); each select's name is the attribute it filters on.
window.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("loc-co-so");
  var table = document.getElementById("bang-co-so");
  var count = document.getElementById("so-co-so");
  if (!form || !table || !count) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

  function matches(row) {
    return selects.every(function (select) {
      if (!select.value) return true;
      var values = (row.getAttribute("data-" + select.name) || "").split(" ");
      return values.indexOf(select.value) !== -1;
    });
  }

  function update() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown === rows.length
      ? rows.length + " cơ sở."
      : "Đang hiện " + shown + " trên " + rows.length + " cơ sở" + (shown === 0 ? ": không có cơ sở nào khớp bộ lọc." : ".");
  }

  form.addEventListener("change", update);
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  update();
});
