// The notice assistant's quality page: the acceptance rate per field and month as a line chart
// (Chart.js from static/). The table under it says the same, and the page reads fully without it.
(function () {
  "use strict";
  var dataNode = document.getElementById("assistant-quality-chart");
  var canvas = document.getElementById("chart-acceptance");
  if (!dataNode || !canvas || typeof window.Chart === "undefined") return;
  var chart = JSON.parse(dataNode.textContent);
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  Chart.defaults.animation = false;
  canvas.parentNode.style.height = window.innerWidth < 576 ? "220px" : "280px";
  new Chart(canvas, {
    type: "line",
    data: {
      labels: chart.labels,
      datasets: chart.datasets.map(function (d) {
        return { label: d.label, data: d.data, borderColor: d.color, backgroundColor: d.color, spanGaps: true, tension: 0.2 };
      })
    },
    options: {
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: chart.axis }, ticks: { callback: function (v) { return v + "%"; } } } },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
        tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + ctx.parsed.y + "%"; } } }
      }
    }
  });
  document.documentElement.dataset.chartsReady = "1";
})();
