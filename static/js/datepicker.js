// DTSystem's date picker: every <input data-datepicker> is a text field in dd/mm/yyyy with a small
// calendar under it. It never uses the browser's native date input, whose order follows the browser's
// language (mm/dd/yyyy in en-US); the server reads dd/mm/yyyy. No inline script or style (CSP): the
// calendar is positioned through the CSSOM, its look is in static/css/datepicker.css.
(function () {
  "use strict";
  var MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6",
                "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"];
  var WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var popup = null, current = null, shown = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }

  // dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or YYYY-MM-DD; null when not a real day.
  function parse(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    var y, mo, d;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; }
    else {
      m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text || "");
      if (!m) return null;
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var date = new Date(y, mo - 1, d);
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
  }

  function button(label, cls, data) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = label;
    if (data) Object.keys(data).forEach(function (k) { b.setAttribute("data-" + k, data[k]); });
    return b;
  }

  function render() {
    popup.textContent = "";
    var head = document.createElement("div");
    head.className = "dp-head";
    head.appendChild(button("‹", "dp-nav", { step: "-1", label: "prev" }));
    var title = document.createElement("span");
    title.className = "dp-title";
    title.textContent = MONTHS[shown.getMonth()] + " / " + shown.getFullYear();
    head.appendChild(title);
    head.appendChild(button("›", "dp-nav", { step: "1", label: "next" }));
    head.children[0].setAttribute("aria-label", "Tháng trước");
    head.children[2].setAttribute("aria-label", "Tháng sau");
    popup.appendChild(head);

    var grid = document.createElement("div");
    grid.className = "dp-grid";
    WEEKDAYS.forEach(function (w) {
      var s = document.createElement("span");
      s.className = "dp-weekday";
      s.textContent = w;
      grid.appendChild(s);
    });
    var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
    var offset = (first.getDay() + 6) % 7; // Monday first
    for (var i = 0; i < offset; i++) grid.appendChild(document.createElement("span"));
    var selected = parse(current.value), today = new Date();
    var days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
    for (var day = 1; day <= days; day++) {
      var d = new Date(shown.getFullYear(), shown.getMonth(), day);
      var cls = "dp-day";
      if (selected && format(selected) === format(d)) cls += " dp-selected";
      if (format(today) === format(d)) cls += " dp-today";
      grid.appendChild(button(String(day), cls, { date: format(d) }));
    }
    popup.appendChild(grid);
    var foot = document.createElement("div");
    foot.className = "dp-foot";
    foot.appendChild(button("Hôm nay", "dp-link", { date: format(today) }));
    foot.appendChild(button("Xóa", "dp-link", { clear: "1" }));
    foot.appendChild(button("Đóng", "dp-link", { close: "1" }));
    popup.appendChild(foot);
  }

  function place() {
    var r = current.getBoundingClientRect();
    popup.style.top = (window.scrollY + r.bottom + 2) + "px";
    var left = window.scrollX + r.left;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - popup.offsetWidth - 4;
    popup.style.left = Math.max(window.scrollX + 4, Math.min(left, maxLeft)) + "px";
  }

  function open(input) {
    if (!popup) {
      popup = document.createElement("div");
      popup.className = "dp-popup";
      popup.setAttribute("role", "dialog");
      popup.setAttribute("aria-label", "Chọn ngày");
      popup.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the field's focus
      popup.addEventListener("click", onPopupClick);
      document.body.appendChild(popup);
    }
    current = input;
    var value = parse(input.value) || new Date();
    shown = new Date(value.getFullYear(), value.getMonth(), 1);
    render();
    popup.hidden = false;
    place();
  }

  function close() {
    if (popup) popup.hidden = true;
    current = null;
  }

  function commit(value) {
    var input = current;
    input.value = value;
    close();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function onPopupClick(e) {
    e.stopPropagation(); // the clicked button may be re-rendered away before the document sees the click
    var b = e.target.closest("button");
    if (!b || !current) return;
    if (b.hasAttribute("data-step")) {
      shown = new Date(shown.getFullYear(), shown.getMonth() + (+b.getAttribute("data-step")), 1);
      render();
    } else if (b.hasAttribute("data-date")) {
      commit(b.getAttribute("data-date"));
    } else if (b.hasAttribute("data-clear")) {
      commit("");
    } else if (b.hasAttribute("data-close")) {
      close();
    }
  }

  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t.matches && t.matches("input[data-datepicker]")) open(t);
    else if (popup && !popup.contains(t)) close();
  });
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t.matches && t.matches("input[data-datepicker]")) { if (current !== t || popup.hidden) open(t); return; }
    if (popup && !popup.hidden && !popup.contains(t)) close();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && popup && !popup.hidden) close();
  });
  // A typed day is tidied to dd/mm/yyyy when the field is left (1/3/2022 → 01/03/2022).
  document.addEventListener("focusout", function (e) {
    var t = e.target;
    if (!(t.matches && t.matches("input[data-datepicker]"))) return;
    var d = parse(t.value);
    if (d && t.value !== format(d)) t.value = format(d);
  });
  document.addEventListener("input", function (e) {
    if (current && e.target === current && popup && !popup.hidden) {
      var d = parse(current.value);
      if (d) { shown = new Date(d.getFullYear(), d.getMonth(), 1); render(); }
    }
  });
  window.addEventListener("resize", function () { if (current && popup && !popup.hidden) place(); });
})();
