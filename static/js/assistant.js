// DTSystem — the notice-text assistant's review screen: add, remove, merge and split the proposed
// task rows in the browser. Every row is a form of a Django formset whose prefix never changes once
// given (tasks-0, tasks-1, ...); a removed row simply disappears (the server skips missing rows), new
// rows take the next free index, and the hidden "order" field says the order of the page.
(function () {
  "use strict";

  var container = document.getElementById("assistant-rows");
  var form = document.getElementById("assistant-review");
  if (!container || !form) return;
  var total = document.getElementById("id_tasks-TOTAL_FORMS");
  var texts = document.getElementById("assistant-texts");
  var status = document.getElementById("assistant-status");

  function rows() {
    return Array.prototype.slice.call(container.querySelectorAll("[data-row]"));
  }

  function field(row, name) {
    return row.querySelector("[name='" + row.getAttribute("data-prefix") + "-" + name + "']");
  }

  function say(message) {
    if (status) status.textContent = message;
    var note = document.createElement("div");
    note.className = "alert alert-warning alert-dismissible py-2 assistant-hint";
    note.setAttribute("role", "alert");
    note.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    note.appendChild(close);
    var old = document.querySelector(".assistant-hint");
    if (old) old.remove();
    container.parentNode.insertBefore(note, container);
    window.setTimeout(function () { note.remove(); }, 6000);
  }

  function renumber() {
    var all = rows();
    all.forEach(function (row, i) {
      var order = field(row, "order");
      if (order) order.value = i;
      var label = row.querySelector(".row-number");
      if (label) label.textContent = i + 1;
    });
    document.querySelectorAll("[data-row-count]").forEach(function (el) { el.textContent = all.length; });
    var empty = container.querySelector("[data-empty-note]");
    if (empty) empty.hidden = all.length > 0;
  }

  function flash(row) {
    row.classList.add("just-changed");
    window.setTimeout(function () { row.classList.remove("just-changed"); }, 1200);
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Give a row (and everything in it) another formset prefix: names, ids, labels, htmx targets.
  function rename(root, from, to) {
    var pattern = new RegExp(escapeRegExp(from) + "(?!\\d)", "g");
    var nodes = [root].concat(Array.prototype.slice.call(root.querySelectorAll("*")));
    nodes.forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attr) {
        if (attr.value.indexOf(from) !== -1) el.setAttribute(attr.name, attr.value.replace(pattern, to));
      });
    });
  }

  function nextPrefix() {
    var index = parseInt(total.value, 10) || 0;
    total.value = index + 1;
    return "tasks-" + index;
  }

  function activate(row) {
    if (window.htmx) window.htmx.process(row);
    row.querySelectorAll("[data-unit-picker] input[type=checkbox]").forEach(function (cb) {
      cb.dispatchEvent(new Event("change", { bubbles: true })); // refresh the "Đã chọn" summaries
    });
  }

  function addRow() {
    var template = document.getElementById("assistant-empty-row");
    var row = template.content.firstElementChild.cloneNode(true);
    rename(row, "tasks-__prefix__", nextPrefix());
    container.appendChild(row);
    activate(row);
    renumber();
    flash(row);
    var content = field(row, "content");
    if (content) content.focus();
  }

  // cloneNode copies attributes; copy what the user changed as well (values, ticks, selections).
  function copyState(from, to) {
    var a = from.querySelectorAll("input, select, textarea");
    var b = to.querySelectorAll("input, select, textarea");
    for (var i = 0; i < a.length && i < b.length; i++) {
      if (a[i].tagName === "SELECT") {
        for (var j = 0; j < a[i].options.length; j++) b[i].options[j].selected = a[i].options[j].selected;
      } else if (a[i].type === "checkbox" || a[i].type === "radio") {
        b[i].checked = a[i].checked;
      } else if (a[i].type !== "file") {
        b[i].value = a[i].value;
      }
    }
  }

  function splitPoint(text, cursor) {
    if (cursor > 0 && cursor < text.length && text.slice(0, cursor).trim() && text.slice(cursor).trim()) {
      return cursor;
    }
    // No usable cursor: split after the first sentence or clause ("." or ";") that has text after it.
    var re = /[.;](\s+)(?=\S)/g;
    var m = re.exec(text);
    return m ? m.index + 1 : -1;
  }

  function splitRow(row) {
    var content = field(row, "content");
    var text = content.value;
    var cursor = row.hasAttribute("data-cursor") ? parseInt(row.getAttribute("data-cursor"), 10) : -1;
    var at = splitPoint(text, cursor);
    if (at < 0) {
      say(texts.getAttribute("data-split-hint"));
      return;
    }
    var clone = row.cloneNode(true);
    copyState(row, clone);
    rename(clone, row.getAttribute("data-prefix"), nextPrefix());
    clone.removeAttribute("data-cursor");
    content.value = text.slice(0, at).trim();
    var rest = text.slice(at).trim();
    field(clone, "content").value = rest.charAt(0).toUpperCase() + rest.slice(1);
    row.removeAttribute("data-cursor");
    row.parentNode.insertBefore(clone, row.nextSibling);
    activate(clone);
    renumber();
    flash(clone);
  }

  function joinText(a, b) {
    a = a.replace(/\s+$/, "");
    b = b.trim();
    if (!a) return b;
    if (!b) return a;
    return a + (/[.;:!?…]$/.test(a) ? " " : "; ") + b.charAt(0).toLowerCase() + b.slice(1);
  }

  function tick(row, unitId) {
    if (!unitId) return;
    var lead = field(row, "lead_unit");
    if (lead && lead.value === unitId) return;
    var box = row.querySelector("[name='" + row.getAttribute("data-prefix") + "-coordinating_units'][value='" + unitId + "']");
    if (box && !box.checked) {
      box.checked = true;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function mergeRow(row) {
    var all = rows();
    var index = all.indexOf(row);
    if (index <= 0) {
      say(texts.getAttribute("data-merge-hint"));
      return;
    }
    var prev = all[index - 1];
    var prevContent = field(prev, "content");
    prevContent.value = joinText(prevContent.value, field(row, "content").value);

    // Units united: the row's lead becomes the previous row's lead when it has none, else a coordinator.
    var prevLead = field(prev, "lead_unit");
    var lead = field(row, "lead_unit");
    if (lead && lead.value) {
      if (prevLead && !prevLead.value) {
        prevLead.value = lead.value;
        prevLead.dispatchEvent(new Event("change", { bubbles: true }));
      } else {
        tick(prev, lead.value);
      }
    }
    row.querySelectorAll("[name$='-coordinating_units']:checked").forEach(function (cb) { tick(prev, cb.value); });

    var prevDeadline = field(prev, "deadline_text");
    var deadline = field(row, "deadline_text");
    if (prevDeadline && deadline && !prevDeadline.value.trim() && deadline.value.trim()) {
      prevDeadline.value = deadline.value;
      prevDeadline.dispatchEvent(new Event("change", { bubbles: true })); // htmx recomputes the date
    }

    // Sources united: the spans (for the server) and the highlighted sentences (for the eye).
    var prevSource = field(prev, "source");
    var source = field(row, "source");
    if (prevSource && source && source.value) {
      prevSource.value = [prevSource.value, source.value].filter(Boolean).join(",");
    }
    var prevBody = prev.querySelector("[data-source-body]");
    var body = row.querySelector("[data-source-body]");
    if (prevBody && body) {
      body.querySelectorAll(".assistant-snippet").forEach(function (p) {
        var note = prevBody.querySelector(".assistant-no-source");
        if (note) note.remove();
        prevBody.appendChild(p);
      });
    }
    var prevNotes = field(prev, "coordinating_notes");
    var notes = field(row, "coordinating_notes");
    if (prevNotes && notes && notes.value) {
      prevNotes.value = [prevNotes.value, notes.value].filter(Boolean).join("; ");
    }
    row.remove();
    renumber();
    flash(prev);
  }

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    var row = button.closest("[data-row]");
    if (action === "add") addRow();
    else if (!row) return;
    else if (action === "remove") {
      row.remove();
      renumber();
    } else if (action === "merge") mergeRow(row);
    else if (action === "split") splitRow(row);
  });

  // Remember where the cursor was in a row's content, for "Tách" (the button takes the focus).
  ["keyup", "click", "select", "input"].forEach(function (type) {
    container.addEventListener(type, function (evt) {
      var el = evt.target;
      if (el.tagName !== "TEXTAREA" || !/-content$/.test(el.name || "")) return;
      var row = el.closest("[data-row]");
      if (row) row.setAttribute("data-cursor", el.selectionStart);
    });
  });

  // "Ghi nhớ tên gọi khác": offered only once the clerk picks another lead than the one the assistant read.
  function offerAlias(row) {
    var offer = row.querySelector("[data-alias-offer]");
    if (!offer) return;
    var lead = field(row, "lead_unit");
    var proposed = row.querySelector("[data-proposed-lead]");
    var changed = lead && lead.value && (!proposed || proposed.value !== lead.value);
    offer.hidden = !changed;
    if (!changed) {
      var box = offer.querySelector("[data-save-alias]");
      if (box) box.checked = false;
    }
  }

  // "tạo đơn vị này" and a picked unit exclude each other: the tick wins over an empty picker.
  container.addEventListener("change", function (evt) {
    var el = evt.target;
    var row = el.closest("[data-row]");
    if (!row) return;
    if (el.hasAttribute("data-create-unit") && el.checked) {
      var lead = field(row, "lead_unit");
      if (lead) lead.value = "";
    } else if (el.hasAttribute("data-lead-unit") && el.value) {
      var box = row.querySelector("[data-create-unit]");
      if (box) box.checked = false;
    }
    if (el.hasAttribute("data-lead-unit") || el.hasAttribute("data-create-unit")) offerAlias(row);
  });
  rows().forEach(offerAlias);

  form.addEventListener("submit", renumber);
  renumber();
})();
