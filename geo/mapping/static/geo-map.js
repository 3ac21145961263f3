/* geo's map page: draws the map from the page's JSON data block.
 *
 * Everything in the data that came from an article or a place record is untrusted: it
 * is only ever put in the page with textContent / text nodes, and links are kept only
 * when they are http(s) or one of geo's article pages (safeHref).
 *
 * Layers live in lib/geo/layers/<kind>.js and register GeoMap.layers[kind] =
 * function (spec, app) -> Leaflet layer (or null). This file holds what they share: the
 * app, its filters (kind, time, article/source) and the view kept in the URL; popup.js,
 * search.js, export.js and panel.js add their parts to GeoMap.App; the page calls
 * GeoMap.start() once every script has loaded.
 */
(function () {
  "use strict";

  var GeoMap = window.GeoMap = { layers: {} };
  var ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* Only http(s) URLs and geo's own article pages may become links. */
  function safeHref(h) {
    if (typeof h !== "string") { return null; }
    if (/^https?:\/\/[^\s<>"'`\\]+$/i.test(h)) { return h; }
    if (/^articles\/[A-Za-z0-9_-]+\.html(#m-\d+)?$/.test(h)) { return h; }
    return null;
  }
  GeoMap.safeHref = safeHref;

  /* Search key: no accents, no case, no apostrophes, hyphens or spaces. */
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\s'’ʼ`\-‐.,()]+/g, "");
  }
  GeoMap.fold = fold;
  GeoMap.el = el;
  GeoMap.plural = plural;

  function status(text, isError) {
    var box = document.getElementById("geo-status");
    var t = document.getElementById("geo-status-text");
    if (!box || !t) { return; }
    box.hidden = false;
    box.classList.toggle("geo-status-error", !!isError);
    t.textContent = text;
  }

  /* ------------------------------------------------------------------ URL state */

  function readHash(app) {
    var out = {};
    var params;
    try { params = new URLSearchParams(location.hash.replace(/^#/, "")); } catch (e) { return out; }
    var v = (params.get("map") || "").split("/").map(Number);
    if (v.length === 3 && v.every(isFinite) && v[0] >= 0 && v[0] <= 20 && Math.abs(v[1]) <= 90 && Math.abs(v[2]) <= 360) {
      out.view = { zoom: v[0], center: [v[1], v[2]] };
    }
    if (params.has("kinds")) {
      var kinds = params.get("kinds").split(",").filter(function (k) { return app.kindInfo.hasOwnProperty(k); });
      // "kinds=" alone means none; a list of unknown words is ignored
      if (kinds.length || !params.get("kinds")) { out.kinds = kinds; }
    }
    ["from", "to"].forEach(function (k) {
      var d = params.get(k);
      if (d && ISO_DAY.test(d)) { out[k] = d; }
    });
    if (params.has("undated")) { out.undated = params.get("undated") !== "0"; }
    var sel = params.get("sel") || "";
    var m = /^([asg]):(\d{1,7})$/.exec(sel);
    if (m) {
      var n = Number(m[2]);
      var size = { a: app.data.articles.length, s: app.data.sources.length, g: app.data.groups.length }[m[1]];
      if (n < size) { out.sel = sel; }
    }
    return out;
  }

  function writeHash(app) {
    var c = app.map.getCenter();
    var p = new URLSearchParams();
    p.set("map", [app.map.getZoom(), c.lat.toFixed(4), c.lng.toFixed(4)].join("/"));
    var all = Object.keys(app.kindInfo).filter(function (k) { return app.present[k]; });
    var on = all.filter(function (k) { return app.state.kinds[k]; });
    if (on.length !== all.length) { p.set("kinds", on.join(",")); }
    if (app.state.from && app.state.from !== app.dates[0]) { p.set("from", app.state.from); }
    if (app.state.to && app.state.to !== app.dates[app.dates.length - 1]) { p.set("to", app.state.to); }
    if (!app.state.undated) { p.set("undated", "0"); }
    if (app.state.sel) { p.set("sel", app.state.sel); }
    try { history.replaceState(null, "", "#" + p.toString()); } catch (e) { /* file:// in some browsers */ }
  }

  /* ------------------------------------------------------------------ the app */

  function App(data) {
    var app = this;
    this.data = data;
    this.kindInfo = {};
    data.kinds.forEach(function (k) { app.kindInfo[k[0]] = { color: k[1], label: k[2], minor: k[3] }; });
    this.present = {};
    data.places.forEach(function (p) { app.present[p.k] = (app.present[p.k] || 0) + 1; });
    var days = {};
    data.articles.forEach(function (a) { if (a.k && a.d) { days[a.d] = true; } });
    this.dates = Object.keys(days).sort();
    this.nUndated = data.articles.filter(function (a) { return a.k && !a.d; }).length;
    this.state = { kinds: {}, from: this.dates[0] || "", to: this.dates[this.dates.length - 1] || "", undated: true, sel: "" };
    Object.keys(this.kindInfo).forEach(function (k) { app.state.kinds[k] = true; });
    this.listeners = [];
    this.articleOk = [];
    this.visible = [];
    this.markers = null;  // set by the places layer: one per place, same order

    var hash = readHash(this);
    if (hash.kinds) {
      Object.keys(this.state.kinds).forEach(function (k) { app.state.kinds[k] = hash.kinds.indexOf(k) >= 0; });
    }
    if (hash.from) { this.state.from = hash.from; }
    if (hash.to) { this.state.to = hash.to; }
    if (hash.undated !== undefined) { this.state.undated = hash.undated; }
    if (hash.sel) { this.state.sel = hash.sel; }

    this.map = L.map("geo-map", { zoomControl: true, worldCopyJump: true, minZoom: 1, maxZoom: 18 });
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
    data.credits.forEach(function (c) { app.map.attributionControl.addAttribution(c); });
    L.control.scale().addTo(this.map);
    if (hash.view) {
      this.map.setView(hash.view.center, hash.view.zoom);
    } else {
      this.fitMentions();
    }
    this.computeFilters();
  }

  App.prototype.fitMentions = function () {
    var b = this.data.view && this.data.view.bounds;
    if (b) {
      // leave the panel's side free on wide screens
      var right = window.innerWidth > 700 ? 300 : 20;
      this.map.fitBounds(b, { paddingTopLeft: [40, 40], paddingBottomRight: [right, 40], maxZoom: 9 });
    } else {
      this.map.setView([30, 10], 2);
    }
  };
  App.prototype.fitWorld = function () { this.map.setView([25, 10], 2); };
  App.prototype.onRefresh = function (fn) { this.listeners.push(fn); };

  App.prototype.computeFilters = function () {
    var st = this.state, data = this.data;
    var sel = st.sel ? st.sel.split(":") : null;
    var selSet = null;
    if (sel && sel[0] === "g") {
      selSet = {};
      data.groups[Number(sel[1])].articles.forEach(function (i) { selSet[i] = true; });
    }
    this.articleOk = data.articles.map(function (a, i) {
      if (!a.k) { return false; }
      if (sel && sel[0] === "a" && Number(sel[1]) !== i) { return false; }
      if (sel && sel[0] === "s" && Number(sel[1]) !== a.s) { return false; }
      if (selSet && !selSet[i]) { return false; }
      if (!a.d) { return st.undated; }
      return (!st.from || a.d >= st.from) && (!st.to || a.d <= st.to);
    });
    var ok = this.articleOk;
    var vis = [];
    data.places.forEach(function (p, i) {
      if (!st.kinds[p.k]) { return; }
      for (var j = 0; j < p.m.length; j++) {
        if (ok[p.m[j][0]]) { vis.push(i); return; }
      }
      // a place whose articles are all past the popup's list of 100 stays with the filters off
      if (!p.m.length && !st.sel) { vis.push(i); }
    });
    this.visible = vis;
  };

  App.prototype.refresh = function () {
    var app = this;
    this.computeFilters();
    this.listeners.forEach(function (fn) { fn(app); });
    this.updateCounts();
    writeHash(this);
  };

  App.prototype.updateCounts = function () {
    if (!this.countLine) { return; }
    var data = this.data, n = 0, arts = 0;
    this.visible.forEach(function (i) { n += data.places[i].c; });
    this.articleOk.forEach(function (ok) { if (ok) { arts += 1; } });
    var total = data.places.length;
    this.countLine.textContent = (this.visible.length === total ? plural(total, "place") :
      this.visible.length + " of " + plural(total, "place")) + " · " + plural(n, "mention") + " · " + plural(arts, "article");
  };

  GeoMap.App = App;

  /* ------------------------------------------------------------------ start */

  GeoMap.start = function () {
    if (typeof window.L === "undefined") {
      status("Leaflet did not load: lib/leaflet/leaflet.js next to this page is missing. Run geo map again to write it.", true);
      return null;
    }
    var parts = { "popup.js": "popupFor", "search.js": "addSearch", "export.js": "exportCSV", "panel.js": "addPanel" };
    var lost = Object.keys(parts).filter(function (f) { return typeof App.prototype[parts[f]] !== "function"; });
    if (lost.length) {
      status("Part of the map's script did not load: lib/geo/" + lost.join(", lib/geo/") + " is missing. Run geo map again to write it.", true);
      return null;
    }
    var data;
    try {
      data = JSON.parse(document.getElementById("geo-data").textContent);
    } catch (e) {
      status("The map's data is damaged: " + e.message, true);
      return null;
    }
    var app = new App(data);
    GeoMap.app = app;
    app.addPanel();
    var overlays = {}, missing = [];
    data.layers.forEach(function (spec) {
      var make = GeoMap.layers[spec.kind];
      if (!make) { missing.push(spec.name); return; }
      var layer = make(spec, app);
      if (!layer) { return; }
      // the layer control writes names with innerHTML: give it escaped text
      overlays[el("span", null, spec.name).outerHTML] = layer;
      if (spec.show) { layer.addTo(app.map); }
    });
    app.layerControl = L.control.layers(null, overlays, { collapsed: true }).addTo(app.map);
    app.addSearch();
    app.map.on("moveend", function () { writeHash(app); });
    app.refresh();
    var box = document.getElementById("geo-status");
    if (box) { box.hidden = true; }
    if (missing.length) { app.note("Not loaded (their scripts are missing from lib/): " + missing.join(", ") + "."); }
    if (!data.places.length) { app.note("No places to show."); }
    return app;
  };
})();
