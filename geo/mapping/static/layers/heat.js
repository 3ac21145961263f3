/* Heat map of mentions over the places the filters keep (Leaflet.heat). */
(function () {
  "use strict";
  window.GeoMap.layers.heat = function (spec, app) {
    if (typeof L.heatLayer !== "function") {
      app.note("The heat map plugin did not load.");
      return null;
    }
    var data = app.data;
    var top = 0;
    data.places.forEach(function (p) {
      if (!app.kindInfo[p.k] || !app.kindInfo[p.k].minor) { top = Math.max(top, p.c); }
    });
    top = top || 1;
    function points() {
      return app.visible.map(function (i) {
        var p = data.places[i], minor = app.kindInfo[p.k] && app.kindInfo[p.k].minor;
        return [p.y, p.x, Math.min(1, p.c / top) * (minor ? 0.25 : 1)];
      });
    }
    var layer = L.heatLayer([], { radius: spec.radius, blur: spec.blur, minOpacity: spec.minOpacity, maxZoom: spec.maxZoom });
    var dirty = true;
    app.onRefresh(function () { dirty = true; if (app.map.hasLayer(layer)) { layer.setLatLngs(points()); dirty = false; } });
    layer.on("add", function () { if (dirty) { layer.setLatLngs(points()); dirty = false; } });
    return layer;
  };
})();
