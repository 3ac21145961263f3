/* Each article's footprint (hull of its places), for the articles the filters keep. */
(function () {
  "use strict";
  window.GeoMap.layers.footprints = function (spec, app) {
    var group = L.layerGroup();
    var style = { color: "#3182bd", weight: 2, opacity: 0.8, fillOpacity: 0.08, dashArray: "4 4" };
    function draw() {
      group.clearLayers();
      spec.footprints.forEach(function (f) {
        if (!app.articleOk[f[0]]) { return; }
        var title = app.data.articles[f[0]].t;
        var layer = L.geoJSON({ type: "Feature", geometry: f[1], properties: {} }, {
          style: style,
          pointToLayer: function (g, ll) { return L.circleMarker(ll, { radius: 14 }); }
        });
        layer.bindTooltip(function () { return document.createTextNode(title); }, { sticky: true });
        group.addLayer(layer);
      });
    }
    var dirty = true;
    app.onRefresh(function () { dirty = true; if (app.map.hasLayer(group)) { draw(); dirty = false; } });
    group.on("add", function () { if (dirty) { draw(); dirty = false; } });
    return group;
  };
})();
