/* The offline basemap: country outlines from local data, in a pane under the tiles. */
(function () {
  "use strict";
  window.GeoMap.layers.basemap = function (spec, app) {
    var map = app.map;
    if (!map.getPane("geo-basemap")) {
      map.createPane("geo-basemap").style.zIndex = 150;  // under the tile pane (200)
    }
    if (spec.attribution) { map.attributionControl.addAttribution(spec.attribution); }
    return L.geoJSON(spec.geojson, {
      pane: "geo-basemap",
      interactive: false,
      smoothFactor: 3,
      renderer: L.canvas({ pane: "geo-basemap", padding: 0.1 }),
      style: { color: "#8c9aa6", weight: 0.7, fillColor: "#f6f4ee", fillOpacity: 1, opacity: 0.9 }
    });
  };
})();
