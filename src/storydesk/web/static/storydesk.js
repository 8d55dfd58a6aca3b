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

  var SVG = "http://www.w3.org/2000/svg";

  function svg(name, attrs, parent) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  /* The actor graph as SVG drawn with attributes (no inline styles, so the CSP holds). Drawn only where it
     can be read: 3 to 12 actors and a box at least 560 px wide; otherwise the ranked list says it all. */
  function actorGraph(data) {
    var box = document.getElementById("actor-graph");
    if (!box || !data || !data.nodes) return;
    var nodes = data.nodes.slice(0, 12);
    if (nodes.length < 3 || box.parentElement.clientWidth < 560) return;
    box.hidden = false;
    var W = 720, H = 420, cx = W / 2, cy = H / 2, r = Math.min(W, H) / 2 - 60;
    var maxM = Math.max.apply(null, nodes.map(function (n) { return n.mentions; }).concat([1]));
    var maxC = Math.max.apply(null, data.edges.map(function (e) { return e.count; }).concat([1]));
    var at = {};
    nodes.forEach(function (n, i) {
      var a = -Math.PI / 2 + 2 * Math.PI * i / nodes.length;
      at[n.id] = { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), a: a, size: 6 + 12 * n.mentions / maxM };
    });
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "Actor graph: " + nodes.length + " actors; the list below gives every link" }, box);
    data.edges.forEach(function (e) {
      var p = at[e.source], q = at[e.target];
      if (!p || !q) return;
      var tone = data.kind !== "events" ? "" : (e.tone > 0.1 ? " pos" : (e.tone < -0.1 ? " neg" : ""));
      var line = svg("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, "class": "edge" + tone,
        "stroke-width": (1 + 5 * e.count / maxC).toFixed(1) }, root);
      svg("title", {}, line).textContent = e.source + " → " + e.target + " (" + e.count + ")";
    });
    nodes.forEach(function (n) {
      var p = at[n.id];
      svg("circle", { cx: p.x, cy: p.y, r: p.size.toFixed(1), "class": "node" }, root);
      var right = Math.cos(p.a) >= -0.01;
      var label = svg("text", { x: p.x + (right ? 1 : -1) * (p.size + 6), y: p.y + 4, "class": "label",
        "text-anchor": Math.abs(Math.cos(p.a)) < 0.2 ? "middle" : (right ? "start" : "end") }, root);
      if (Math.abs(Math.cos(p.a)) < 0.2) { label.setAttribute("x", p.x); label.setAttribute("y", p.y + (Math.sin(p.a) > 0 ? p.size + 16 : -p.size - 8)); }
      label.textContent = n.id.length > 28 ? n.id.slice(0, 27) + "…" : n.id;
    });
  }

  function storyCharts() {
    var holder = document.getElementById("story-charts");
    if (!holder) return;
    var data = json(holder.textContent, {});
    actorGraph(data.graph);
    var canvas = document.getElementById("chart-coverage");
    var panel = canvas && canvas.closest("details");
    if (!window.Chart || !canvas) return;
    if (!panel || panel.open) { coverageChart(data.coverage); return; }
    panel.addEventListener("toggle", function once() {  /* drawn when first opened: a closed box has no size */
      if (!panel.open) return;
      panel.removeEventListener("toggle", once);
      coverageChart(data.coverage);
    });
  }

  /* Citation previews on tap and keyboard: a marker opens its popover instead of leaving the page; the
     popover's own link goes to the article. Escape, a second tap, or a tap elsewhere closes it. */
  function citations() {
    var open = null;
    function close(returnFocus) {
      if (!open) return;
      var marker = open.querySelector(".cite");
      open.classList.remove("open");
      marker.setAttribute("aria-expanded", "false");
      if (returnFocus) { marker.focus(); } else { marker.blur(); }
      open = null;
    }
    document.querySelectorAll(".cite-wrap").forEach(function (wrap) {
      var marker = wrap.querySelector(".cite"), pop = wrap.querySelector(".cite-pop");
      if (!marker || !pop) return;
      marker.setAttribute("aria-expanded", "false");
      marker.setAttribute("aria-controls", pop.id);
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "cite-close";
      btn.textContent = "Close";
      btn.addEventListener("click", function (ev) { ev.preventDefault(); close(true); });
      pop.insertBefore(btn, pop.firstChild);
      marker.addEventListener("click", function (ev) {
        ev.preventDefault();
        if (open === wrap) { close(false); return; }
        close(false);
        wrap.classList.add("open");
        marker.setAttribute("aria-expanded", "true");
        marker.focus();
        open = wrap;
      });
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(true); });
    document.addEventListener("click", function (ev) {
      if (open && !open.contains(ev.target)) close(false);
    });
  }

  /* New since your last visit: this browser remembers each story's size and brief version (localStorage, no
     account). A visit starts when this tab has no baseline yet (sessionStorage); what changed since the
     baseline is marked. */
  var SEEN = "storydesk.seen", BASE = "storydesk.baseline";

  function load(storage, key) {
    try { return json(storage.getItem(key) || "null", null); } catch (e) { return null; }
  }

  function visits() {
    var seen, baseline;
    try {
      seen = load(window.localStorage, SEEN) || {};
      baseline = load(window.sessionStorage, BASE);
      if (baseline === null) {
        baseline = seen;
        window.sessionStorage.setItem(BASE, JSON.stringify(baseline));
      }
    } catch (e) { return; }  /* storage off: nothing to remember */
    var known = Object.keys(baseline).length > 0;
    var fresh = 0, grown = 0;
    document.querySelectorAll(".story-card[data-story]").forEach(function (card) {
      var id = card.dataset.story, size = +card.dataset.size, before = baseline[id];
      var badge = null;
      if (known && !before) { badge = "new"; fresh++; } else if (known && before[0] < size) { badge = "+" + (size - before[0]) + " articles"; grown++; }
      if (badge) {
        var mark = document.createElement("span");
        mark.className = "new-badge";
        mark.textContent = badge;
        card.querySelector("h2").appendChild(mark);
        card.classList.add("is-new");
      }
      if (!seen[id] || seen[id][0] < size) seen[id] = [size, seen[id] ? seen[id][1] : 0];
    });
    var note = document.getElementById("visit-note");
    var story = document.querySelector(".story[data-story]");
    if (story) {
      var sid = story.dataset.story, ssize = +story.dataset.size, version = +story.dataset.version, was = baseline[sid];
      if (note && was && (was[0] < ssize || (was[1] && was[1] < version))) {
        var parts = [];
        if (was[0] < ssize) parts.push((ssize - was[0]) + " new article" + (ssize - was[0] === 1 ? "" : "s"));
        if (was[1] && was[1] < version) parts.push("brief v" + was[1] + " → v" + version);
        note.textContent = "Since your last visit: " + parts.join(", ") + ".";
        note.hidden = false;
      }
      seen[sid] = [ssize, Math.max(version, seen[sid] ? seen[sid][1] : 0)];
    }
    if (note && !story && known && (fresh || grown)) {
      note.textContent = "Since your last visit: " + fresh + " new stor" + (fresh === 1 ? "y" : "ies") + ", " + grown + " with new articles.";
      note.hidden = false;
    }
    try { window.localStorage.setItem(SEEN, JSON.stringify(seen)); } catch (e) { /* full or off */ }
  }

  /* The river's filters fold away on phones unless one is on. */
  function filters() {
    var box = document.querySelector("details.filters-box");
    if (box && !box.hasAttribute("data-active") && window.matchMedia("(max-width: 640px)").matches) box.open = false;
  }

  function start() {
    filters();
    if (window.Chart) {
      var css = getComputedStyle(document.body);
      window.Chart.defaults.font.family = css.fontFamily;
      window.Chart.defaults.color = css.getPropertyValue("--muted").trim() || "#5f6670";
      window.Chart.defaults.borderColor = css.getPropertyValue("--line").trim() || "#e3e1dc";
    }
    sparklines();
    storyCharts();
    citations();
    visits();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
