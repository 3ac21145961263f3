/* geo's map page: search by every name and spelling; choosing a result opens the popup. */
(function () {
  "use strict";

  if (!window.GeoMap || !window.GeoMap.App) { return; }  // geo-map.js did not load: the page says so
  var GeoMap = window.GeoMap, App = GeoMap.App, el = GeoMap.el, fold = GeoMap.fold;

  App.prototype.buildSearchIndex = function () {
    var idx = [];
    this.data.places.forEach(function (p, i) {
      var seen = {};
      [[p.n, ""]].concat(p.sp.map(function (s) { return [s, "as written"]; }),
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
})();
