// The alliancesim serve page: builds a slider for every weight and driver
// from /api/model, re-runs on every move (/api/run) and draws the result.
"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var pageId = "p" + Math.random().toString(36).slice(2) + Date.now().toString(36);
  var model = null, sc = 0, changes = {}, controls = {}, last = null;
  var inflight = false, pending = false, runs = 0;
  var announceTimer = null, announced = 0;

  function fmt(v) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    var a = Math.abs(v);
    if (a !== 0 && (a < 0.001 || a >= 1e5)) return v.toExponential(2);
    return String(Math.round(v * 1e6) / 1e6);
  }
  // short shows a value with at most 4 significant digits.
  function short(v) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(1);
    return String(parseFloat(v.toPrecision(4)));
  }
  function pp(d) {
    if (d === null || d === undefined || isNaN(d)) return "–";
    var s = (100 * d).toFixed(1);
    if (s === "-0.0") s = "0.0";
    return (d > 0 && s !== "0.0" ? "+" : s === "0.0" ? "±" : "") + s + " pp";
  }
  // notice shows a message in the bar under the header: errors go to the
  // role=alert element (read out at once), the rest to the polite status.
  function notice(msg, kind) {
    var n = $("notice"), a = $("alert");
    if (kind === "error") {
      n.textContent = "";
      n.className = "notice";
      a.textContent = msg || "";
      return;
    }
    a.textContent = "";
    n.textContent = msg || "";
    n.className = "notice" + (kind ? " " + kind : "");
  }
  // describe adds (on) or removes an id from an element's aria-describedby.
  function describe(el, id, on) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
    if (on) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  // invalid marks an input as refused, with msg as its description, or
  // (msg empty) clears that.
  function invalid(input, errEl, msg) {
    errEl.textContent = msg || "";
    input.classList.toggle("bad", !!msg);
    if (msg) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    describe(input, errEl.id, !!msg);
  }
  function post(path, body) {
    return fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json", "X-Page-Id": pageId },
      body: JSON.stringify(body), credentials: "same-origin"
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    });
  }
  function request(extra) {
    var b = { scenario: sc, draws: parseInt($("draws").value, 10) || model.draws, changes: changes };
    for (var k in extra) b[k] = extra[k];
    return b;
  }
  var dirWords = { "+": "raises P", "-": "lowers P", "±": "depends", "": "scale" };
  var dirClass = { "+": "up", "-": "down", "±": "mixed", "": "scale" };

  function safeId(id) { return id.replace(/[^A-Za-z0-9]/g, "-"); }

  function buildControl(c) {
    var sid = safeId(c.id);
    var box = document.createElement("div");
    box.className = "ctl";
    box.id = "c-" + sid;
    box.dataset.id = c.id;
    var row = document.createElement("div");
    row.className = "row1";
    var lab = document.createElement("label");
    lab.htmlFor = "r-" + sid;
    lab.textContent = c.label;
    // A weight and a driver may share a label (regime similarity): the
    // accessible name tells them apart.
    var name = c.label;
    if (c.kind === "weight") {
      var kw = document.createElement("span");
      kw.className = "sr-only";
      kw.textContent = " (weight)";
      lab.append(kw);
      name += " (weight)";
    }
    var dir = document.createElement("span");
    dir.className = "dir " + dirClass[c.direction || ""];
    dir.textContent = dirWords[c.direction || ""];
    dir.title = "a higher value " + (c.direction === "+" ? "raises" : c.direction === "-" ? "lowers" : "has a mixed effect on") + " P(alliance)";
    var num = document.createElement("input");
    num.type = "number";
    num.id = "n-" + sid;
    num.min = c.min; num.max = c.max; num.step = "any";
    num.value = short(c.start);
    num.setAttribute("aria-label", name + ", exact value");
    var err = document.createElement("span");
    err.className = "sr-only";
    err.id = "e-" + sid;
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "undo";
    undo.textContent = "↺";
    undo.title = "back to the starting value";
    undo.id = "u-" + sid;
    undo.setAttribute("aria-label", "Reset " + name);
    row.append(lab, dir, num, undo);
    var range = document.createElement("input");
    range.type = "range";
    range.id = "r-" + sid;
    range.min = Math.min(c.slider_min, c.start);
    range.max = Math.max(c.slider_max, c.start);
    range.step = c.step;
    range.value = c.start;
    range.setAttribute("aria-describedby", "d-" + sid + " m-" + sid);
    range.setAttribute("aria-keyshortcuts", "Escape");
    range.setAttribute("aria-valuetext", valueText(c, c.start));
    var doc = document.createElement("p");
    doc.className = "doc";
    doc.id = "d-" + sid;
    doc.textContent = c.doc ? c.doc.charAt(0).toUpperCase() + c.doc.slice(1) + (/[.!?]$/.test(c.doc) ? "" : ".") : "";
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.id = "m-" + sid;
    var parts = [];
    if (c.default !== undefined && c.default !== null) parts.push("default " + fmt(c.default));
    parts.push("allowed " + fmt(c.min) + " to " + fmt(c.max));
    if (c.prior_lo !== undefined && c.prior_lo !== null) parts.push("plausible " + fmt(c.prior_lo) + "–" + fmt(c.prior_hi));
    if (c.dist) parts.push("scenario: " + c.dist + ", median " + short(c.start));
    else if (c.origin === "scenario") parts.push("scenario: " + fmt(c.start));
    else if (c.origin === "settings") parts.push("start " + fmt(c.start) + " (your settings)");
    meta.textContent = parts.join(" · ");
    box.append(row, range, doc, meta, err);
    if (c.source) {
      var src = document.createElement("p");
      src.className = "src";
      src.textContent = "Source: " + c.source;
      box.append(src);
    }
    var setValue = function (v, from) {
      if (from !== "num") num.value = fmt(v);
      if (from !== "range") range.value = v;
      range.setAttribute("aria-valuetext", valueText(c, v));
    };
    var moved = function (v) {
      changes[c.id] = v;
      box.classList.add("changed");
      schedule();
    };
    range.addEventListener("input", function () {
      var v = parseFloat(range.value);
      setValue(v, "range");
      invalid(num, err, "");
      moved(v);
    });
    num.addEventListener("change", function () {
      var v = parseFloat(num.value);
      if (isNaN(v) || v < c.min || v > c.max) {
        var msg = c.label + ": " + (num.value === "" ? "not a number" : num.value + " is outside the allowed range") +
          "; use " + fmt(c.min) + " to " + fmt(c.max) + ".";
        invalid(num, err, msg);
        notice(msg, "error");
        return;
      }
      invalid(num, err, "");
      setValue(v, "num");
      moved(v);
    });
    undo.addEventListener("click", function () { resetOne(c.id); schedule(); });
    // Escape on the slider or its number puts the control back to its
    // starting value (the ↺ button does the same).
    var escape = function (e) {
      if (e.key !== "Escape" || !(c.id in changes || num.classList.contains("bad"))) return;
      e.preventDefault();
      resetOne(c.id);
      schedule();
    };
    range.addEventListener("keydown", escape);
    num.addEventListener("keydown", escape);
    controls[c.id] = { c: c, box: box, set: setValue, num: num, err: err };
    return box;
  }

  function resetOne(id) {
    var k = controls[id];
    if (!k) return;
    delete changes[id];
    k.set(k.c.start);
    k.num.value = short(k.c.start);
    invalid(k.num, k.err, "");
    k.box.classList.remove("changed");
  }

  function build() {
    var s = model.scenarios[sc];
    controls = {};
    changes = {};
    var host = $("groups");
    host.textContent = "";
    var parts = { drivers: "Drivers: the world the scenario describes", weights: "Weights: how the model reads it" };
    var seen = {};
    s.groups.forEach(function (g) {
      if (!seen[g.part]) {
        seen[g.part] = true;
        var h = document.createElement("h3");
        h.textContent = parts[g.part] || g.part;
        host.append(h);
      }
      var d = document.createElement("details");
      d.open = true;
      d.className = "group";
      d.id = "g-" + g.id;
      var sum = document.createElement("summary");
      var sec = document.createElement("span");
      sec.className = "sec";
      sec.textContent = "§" + g.section;
      sum.append(sec, document.createTextNode(" " + g.title + " "));
      var cnt = document.createElement("span");
      cnt.className = "count";
      cnt.textContent = g.controls.length === 1 ? "1 control" : g.controls.length + " controls";
      sum.append(cnt);
      var p = document.createElement("p");
      p.className = "gdoc";
      p.textContent = g.doc;
      d.append(sum, p);
      g.controls.forEach(function (c) { d.append(buildControl(c)); });
      host.append(d);
    });
    $("question").textContent = "P(defence alliance between " + s.actors[0] + " and " + s.actors[1] + " by end " + s.end_year + ")";
    document.title = "alliancesim: " + s.name;
  }

  // valueText is a slider's aria-valuetext: the value, then the starting
  // value and the model's default for comparison.
  function valueText(c, v) {
    var t = short(v);
    t += short(v) === short(c.start) ? ", the starting value" : ", start " + short(c.start);
    if (c.default !== undefined && c.default !== null) t += short(v) === short(c.default) ? ", the default" : ", default " + short(c.default);
    return t;
  }

  // announce reads the headline out once, through the polite live region,
  // after the re-runs have settled: a drag or a held arrow key that asks
  // for several runs gives one announcement, of the last.
  function announce() {
    announceTimer = null;
    if (!last || inflight) return;
    var r = last, s = model.scenarios[sc];
    var now = r.current.by_horizon, st = r.start.by_horizon;
    var t = "P(alliance by end " + s.end_year + ") " + Charts.pct(now.p) + ", 95% interval " + Charts.pct(now.lo) + " to " + Charts.pct(now.hi) + "; " +
      (r.changed.length ? "change " + pp(r.diff.delta).replace("±", "") + " from the starting point " + Charts.pct(st.p) + "."
        : "at the starting point.");
    var a = $("announce");
    // The same words twice would not be read again: vary a trailing space.
    if (a.textContent.replace(/\u00a0$/, "") === t && !/\u00a0$/.test(a.textContent)) t += "\u00a0";
    a.textContent = t;
    announced++;
    document.body.dataset.announced = String(announced);
  }

  function schedule() {
    if (announceTimer) { clearTimeout(announceTimer); announceTimer = null; }
    if (inflight) { pending = true; return; }
    run();
  }

  function run() {
    inflight = true;
    pending = false;
    document.body.dataset.state = "running";
    var sent = JSON.stringify(changes);
    post("/api/run", request()).then(function (r) {
      inflight = false;
      if (r.status === 200) {
        last = r.body;
        last.sent = sent;
        render(r.body);
        runs++;
        document.body.dataset.runs = String(runs);
        if (!pending) {
          notice("");
          announceTimer = setTimeout(announce, 350);
        }
      } else if (r.status !== 499) {
        notice(r.body.error || ("error " + r.status), "error");
        markProblems(r.body.problems);
      }
      if (pending) run(); else document.body.dataset.state = "idle";
    }).catch(function (e) {
      inflight = false;
      document.body.dataset.state = "idle";
      notice("The server did not answer (" + e.message + "). Is alliancesim serve still running?", "error");
    });
  }

  function markProblems(ps) {
    (ps || []).forEach(function (p) {
      var k = controls[p.field];
      if (k) invalid(k.num, k.err, k.c.label + ": " + (p.message || "refused") + ".");
      else if (p.field === "draws") invalid($("draws"), $("draws-err"), "Draws: " + (p.message || "refused") + ".");
    });
  }

  function render(r) {
    var s = model.scenarios[sc];
    var now = r.current.by_horizon, st = r.start.by_horizon;
    var pn = $("p-now");
    pn.textContent = Charts.pct(now.p);
    pn.dataset.p = String(now.p);
    $("ci-now").textContent = "95% interval " + Charts.pct(now.lo) + "–" + Charts.pct(now.hi);
    var ps = $("p-start");
    ps.textContent = Charts.pct(st.p);
    ps.dataset.p = String(st.p);
    $("ci-start").textContent = "(" + Charts.pct(st.lo) + "–" + Charts.pct(st.hi) + ")";
    var d = $("delta");
    d.textContent = pp(r.diff.delta);
    d.dataset.delta = String(r.diff.delta);
    d.className = r.diff.lo > 0 ? "up" : r.diff.hi < 0 ? "down" : "";
    $("delta-ci").textContent = r.changed.length ? "paired 95% interval " + pp(r.diff.lo) + " to " + pp(r.diff.hi) +
      " (" + r.diff.only_changed.toLocaleString("en") + " runs gain a pact, " + r.diff.only_start.toLocaleString("en") + " lose one)" : "nothing changed yet";
    $("run-meta").textContent = r.draws.toLocaleString("en") + " draws · seed " + r.seed + " · " + Math.round(r.elapsed_ms) + " ms · " +
      (r.changed.length ? r.changed.length + " changed: " + r.changed.map(function (id) { return controls[id] ? controls[id].c.label : id; }).join(", ") : "at the starting point");
    Charts.lines($("chart-p"), [
      { id: "start", name: "starting point", cls: "s-start", points: r.start.by_year },
      { id: "current", name: "current settings", cls: "s-now", points: r.current.by_year }
    ], { label: "P(alliance formed by year): current " + Charts.pct(now.p) + " by " + s.end_year + ", starting point " + Charts.pct(st.p),
         xLabel: "year (P at its end)", yLabel: "P(alliance formed), %" });
    var years = r.current.states.by_year.map(function (y) { return y.year; });
    Charts.stacked($("chart-states"), years, r.current.states.names, r.current.states.by_year.map(function (y) { return y.p; }),
      { label: "Share of runs on each rung of the ladder by year; in " + years[years.length - 1] + ": " +
        r.current.states.names.map(function (n, k) { return n + " " + Charts.pct(r.current.states.by_year[years.length - 1].p[k]); }).join(", ") +
        " (P(alliance by end " + s.end_year + ") " + Charts.pct(now.p) + ")", xLabel: "year (state at its end)", yLabel: "share of runs" });
    var b = function (v, name) {
      return { name: name, parts: [v.blocking.only_first, v.blocking.only_second, v.blocking.both] };
    };
    Charts.bars($("chart-block"), [b(r.start, "starting point"), b(r.current, "current")],
      [s.actors[0] + " alone", s.actors[1] + " alone", "both"],
      { label: "Consent withheld at P(alliance by end " + s.end_year + ") " + Charts.pct(now.p) + ": " + s.actors[0] + " alone " + Charts.pct(r.current.blocking.only_first) + ", " + s.actors[1] + " alone " +
        Charts.pct(r.current.blocking.only_second) + ", both " + Charts.pct(r.current.blocking.both) });
    $("chart-block").dataset.occasions = String(r.current.blocking.occasions);
    $("rerun").textContent = r.rerun;
    $("rerun-note").textContent = r.rerun_note || "";
  }

  var confirmAction = null, confirmReturn = null;
  function closeConfirm(msg) {
    $("confirm").hidden = true;
    if (msg) notice(msg);
    if (confirmReturn && document.activeElement && $("confirm").contains(document.activeElement)) confirmReturn.focus();
  }
  function save(kind) {
    var path = kind === "config" ? "/api/save/config" : "/api/save/scenario";
    var go = function (overwrite) {
      post(path, request({ overwrite: overwrite })).then(function (r) {
        if (r.status === 200) {
          closeConfirm();
          notice("Saved " + r.body.path + (r.body.replaced ? " (replaced)" : "") + "." +
            (r.body.warnings ? " Note: " + r.body.warnings.join("; ") + "." : ""), "ok");
          document.body.dataset.saved = r.body.path;
        } else if (r.status === 409 && r.body.exists) {
          $("confirm-text").textContent = r.body.path + " already exists. Replace it?";
          confirmAction = function () { go(true); };
          $("confirm").hidden = false;
          confirmReturn = $(kind === "config" ? "save-config" : "save-scenario");
          $("confirm-no").focus();
        } else {
          notice(r.body.error || ("error " + r.status), "error");
          markProblems(r.body.problems);
        }
      });
    };
    go(false);
  }

  function copyRerun() {
    var t = $("rerun").textContent;
    var done = function () { notice("Copied: " + t, "ok"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(t).then(done, function () { fallbackCopy(t); done(); });
    } else { fallbackCopy(t); done(); }
  }
  function fallbackCopy(t) {
    var was = document.activeElement;
    var ta = document.createElement("textarea");
    ta.value = t;
    ta.setAttribute("aria-hidden", "true");
    ta.className = "sr-only";
    document.body.append(ta);
    ta.select();
    try { document.execCommand("copy"); } catch (e) { /* the text is shown under Rerun command */ }
    ta.remove();
    if (was && was.focus) was.focus();
    document.querySelector("details.rerun").open = true;
  }

  function start() {
    fetch("/api/model", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (m) {
      model = m;
      $("draws").value = m.draws;
      $("draws").min = m.min_draws;
      $("draws").max = m.max_draws;
      $("seed").textContent = m.seed;
      if (m.scenarios.length > 1) {
        $("scenario-wrap").hidden = false;
        m.scenarios.forEach(function (s, i) {
          var o = document.createElement("option");
          o.value = i;
          o.textContent = s.name;
          $("scenario").append(o);
        });
      }
      build();
      schedule();
    }).catch(function (e) { notice("Cannot load the model: " + e.message, "error"); });
    $("scenario").addEventListener("change", function () { sc = parseInt($("scenario").value, 10); build(); schedule(); });
    $("draws").addEventListener("change", function () {
      var v = parseInt($("draws").value, 10);
      if (!(v >= model.min_draws && v <= model.max_draws)) {
        var msg = "Draws: use " + model.min_draws + " to " + model.max_draws.toLocaleString("en") + ".";
        invalid($("draws"), $("draws-err"), msg);
        notice(msg, "error");
        return;
      }
      invalid($("draws"), $("draws-err"), "");
      schedule();
    });
    $("reset").addEventListener("click", function () { Object.keys(controls).forEach(resetOne); schedule(); });
    $("save-config").addEventListener("click", function () { save("config"); });
    $("save-scenario").addEventListener("click", function () { save("scenario"); });
    $("copy-rerun").addEventListener("click", copyRerun);
    $("confirm-yes").addEventListener("click", function () { if (confirmAction) confirmAction(); });
    $("confirm-no").addEventListener("click", function () { closeConfirm("Not saved."); });
    $("confirm").addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); closeConfirm("Not saved."); }
    });
  }
  start();
})();
