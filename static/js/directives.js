// DTSystem — directives pages: unit pickers that filter by name, short name and aliases ignoring
// diacritics, and the add/remove task rows of the notice form. Pages still work without it.
(function () {
  "use strict";

  function fold(text) {
    return (text || "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  var searchIndex = null; // unit id -> folded name, short name and aliases (shipped once as JSON)
  function haystackOf(el) {
    if (searchIndex === null) {
      var node = document.getElementById("unit-search-index");
      searchIndex = node ? JSON.parse(node.textContent) : {};
    }
    var label = el.closest("label");
    return searchIndex[el.value] || fold(label ? label.textContent : el.textContent);
  }

  function matcher(query) {
    var terms = fold(query).split(" ").filter(Boolean);
    return function (el) {
      var haystack = haystackOf(el);
      return terms.every(function (t) { return haystack.indexOf(t) !== -1; });
    };
  }

  function summarize(picker) {
    var out = picker.querySelector(".unit-selected");
    if (!out) return;
    var names = [];
    picker.querySelectorAll(".unit-options input[type=checkbox]:checked").forEach(function (cb) {
      var label = cb.closest("label");
      names.push((label ? label.textContent : cb.value).trim());
    });
    out.textContent = names.length
      ? out.getAttribute("data-prefix") + " (" + names.length + "): " + names.join("; ")
      : out.getAttribute("data-none");
  }

  function filterPicker(input) {
    var picker = input.closest("[data-unit-picker]");
    if (!picker) return;
    var match = matcher(input.value);
    var phrase = fold(input.value);
    var select = picker.querySelector("select");
    if (select) {
      // Pick the first option holding the whole phrase ("y te" → Sở Y tế), else the first holding
      // every word of it.
      var best = null;
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        if (!opt.value) return;
        var ok = match(opt);
        opt.hidden = !ok;
        if (ok && !first) first = opt;
        if (ok && !best && phrase && haystackOf(opt).indexOf(phrase) !== -1) best = opt;
      });
      var choice = best || first;
      if (phrase && choice && select.value !== choice.value) {
        select.value = choice.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    picker.querySelectorAll(".unit-options input[type=checkbox]").forEach(function (cb) {
      var item = cb.closest("label") || cb.parentElement;
      item.hidden = !(cb.checked || match(cb));
    });
  }

  function numberRows() {
    var n = 0;
    document.querySelectorAll("[data-task-row]").forEach(function (row) {
      var label = row.querySelector(".task-row-number");
      if (row.classList.contains("task-row-deleted")) {
        if (label) label.textContent = "";
        return;
      }
      n += 1;
      if (label) label.textContent = n;
    });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-unit-picker]").forEach(summarize);
    numberRows();
  }

  document.addEventListener("input", function (evt) {
    if (evt.target.classList && evt.target.classList.contains("unit-filter")) filterPicker(evt.target);
  });
  document.addEventListener("keydown", function (evt) {
    // Enter in a picker's search box must not submit the whole notice form.
    if (evt.key === "Enter" && evt.target.classList && evt.target.classList.contains("unit-filter")) {
      evt.preventDefault();
    }
  });
  document.addEventListener("change", function (evt) {
    if (evt.target.type === "checkbox") {
      var picker = evt.target.closest("[data-unit-picker]");
      if (picker) summarize(picker);
    }
  });
  document.addEventListener("click", function (evt) {
    var remove = evt.target.closest("[data-remove-row]");
    var undo = evt.target.closest("[data-undo-row]");
    var button = remove || undo;
    if (!button) return;
    var row = button.closest("[data-task-row]");
    var box = row.querySelector(".task-row-delete");
    if (box) box.checked = !!remove;
    row.classList.toggle("task-row-deleted", !!remove);
    numberRows();
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { init(evt.detail.elt); });
})();
