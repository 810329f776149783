// A small SVG chart renderer for the alliancesim page: line charts with
// interval bands, a stacked area chart and stacked bars. No dependencies.
"use strict";
var Charts = (function () {
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    }
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, attrs) {
    var t = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function svg(host, w, h, label) {
    host.textContent = "";
    var s = el("svg", { viewBox: "0 0 " + w + " " + h, width: "100%", role: "img", "aria-label": label, preserveAspectRatio: "xMinYMin meet" }, host);
    var t = el("title", {}, s);
    t.textContent = label;
    return s;
  }
  function pct(p, d) {
    if (p === null || p === undefined || isNaN(p)) return "–";
    return (100 * p).toFixed(d === undefined ? 1 : d) + "%";
  }
  // niceTicks returns round tick values covering [0, max].
  function niceTicks(max, n) {
    if (!(max > 0)) max = 1;
    var raw = max / n, p = Math.pow(10, Math.floor(Math.log10(raw))), step = p;
    [1, 2, 2.5, 5, 10].some(function (m) { step = m * p; return raw <= step; });
    var ticks = [];
    for (var v = 0; v <= max + step * 1e-9; v += step) ticks.push(v);
    if (ticks[ticks.length - 1] < max - 1e-12) ticks.push(ticks[ticks.length - 1] + step);
    return ticks;
  }
  function frame(s, m, w, h, years, yTicks, yFmt, xLabel, yLabel) {
    var pw = w - m.l - m.r, ph = h - m.t - m.b;
    var y0 = yTicks[0], y1 = yTicks[yTicks.length - 1];
    var x = function (i) { return m.l + (years.length === 1 ? pw / 2 : i * pw / (years.length - 1)); };
    var y = function (v) { return m.t + ph - (v - y0) / (y1 - y0) * ph; };
    var g = el("g", { class: "axes" }, s);
    yTicks.forEach(function (v) {
      el("line", { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v), class: "grid" }, g);
      text(g, m.l - 6, y(v) + 4, yFmt(v), { "text-anchor": "end", class: "tick" });
    });
    var every = Math.max(1, Math.ceil(years.length / 10));
    years.forEach(function (yr, i) {
      if (i % every === 0 || i === years.length - 1) {
        el("line", { x1: x(i), x2: x(i), y1: m.t + ph, y2: m.t + ph + 4, class: "axis" }, g);
        text(g, x(i), m.t + ph + 17, String(yr), { "text-anchor": "middle", class: "tick" });
      }
    });
    el("line", { x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph, class: "axis" }, g);
    text(g, m.l + pw / 2, h - 6, xLabel, { "text-anchor": "middle", class: "label" });
    text(g, 14, m.t + ph / 2, yLabel, { "text-anchor": "middle", class: "label", transform: "rotate(-90 14 " + (m.t + ph / 2) + ")" });
    return { x: x, y: y, pw: pw, ph: ph };
  }
  function pathOf(pts) {
    return pts.map(function (p, i) { return (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1); }).join("");
  }

  // lines draws series [{name, cls, points: [{year, p, lo, hi}], dashed}]
  // with their bands.
  function lines(host, series, opts) {
    var w = 640, h = 226, m = { l: 58, r: 16, t: 26, b: 40 };
    var years = series[0].points.map(function (d) { return d.year; });
    var max = 0;
    series.forEach(function (s) { s.points.forEach(function (d) { max = Math.max(max, d.hi, d.p); }); });
    var ticks = niceTicks(Math.max(max * 1.08, 0.01), 5);
    var s = svg(host, w, h, opts.label);
    var f = frame(s, m, w, h, years, ticks, function (v) { return pct(v, v < 0.1 && ticks[1] < 0.01 ? 1 : 0); }, opts.xLabel, opts.yLabel);
    series.forEach(function (se) {
      var up = se.points.map(function (d, i) { return [f.x(i), f.y(d.hi)]; });
      var down = se.points.map(function (d, i) { return [f.x(i), f.y(d.lo)]; }).reverse();
      el("path", { d: pathOf(up.concat(down)) + "Z", class: "band " + se.cls }, s);
    });
    series.forEach(function (se) {
      el("path", { d: pathOf(se.points.map(function (d, i) { return [f.x(i), f.y(d.p)]; })), class: "line " + se.cls, "data-series": se.id }, s);
      se.points.forEach(function (d, i) {
        var c = el("circle", { cx: f.x(i), cy: f.y(d.p), r: 2.6, class: "dot " + se.cls }, s);
        var t = el("title", {}, c);
        t.textContent = se.name + ", " + d.year + ": " + pct(d.p) + " (95% " + pct(d.lo) + "–" + pct(d.hi) + ")";
      });
    });
    // Legend, top left.
    var lx = m.l + 8;
    series.forEach(function (se) {
      el("line", { x1: lx, x2: lx + 22, y1: 14, y2: 14, class: "line " + se.cls }, s);
      var t = text(s, lx + 28, 18, se.name, { class: "legend" });
      var tw = 0;
      try { tw = t.getComputedTextLength(); } catch (e) { tw = 0; }
      lx += 28 + (tw || se.name.length * 6.6) + 24;
    });
  }

  // stacked draws the share of runs on each rung by year.
  function stacked(host, years, names, rows, opts) {
    var w = 640, h = 178, m = { l: 58, r: 214, t: 8, b: 40 };
    var s = svg(host, w, h, opts.label);
    var f = frame(s, m, w, h, years, [0, 0.25, 0.5, 0.75, 1], function (v) { return pct(v, 0); }, opts.xLabel, opts.yLabel);
    var base = years.map(function () { return 0; });
    names.forEach(function (name, k) {
      var top = rows.map(function (r, i) { return base[i] + r[k]; });
      var up = top.map(function (v, i) { return [f.x(i), f.y(v)]; });
      var down = base.map(function (v, i) { return [f.x(i), f.y(v)]; }).reverse();
      var p = el("path", { d: pathOf(up.concat(down)) + "Z", class: "rung r" + k }, s);
      var t = el("title", {}, p);
      t.textContent = name + ": " + years.map(function (y, i) { return y + " " + pct(rows[i][k]); }).join(", ");
      base = top;
    });
    // Legend: top rung first, as stacked.
    text(s, w - m.r + 14, m.t + 11, "in " + years[years.length - 1] + ":", { class: "legend muted" });
    for (var k = names.length - 1, row = 1; k >= 0; k--, row++) {
      var ly = m.t + row * 18;
      el("rect", { x: w - m.r + 14, y: ly, width: 14, height: 14, class: "rung r" + k }, s);
      var last = rows[rows.length - 1][k];
      text(s, w - m.r + 34, ly + 11, names[k] + " " + pct(last, last > 0 && last < 0.01 ? 2 : 1), { class: "legend" });
    }
  }

  // bars draws horizontal stacked bars of shares: rows [{name, parts:
  // [v...], note}], parts named by partNames.
  function bars(host, rowsIn, partNames, opts) {
    var w = 640, rowH = 30, m = { l: 110, r: 16, t: 30, b: 20 };
    var h = m.t + m.b + rowH * rowsIn.length;
    var s = svg(host, w, h, opts.label);
    var pw = w - m.l - m.r;
    var lx = m.l;
    partNames.forEach(function (n, k) {
      el("rect", { x: lx, y: 8, width: 14, height: 14, class: "part p" + k }, s);
      text(s, lx + 20, 19, n, { class: "legend" });
      lx += 34 + n.length * 7;
    });
    rowsIn.forEach(function (r, i) {
      var y = m.t + i * rowH, x = m.l;
      text(s, m.l - 8, y + 17, r.name, { "text-anchor": "end", class: "tick" });
      r.parts.forEach(function (v, k) {
        if (!(v > 0)) return;
        var bw = v * pw;
        var rect = el("rect", { x: x, y: y + 4, width: bw, height: rowH - 10, class: "part p" + k }, s);
        var t = el("title", {}, rect);
        t.textContent = r.name + ": " + partNames[k] + " " + pct(v);
        if (bw > 44) text(s, x + bw / 2, y + 19, pct(v, 0), { "text-anchor": "middle", class: "inbar" + (k === 1 ? " dark" : "") });
        x += bw;
      });
    });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
      text(s, m.l + v * pw, h - 4, pct(v, 0), { "text-anchor": "middle", class: "tick" });
    });
  }

  return { lines: lines, stacked: stacked, bars: bars, pct: pct };
})();
