// Dashboard charts (Chart.js from static/). Every chart has a table next to it ("Xem dạng bảng"):
// the page reads fully without JavaScript; the charts are an enhancement.
(function () {
  "use strict";
  var dataNode = document.getElementById("dashboard-charts");
  if (!dataNode) return;
  var charts = JSON.parse(dataNode.textContent);
  var nf = new Intl.NumberFormat("vi-VN");
  var made = [];

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Print the tables with the charts.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; });
    made.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
    made.forEach(function (c) { c.resize(); });
  });

  if (typeof window.Chart === "undefined") return;
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  Chart.defaults.animation = false;
  var tooltipNumber = function (ctx) {
    var label = ctx.dataset.label || ctx.label || "";
    return label + ": " + nf.format(ctx.parsed.y !== undefined && ctx.parsed.y !== null && typeof ctx.parsed === "object" ? ctx.parsed.y : ctx.parsed);
  };

  var t = charts.timeliness;
  var el = document.getElementById("chart-timeliness");
  if (el && t) {
    made.push(new Chart(el, {
      type: "doughnut",
      data: { labels: t.labels, datasets: [{ data: t.values, backgroundColor: t.colors, borderWidth: 1 }] },
      options: {
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: { label: function (ctx) { return ctx.label + ": " + nf.format(ctx.parsed); } } }
        },
        // A slice opens the task list that makes it.
        onClick: function (evt, elements) {
          if (elements.length) window.location.href = t.urls[elements[0].index];
        }
      }
    }));
  }

  var tr = charts.trend;
  el = document.getElementById("chart-trend");
  if (el && tr) {
    made.push(new Chart(el, {
      type: "bar",
      data: {
        labels: tr.labels,
        datasets: tr.datasets.map(function (d) { return { label: d.label, data: d.data, backgroundColor: d.color }; })
      },
      options: {
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0, callback: function (v) { return nf.format(v); } } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } }, tooltip: { callbacks: { label: tooltipNumber } } }
      }
    }));
  }

  var b = charts.budget;
  el = document.getElementById("chart-budget");
  if (el && b) {
    made.push(new Chart(el, {
      type: "bar",
      data: {
        labels: b.labels,
        datasets: [
          { label: b.allocated_label, data: b.allocated, backgroundColor: "#0b4f8a" },
          { label: b.disbursed_label, data: b.disbursed, backgroundColor: "#20c997" }
        ]
      },
      options: {
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return nf.format(v); } } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } }, tooltip: { callbacks: { label: tooltipNumber } } }
      }
    }));
  }
  document.documentElement.dataset.chartsReady = String(made.length);
})();
