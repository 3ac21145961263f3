/* geo's map page: draws the map from the page's JSON data block.
 *
 * Everything in the data that came from an article or a place record is untrusted: it
 * is only ever put in the page with textContent / text nodes, and links are kept only
 * when they are http(s) or one of geo's article pages (safeHref).
 *
 * Layers live in lib/geo/layers/<kind>.js and register GeoMap.layers[kind] =
 * function (spec, app) -> Leaflet layer (or null). This file holds what they share:
 * filters (kind, time, article/source), popups built on demand, search, export and the
 * view kept in the URL.
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

  /* ------------------------------------------------------------------ popups */

  App.prototype.kindLabel = function (p) {
    return p.f || (this.kindInfo[p.k] ? this.kindInfo[p.k].label : "Place");
  };

  App.prototype.popupFor = function (i) {
    var app = this, p = this.data.places[i];
    var root = el("div", "geo-popup");
    root.appendChild(el("div", "geo-name", p.n));
    var coords = Math.abs(p.y).toFixed(4) + "° " + (p.y >= 0 ? "N" : "S") + ", " +
      Math.abs(p.x).toFixed(4) + "° " + (p.x >= 0 ? "E" : "W");
    root.appendChild(el("div", "geo-meta", this.kindLabel(p) + (p.w ? " · " + p.w : "") + " · " + coords));
    root.appendChild(el("div", "geo-spell", "As written: " + p.sp.join(", ")));
    root.appendChild(el("div", "geo-count", plural(p.c, "mention") + " in " + plural(p.m.length + (p.ma || 0), "article")));
    var ol = el("ol", "geo-articles");
    p.m.forEach(function (entry) {
      var a = app.data.articles[entry[0]];
      var li = el("li", app.articleOk[entry[0]] ? null : "geo-out");
      var b = el("b");
      var href = safeHref(a.u);
      if (href) {
        var link = el("a", null, a.t);
        link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
        b.appendChild(link);
      } else {
        b.textContent = a.t;
      }
      li.appendChild(b);
      if (a.dl) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("small", null, a.dl)); }
      entry[1].forEach(function (s) {
        var d = el("div", "geo-snip");
        d.appendChild(document.createTextNode(s[0]));
        d.appendChild(el("mark", null, s[1]));
        d.appendChild(document.createTextNode(s[2]));
        var h = safeHref(a.pp && s[3] >= 0 ? a.pp + "#m-" + s[3] : a.pf);
        if (h) {
          var go = el("a", "geo-go", "passage\u2197");
          go.href = h; go.target = "_blank"; go.rel = "noopener noreferrer";
          d.appendChild(document.createTextNode(" "));
          d.appendChild(go);
        }
        li.appendChild(d);
      });
      if (entry[2]) { li.appendChild(el("small", null, "+" + plural(entry[2], "more mention"))); }
      ol.appendChild(li);
    });
    root.appendChild(ol);
    if (p.ma) { root.appendChild(el("small", null, "…and " + plural(p.ma, "more article"))); }
    return root;
  };

  App.prototype.popupOptions = function () {
    var w = window.innerWidth, h = window.innerHeight;
    // keep the popup clear of the controls at the top (zoom, search, panel)
    return { maxWidth: Math.min(420, w - 70), minWidth: Math.min(240, w - 90), maxHeight: Math.min(380, h - 240),
      autoPanPaddingTopLeft: [10, w < 700 ? 130 : 60], autoPanPaddingBottomRight: [10, 30] };
  };

  /* Show place i and open its popup, whether it is clustered, filtered out or far away. */
  App.prototype.openPlace = function (i) {
    var app = this, p = this.data.places[i];
    var ll = L.latLng(p.y, p.x);
    this.map.setView(ll, Math.max(this.map.getZoom(), 11), { animate: false });
    var mk = this.markers && this.markers[i];
    window.setTimeout(function () {
      if (mk && app.map.hasLayer(mk)) {
        mk.openPopup();
      } else {
        L.popup(app.popupOptions()).setLatLng(ll).setContent(app.popupFor(i)).openOn(app.map);
      }
    }, 50);
  };

  /* ------------------------------------------------------------------ search */

  App.prototype.buildSearchIndex = function () {
    var idx = [];
    this.data.places.forEach(function (p, i) {
      var seen = {};
      [[p.n, ""], ].concat(p.sp.map(function (s) { return [s, "as written"]; }),
        (p.al || []).map(function (s) { return [s, "also"]; })).forEach(function (pair) {
        var key = fold(pair[0]);
        if (!key || seen[key]) { return; }
        seen[key] = true;
        idx.push({ key: key, text: pair[0], why: pair[1], i: i });
      });
    });
    this.searchIndex = idx;
  };

  App.prototype.search = function (query, limit) {
    var q = fold(query), places = this.data.places;
    if (!q) { return []; }
    var best = {};
    this.searchIndex.forEach(function (e) {
      var rank = e.key === q ? 0 : (e.key.indexOf(q) === 0 ? 1 : (e.key.indexOf(q) > 0 ? 2 : -1));
      if (rank < 0) { return; }
      var cur = best[e.i];
      if (!cur || rank < cur.rank || (rank === cur.rank && !e.why && cur.why)) {
        best[e.i] = { rank: rank, entry: e };
      }
    });
    return Object.keys(best).map(function (k) { return best[k]; }).sort(function (a, b) {
      return a.rank - b.rank || places[b.entry.i].c - places[a.entry.i].c;
    }).slice(0, limit || 10).map(function (r) { return r.entry; });
  };

  App.prototype.addSearch = function () {
    var app = this;
    this.buildSearchIndex();
    var Search = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = el("div", "geo-search leaflet-control");
        var input = el("input");
        input.type = "search";
        input.placeholder = "Search a place, any spelling";
        input.setAttribute("aria-label", "Search places");
        var list = el("ul");
        list.setAttribute("role", "listbox");
        box.appendChild(input);
        box.appendChild(list);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var results = [], active = 0;
        function mark(k) {
          var items = list.querySelectorAll("li");
          if (!items.length || !results.length) { return; }
          active = (k + results.length) % results.length;
          items.forEach(function (li, j) { li.classList.toggle("geo-active", j === active); });
          items[active].scrollIntoView({ block: "nearest" });
        }
        function choose(e) {
          list.textContent = "";
          input.value = app.data.places[e.i].n;
          app.openPlace(e.i);
        }
        function show() {
          list.textContent = "";
          var q = input.value.trim();
          if (!q) { return; }
          results = app.search(q, 10);
          active = 0;
          if (!results.length) {
            list.appendChild(el("li", "geo-nomatch", "No place matches \u201c" + q + "\u201d"));
            return;
          }
          results.forEach(function (e, k) {
            var p = app.data.places[e.i];
            var li = el("li", k === 0 ? "geo-active" : null);
            li.setAttribute("role", "option");
            li.appendChild(document.createTextNode(p.n));
            var extra = (e.text !== p.n ? e.text + (e.why ? " (" + e.why + ")" : "") + " · " : "") + (p.w || app.kindLabel(p));
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("small", null, extra));
            li.addEventListener("click", function () { choose(e); });
            list.appendChild(li);
          });
        }
        input.addEventListener("input", show);
        input.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" && results.length && input.value.trim()) { ev.preventDefault(); choose(results[active]); }
          if (ev.key === "ArrowDown") { ev.preventDefault(); mark(active + 1); }
          if (ev.key === "ArrowUp") { ev.preventDefault(); mark(active - 1); }
          if (ev.key === "Escape") { list.textContent = ""; }
        });
        return box;
      }
    });
    this.map.addControl(new Search());
  };

  /* ------------------------------------------------------------------ export */

  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    // a cell starting with = + - @ would be a formula in a spreadsheet
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    return '"' + s.replace(/"/g, '""') + '"';
  }

  App.prototype.shownRecords = function () {
    var app = this, data = this.data;
    return this.visible.map(function (i) {
      var p = data.places[i];
      var arts = p.m.filter(function (e) { return app.articleOk[e[0]]; }).map(function (e) { return data.articles[e[0]].t; });
      return { id: p.i, name: p.n, kind: p.k === "other" && p.f ? p.f : p.k, lat: p.y, lon: p.x, where: p.w || "",
        mentions: p.c, spellings: p.sp, articles: arts };
    });
  };

  App.prototype.download = function (name, type, text) {
    var blob = new Blob([text], { type: type });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  };

  App.prototype.exportCSV = function () {
    var cols = ["id", "name", "kind", "lat", "lon", "where", "mentions", "spellings", "articles"];
    var lines = [cols.join(",")];
    this.shownRecords().forEach(function (r) {
      lines.push(cols.map(function (c) {
        return csvCell(Array.isArray(r[c]) ? r[c].join("; ") : r[c]);
      }).join(","));
    });
    var text = lines.join("\r\n") + "\r\n";
    this.download("places.csv", "text/csv;charset=utf-8", text);
    return text;
  };

  App.prototype.exportGeoJSON = function () {
    var fc = { type: "FeatureCollection", features: this.shownRecords().map(function (r) {
      var props = {};
      Object.keys(r).forEach(function (k) { if (k !== "lat" && k !== "lon") { props[k] = r[k]; } });
      return { type: "Feature", geometry: { type: "Point", coordinates: [r.lon, r.lat] }, properties: props };
    }) };
    var text = JSON.stringify(fc);
    this.download("places.geojson", "application/geo+json", text);
    return text;
  };

  /* ------------------------------------------------------------------ the panel */

  App.prototype.addPanel = function () {
    var app = this, data = this.data, st = this.state;
    var Panel = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var d = el("details", "geo-panel leaflet-control");
        d.id = "geo-legend";
        d.open = window.innerWidth > 600;
        var sum = el("summary");
        sum.appendChild(el("h4", null, data.title));
        sum.appendChild(el("br"));
        app.countLine = el("small", "geo-count-line");
        sum.appendChild(app.countLine);
        d.appendChild(sum);
        var body = el("div", "geo-body");
        d.appendChild(body);
        data.notes.forEach(function (n) { body.appendChild(el("div", "geo-notes", n)); });
        app.notesBox = el("div", "geo-notes");
        body.appendChild(app.notesBox);

        // kinds: the legend is the filter
        var fk = el("fieldset", "geo-kinds");
        fk.appendChild(el("legend", null, "Kinds of place"));
        data.kinds.forEach(function (k) {
          if (!app.present[k[0]]) { return; }
          var lab = el("label", k[3] ? "geo-minor" : null);
          var cb = el("input");
          cb.type = "checkbox"; cb.checked = !!st.kinds[k[0]]; cb.value = k[0];
          cb.addEventListener("change", function () { st.kinds[k[0]] = cb.checked; app.refresh(); });
          var dot = el("span", "geo-dot");
          dot.style.background = k[1];
          lab.appendChild(cb); lab.appendChild(dot);
          lab.appendChild(document.createTextNode(k[2] + " (" + app.present[k[0]] + ")"));
          fk.appendChild(lab);
        });
        fk.appendChild(el("small", null, "Circle size grows with the square root of the mentions; countries and provinces are faint."));
        body.appendChild(fk);

        // time
        var ft = el("fieldset", "geo-time");
        ft.appendChild(el("legend", null, "Time (article dates)"));
        var range = el("div", "geo-range");
        ft.appendChild(range);
        if (app.dates.length) {
          var from = el("input"), to = el("input");
          [from, to].forEach(function (r) {
            r.type = "range"; r.min = 0; r.max = app.dates.length - 1; r.step = 1;
          });
          from.className = "geo-from"; to.className = "geo-to";
          from.setAttribute("aria-label", "From date"); to.setAttribute("aria-label", "To date");
          var pos = function (d, dflt) { var k = app.dates.indexOf(d); return k >= 0 ? k : dflt; };
          from.value = pos(st.from, 0);
          to.value = pos(st.to, app.dates.length - 1);
          var show = function () {
            range.textContent = app.dates[from.value] + " \u2013 " + app.dates[to.value] + " (" + plural(app.dates.length, "day") + " with articles)";
          };
          var changed = function (which) {
            if (Number(from.value) > Number(to.value)) {
              if (which === from) { to.value = from.value; } else { from.value = to.value; }
            }
            st.from = app.dates[from.value];
            st.to = app.dates[to.value];
            show();
            app.refresh();
          };
          from.addEventListener("input", function () { stop(); changed(from); });
          to.addEventListener("input", function () { stop(); changed(to); });
          show();
          ft.appendChild(from); ft.appendChild(to);
          // playback: the chosen window steps one day with articles at a time
          var play = el("button", "geo-play", "\u25B6 Play"), timer = null;
          play.type = "button";
          play.title = "Move the chosen period forward, one day with articles at a time";
          function stop() {
            if (timer) { window.clearInterval(timer); timer = null; play.textContent = "\u25B6 Play"; }
          }
          play.addEventListener("click", function () {
            if (timer) { stop(); return; }
            var width = Number(to.value) - Number(from.value);
            if (Number(to.value) >= app.dates.length - 1) { from.value = 0; to.value = width; changed(to); }
            play.textContent = "\u275A\u275A Pause";
            timer = window.setInterval(function () {
              if (Number(to.value) >= app.dates.length - 1) { stop(); return; }
              to.value = Number(to.value) + 1;
              from.value = Number(to.value) - width;
              changed(to);
            }, 1200);
          });
          if (app.dates.length > 1) { ft.appendChild(play); }
        } else {
          range.textContent = "No article has a full date.";
        }
        var ul = el("label", "geo-wrap");
        var ucb = el("input");
        ucb.type = "checkbox"; ucb.checked = st.undated; ucb.className = "geo-undated";
        ucb.addEventListener("change", function () { st.undated = ucb.checked; app.refresh(); });
        ul.appendChild(ucb);
        ul.appendChild(document.createTextNode(" Undated or year unknown (" + plural(app.nUndated, "article") + ")"));
        ft.appendChild(ul);
        body.appendChild(ft);

        // article or source
        var fa = el("fieldset", "geo-articles-filter");
        fa.appendChild(el("legend", null, "Articles"));
        var sel = el("select");
        sel.setAttribute("aria-label", "Article, source or date");
        sel.appendChild(el("option", null, "All articles"));
        sel.options[0].value = "";
        function group(label, items) {
          if (items.length < 2 && label !== "Articles") { return; }
          var og = el("optgroup");
          og.label = label;
          items.forEach(function (it) { var o = el("option", null, it[1]); o.value = it[0]; og.appendChild(o); });
          sel.appendChild(og);
        }
        group("Sources", data.sources.map(function (s, i) { return ["s:" + i, s || "(no source)"]; }));
        group("Dates", data.groups.map(function (g, i) { return ["g:" + i, g.label]; }));
        var arts = [];
        data.articles.forEach(function (a, i) {
          if (a.k) { arts.push(["a:" + i, (a.t.length > 70 ? a.t.slice(0, 69) + "…" : a.t) + (a.d ? " (" + a.d + ")" : "")]); }
        });
        group("Articles", arts);
        sel.value = st.sel;
        sel.addEventListener("change", function () { st.sel = sel.value; app.refresh(); });
        fa.appendChild(sel);
        body.appendChild(fa);

        // view and export
        var fe = el("fieldset", "geo-actions");
        fe.appendChild(el("legend", null, "View and export"));
        var b1 = el("button", "geo-fit", "Fit mentions"), b2 = el("button", "geo-world", "Whole world");
        b1.type = b2.type = "button";
        b1.addEventListener("click", function () { app.fitMentions(); });
        b2.addEventListener("click", function () { app.fitWorld(); });
        var c = el("button", "geo-csv", "CSV"), g = el("button", "geo-geojson", "GeoJSON");
        c.type = g.type = "button";
        c.title = g.title = "Download the places shown";
        c.addEventListener("click", function () { app.exportCSV(); });
        g.addEventListener("click", function () { app.exportGeoJSON(); });
        fe.appendChild(b1); fe.appendChild(b2); fe.appendChild(el("br"));
        fe.appendChild(document.createTextNode("Places shown: ")); fe.appendChild(c); fe.appendChild(g);
        body.appendChild(fe);
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
      }
    });
    this.map.addControl(new Panel());
  };

  App.prototype.note = function (text) {
    if (this.notesBox) { this.notesBox.appendChild(el("div", null, text)); }
  };

  /* ------------------------------------------------------------------ start */

  GeoMap.start = function () {
    if (typeof window.L === "undefined") {
      status("Leaflet did not load: lib/leaflet/leaflet.js next to this page is missing. Run geo map again to write it.", true);
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
