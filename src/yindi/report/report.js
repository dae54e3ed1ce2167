/* yindi report: figures drawn when their section opens, one province at a time, sortable and
   filterable tables with a CSV download, a region search box and the opportunity table whose
   weights the reader sets. Offline: nothing is fetched. The page sets window.YINDI = {config,
   words, regions} before this script. */
(function () {
  "use strict";
  var Y = window.YINDI || {config: {}, words: {}, regions: {}};
  var W = Y.words;
  var secs = Array.prototype.slice.call(document.querySelectorAll("section.province"));
  var sel = document.getElementById("province-select");

  function slug(r) {
    return "p-" + String(r).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function each(root, css, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(css), fn);
  }

  // -- figures: drawn from their JSON block the first time they are visible -------------------
  function onMapClick(e) {
    var p = e && e.points && e.points[0];
    var r = p && p.data && p.data.meta;
    if (typeof r === "string" && secs.some(function (s) { return s.id === slug(r); })) {
      location.hash = slug(r);
    }
  }
  var sharedCache = {};
  function sharedTrace(key) {  // a trace every region's figure repeats, kept once in the page
    if (!sharedCache[key]) {
      sharedCache[key] = document.querySelector("script[data-shared='" + key + "']").textContent;
    }
    return JSON.parse(sharedCache[key]);
  }
  function draw(div) {
    if (!window.Plotly || div.getAttribute("data-drawn")) return;
    var block = document.querySelector("script[data-plot='" + div.id + "']");
    if (!block) return;
    div.setAttribute("data-drawn", "1");
    div.style.height = "";
    var fig = JSON.parse(block.textContent);
    fig.data = fig.data.map(function (d) { return d._shared ? sharedTrace(d._shared) : d; });
    var width = div.clientWidth;
    if (div.id.indexOf("fig-map") === 0 && width && width < 600 && fig.layout.height) {
      // A map keeps its aspect: on a narrow screen a fixed height leaves bands above and below.
      // Its legend goes under it instead of over the western provinces.
      var items = fig.data.filter(function (d) { return d.showlegend !== false; }).length;
      fig.layout.height = Math.max(260, Math.round(fig.layout.height * width / 600)) + 18 * items;
      fig.layout.legend = Object.assign({}, fig.layout.legend, {y: 0, yanchor: "top"});
    }
    Plotly.newPlot(div, fig.data, fig.layout, Y.config);
    if (div.id.indexOf("fig-map") === 0 && div.on) div.on("plotly_click", onMapClick);
  }
  function drawIn(root) {
    each(root, "div.plot", function (d) {
      if (d.offsetParent === null) return;
      if (d.getAttribute("data-drawn")) Plotly.Plots.resize(d); else draw(d);
    });
  }

  // -- tables: sort on a header click, filter, CSV ----------------------------------------------
  function value(td) {
    var v = td.getAttribute("data-v");
    return v === null ? td.textContent : v;
  }
  function sortBy(th) {
    var table = th.closest("table");
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    each(th.parentNode, "th", function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[col]), y = value(b.cells[col]);
      var nx = parseFloat(x), ny = parseFloat(y);
      var numeric = a.cells[col].hasAttribute("data-v") || b.cells[col].hasAttribute("data-v");
      if (numeric) {  // unknown (empty) last in either direction
        if (isNaN(nx) || isNaN(ny)) return isNaN(nx) - isNaN(ny);
        return asc ? nx - ny : ny - nx;
      }
      return asc ? x.localeCompare(y) : y.localeCompare(x);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function csvField(text, raw) {
    var s = String(text);
    if (!raw && /^[=+\-@\t\r]/.test(s)) s = "'" + s;  // spreadsheets must not run it
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function tableCsv(table) {
    var lines = [];
    each(table, "tr", function (tr) {
      if (tr.style.display === "none") return;
      lines.push(Array.prototype.map.call(tr.cells, function (c) {
        return csvField(value(c), c.hasAttribute("data-v"));
      }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";  // UTF-8 BOM: Excel reads the Chinese
  }
  function download(name, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
    a.download = name + ".csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function filterRows(table, text) {
    var q = text.trim().toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      tr.style.display = !q || tr.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
    });
  }
  function tools(table) {
    if (table.getAttribute("data-tools")) return;
    table.setAttribute("data-tools", "1");
    var bar = document.createElement("div");
    bar.className = "tools";
    if (table.tBodies[0] && table.tBodies[0].rows.length > 10) {
      var box = document.createElement("input");
      box.type = "search";
      box.className = "filter";
      box.placeholder = W.filter;
      box.addEventListener("input", function () { filterRows(table, box.value); });
      bar.appendChild(box);
    }
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "csv";
    btn.textContent = W.csv;
    btn.title = W.csv_title;
    btn.addEventListener("click", function () {
      download(table.getAttribute("data-name") || "table", tableCsv(table));
    });
    bar.appendChild(btn);
    table.parentNode.insertBefore(bar, table);
  }
  document.addEventListener("click", function (e) {
    var th = e.target.closest && e.target.closest("thead th");
    if (th) sortBy(th);
  });

  // -- the opportunity table: scores recomputed from the reader's weights ------------------------
  // score = w_f feasibility + (1 - w_f) (a_c complexity + a_g gain + a_n national value) / (a_c +
  // a_g + a_n): the plan's cultivate score, which the presets reproduce for each approach.
  function fmt(x, d) { return x === null || isNaN(x) ? "–" : x.toFixed(d); }
  function oppScores(spec, w) {
    var a = w.complexity + w.gain + w.national_value;
    return spec.rows.map(function (r) {
      var attr = a > 0 ? (w.complexity * r.complexity + w.gain * r.gain +
        w.national_value * r.national_value) / a : NaN;
      return w.feasibility * r.feasibility + (1 - w.feasibility) * attr;
    });
  }
  function oppBuild(root) {
    if (root.getAttribute("data-built")) return;
    root.setAttribute("data-built", "1");
    var spec = JSON.parse(root.querySelector("script[type='application/json']").textContent);
    spec.rows.forEach(function (r) {  // unknown figures come as null: never counted as 0
      ["feasibility", "complexity", "gain", "national_value", "fit", "national_rank"]
        .forEach(function (k) { if (r[k] === null) r[k] = NaN; });
    });
    var w = {};
    var sliders = {};
    var table = root.querySelector("table");
    var body = table.tBodies[0];
    var stageBox = root.querySelector("select.stage");
    var text = root.querySelector("input.filter");
    var keys = ["feasibility", "complexity", "gain", "national_value"];
    function render() {
      var scores = oppScores(spec, w);
      var order = spec.rows.map(function (r, k) { return k; });
      order.sort(function (i, j) {
        var a = scores[i], b = scores[j];
        if (isNaN(a) || isNaN(b)) return isNaN(a) - isNaN(b);
        return b - a || (spec.rows[i].id < spec.rows[j].id ? -1 : 1);
      });
      var q = (text.value || "").trim().toLowerCase();
      var stage = stageBox.value;
      body.innerHTML = "";
      var rank = 0;
      order.forEach(function (k) {
        var r = spec.rows[k];
        if (stage && r.stage !== stage) return;
        if (q && r.search.indexOf(q) < 0) return;
        rank += 1;
        var tr = document.createElement("tr");
        if (r.excluded) tr.className = "excluded";
        var cells = [
          [String(rank), rank], [r.name, null], [r.stage_label, null],
          [fmt(scores[k], 3), scores[k]], [fmt(r.feasibility, 2), r.feasibility],
          [r.national, r.national_rank], [fmt(r.fit, 2), r.fit],
          [fmt(r.complexity, 2), r.complexity], [fmt(r.gain, 2), r.gain],
          [fmt(r.national_value, 2), r.national_value], [r.note, null]];
        cells.forEach(function (c, i) {
          var td = document.createElement("td");
          td.textContent = c[0];
          if (c[1] !== null && c[1] !== undefined && !isNaN(c[1])) td.setAttribute("data-v", c[1]);
          if (i === 1 || i === 2 || i === 10) td.className = "t";
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      root.querySelector(".weights-now").textContent = keys.map(function (k) {
        return spec.labels[k] + " " + w[k].toFixed(2);
      }).join(" · ");
    }
    function setWeights(preset) {
      keys.forEach(function (k) { w[k] = preset[k]; sliders[k].value = preset[k]; });
      each(root, "button.preset", function (b) { b.classList.remove("on"); });
    }
    keys.forEach(function (k) {
      sliders[k] = root.querySelector("input[data-w='" + k + "']");
      sliders[k].addEventListener("input", function () {
        w[k] = parseFloat(sliders[k].value);
        each(root, "button.preset", function (b) { b.classList.remove("on"); });
        render();
      });
    });
    each(root, "button.preset", function (b) {
      b.addEventListener("click", function () {
        setWeights(spec.presets[b.getAttribute("data-preset")]);
        b.classList.add("on");
        render();
      });
    });
    stageBox.addEventListener("change", render);
    text.addEventListener("input", render);
    setWeights(spec.presets[spec.approach]);
    var own = root.querySelector("button.preset[data-preset='" + spec.approach + "']");
    if (own) own.classList.add("on");
    render();
  }

  // -- one province at a time -------------------------------------------------------------------
  function show(id, scroll) {
    var hit = secs.filter(function (s) { return s.id === id; })[0] || secs[0];
    if (!hit) return;
    secs.forEach(function (s) { s.classList.toggle("active", s === hit); });
    if (sel) sel.value = hit.id;
    each(hit, "div.opp", oppBuild);
    drawIn(hit);
    if (scroll) hit.scrollIntoView();
  }
  if (sel) sel.addEventListener("change", function () { location.hash = sel.value; });
  window.addEventListener("hashchange", function () {
    var h = location.hash.slice(1);
    if (h.indexOf("p-") === 0) show(h, true);
  });
  var search = document.getElementById("region-search");
  if (search) {
    var go = function () {
      var key = search.value.trim().toLowerCase();
      var id = Y.regions[key];
      if (id) { location.hash = id; search.value = ""; }
    };
    search.addEventListener("change", go);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
  }
  each(document, "table", tools);
  var h = location.hash.slice(1);
  show(h.indexOf("p-") === 0 ? h : (sel ? sel.value : ""), h.indexOf("p-") === 0);
  // plotly.js waits in a text block and runs once the page has loaded and painted, so the
  // text and tables are readable first; then the open region's figures and the national ones,
  // one per task, so the page answers while they are drawn.
  function drawNational() {
    var queue = Array.prototype.filter.call(document.querySelectorAll("div.plot"), function (d) {
      return !d.closest("section.province");
    });
    (function next() {
      var d = queue.shift();
      if (!d) return;
      draw(d);
      setTimeout(next, 0);
    })();
  }
  function startPlotly() {
    var src = document.getElementById("plotly-js");
    if (window.Plotly || !src) { drawAfterPlotly(); return; }
    var s = document.createElement("script");
    s.src = URL.createObjectURL(new Blob([src.textContent], {type: "text/javascript"}));
    s.onload = function () { URL.revokeObjectURL(s.src); drawAfterPlotly(); };
    document.head.appendChild(s);
  }
  function drawAfterPlotly() {
    var open = secs.filter(function (x) { return x.classList.contains("active"); })[0];
    if (open) drawIn(open);
    drawNational();
  }
  if (document.readyState === "complete") setTimeout(startPlotly, 0);
  else window.addEventListener("load", function () { setTimeout(startPlotly, 0); });
  window.addEventListener("beforeprint", function () { each(document, "div.plot", draw); });
  window.yindiReport = {draw: draw, show: show, scores: oppScores};
})();
