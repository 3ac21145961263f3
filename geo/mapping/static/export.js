/* geo's map page: export of the places shown as CSV or GeoJSON, built in the page. */
(function () {
  "use strict";

  if (!window.GeoMap || !window.GeoMap.App) { return; }  // geo-map.js did not load: the page says so
  var GeoMap = window.GeoMap, App = GeoMap.App, el = GeoMap.el;

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
})();
