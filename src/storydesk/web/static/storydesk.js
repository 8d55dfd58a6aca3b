/* storydesk: charts and the actor graph, drawn from data the server put in the page (no inline scripts). */
(function () {
  "use strict";
  var PALETTE = ["#1f5f8b", "#d98b5f", "#4f8a5b", "#8a5a9e", "#c4a13a", "#4b9fb0", "#b5525c", "#7a7f87", "#9aa3ad"];

  function json(text, fallback) {
    try { return JSON.parse(text); } catch (e) { return fallback; }
  }

  function sparklines() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas.sparkline").forEach(function (canvas) {
      var values = json(canvas.dataset.values, []);
      var labels = json(canvas.dataset.labels, []);
      if (!values.length) return;
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: labels, datasets: [{ data: values, backgroundColor: "#8fb0cb", borderRadius: 1, barPercentage: .9, categoryPercentage: 1, maxBarThickness: 7, minBarLength: 2 }] },
        options: {
          responsive: false, animation: false, events: [],
          plugins: { legend: { display: false }, tooltip: { enabled: false } },
          scales: { x: { display: false }, y: { display: false, beginAtZero: true } }
        }
      });
    });
  }

  function wrap(text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if ((line + " " + w).length > width && line) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function timelineChart(data) {
    var el = document.getElementById("chart-timeline");
    if (!el || !data || !data.entries || !data.entries.length) return;
    var byDate = {};
    data.entries.forEach(function (e) { (byDate[e.date] = byDate[e.date] || []).push(e.text); });
    var dates = Object.keys(byDate).sort();
    new window.Chart(el, {
      type: "bar",
      data: { labels: dates, datasets: [{ label: "events", data: dates.map(function (d) { return byDate[d].length; }), backgroundColor: "#1f5f8b", maxBarThickness: 28 }] },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: {
          title: function (items) { return items[0].label; },
          label: function (item) { return byDate[item.label].reduce(function (acc, t) { return acc.concat(wrap(t, 60)); }, []); }
        } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "dated events" } } }
      }
    });
  }

  function coverageChart(data) {
    var el = document.getElementById("chart-coverage");
    if (!el || !data || !data.labels || !data.labels.length) return;
    new window.Chart(el, {
      type: "bar",
      data: { labels: data.labels, datasets: data.series.map(function (s, i) {
        return { label: s.name, data: s.values, backgroundColor: PALETTE[i % PALETTE.length], maxBarThickness: 36 };
      }) },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 10, font: { size: 11 } } } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "articles" } } }
      }
    });
  }

  function actorGraph(data) {
    var el = document.getElementById("actor-graph");
    if (!el || !window.cytoscape || !data || !data.nodes || !data.nodes.length) return;
    var maxM = Math.max.apply(null, data.nodes.map(function (n) { return n.mentions; }).concat([1]));
    var maxC = Math.max.apply(null, data.edges.map(function (e) { return e.count; }).concat([1]));
    var elements = data.nodes.map(function (n) {
      return { data: { id: "n:" + n.id, label: n.id, size: 18 + 30 * n.mentions / maxM } };
    }).concat(data.edges.map(function (e, i) {
      var colour = data.kind !== "events" ? "#b9bec5" : (e.tone > 0.1 ? "#4f8a5b" : (e.tone < -0.1 ? "#b5525c" : "#8a9098"));
      return { data: { id: "e" + i, source: "n:" + e.source, target: "n:" + e.target, width: 1 + 5 * e.count / maxC,
        colour: colour, label: (e.actions || []).join(", ") } };
    }));
    window.cytoscape({
      container: el, elements: elements, userZoomingEnabled: false, boxSelectionEnabled: false, maxZoom: 1.8, minZoom: 0.3,
      layout: { name: "cose", animate: false, padding: 20, nodeRepulsion: function () { return 9000; }, randomize: false },
      style: [
        { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)", "background-color": "#1f5f8b",
          "color": "#1f2328", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 110 } },
        { selector: "edge", style: { "width": "data(width)", "line-color": "data(colour)", "curve-style": "bezier",
          "target-arrow-shape": data.kind === "events" ? "triangle" : "none", "target-arrow-color": "data(colour)",
          "label": "data(label)", "font-size": 9, "color": "#5f6670", "text-rotation": "autorotate" } }
      ]
    });
  }

  function storyCharts() {
    var holder = document.getElementById("story-charts");
    if (!holder || !window.Chart) return;
    var data = json(holder.textContent, {});
    timelineChart(data.timeline);
    coverageChart(data.coverage);
    actorGraph(data.graph);
  }

  function start() {
    if (window.Chart) {
      window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
      window.Chart.defaults.color = "#5f6670";
    }
    sparklines();
    storyCharts();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
