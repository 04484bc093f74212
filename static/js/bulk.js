// The task list's bulk actions: "select all", the count of checked tasks, and the fields each action needs
// (reason, new deadline, new lead unit). Without JavaScript every field shows and the server checks them.
(function () {
  "use strict";
  var form = document.querySelector("[data-bulk-form]");
  if (!form) return;
  var boxes = function () { return document.querySelectorAll("input[name=ids][form=bulk-form]"); };
  var count = form.querySelector("[data-bulk-count]");
  var submit = form.querySelector("[data-bulk-submit]");
  function checkedIds() {
    var ids = {};
    boxes().forEach(function (b) { if (b.checked) ids[b.value] = true; });
    return Object.keys(ids).length;
  }
  function refresh() {
    var n = checkedIds();
    count.textContent = n;
    submit.disabled = n === 0;
  }
  function showFields() {
    var action = form.querySelector("[data-bulk-action]").value;
    form.querySelectorAll("[data-bulk-field]").forEach(function (el) {
      el.hidden = el.getAttribute("data-bulk-field").split(" ").indexOf(action) < 0;
    });
  }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches("[data-bulk-all]")) {
      boxes().forEach(function (b) { b.checked = t.checked; });
    } else if (t.matches("input[name=ids][form=bulk-form]")) {
      // the table (laptop) and the cards (phone) hold one box per task: keep them together
      boxes().forEach(function (b) { if (b.value === t.value) b.checked = t.checked; });
    } else if (t.matches("[data-bulk-action]")) {
      showFields();
    }
    refresh();
  });
  showFields();
  refresh();
})();
