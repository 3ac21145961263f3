/* geo's map page: the panel (title, counts, kinds legend and filter, time, articles, export). */
(function () {
  "use strict";

  if (!window.GeoMap || !window.GeoMap.App) { return; }  // geo-map.js did not load: the page says so
  var GeoMap = window.GeoMap, App = GeoMap.App, el = GeoMap.el, plural = GeoMap.plural;

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
})();
