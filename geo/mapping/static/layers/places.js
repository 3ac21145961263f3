/* The places: one circle each, clustered (Leaflet.markercluster); popups built when opened. */
(function () {
  "use strict";
  window.GeoMap.layers.places = function (spec, app) {
    var data = app.data;
    var renderer = spec.canvas ? L.canvas({ padding: 0.3 }) : undefined;
    var markers = data.places.map(function (p, i) {
      var info = app.kindInfo[p.k] || app.kindInfo.other;
      var faint = info.minor;
      var mk = L.circleMarker([p.y, p.x], {
        radius: p.r, color: info.color, fillColor: info.color, weight: faint ? 1 : 1.5,
        opacity: faint ? 0.6 : 0.9, fillOpacity: faint ? 0.12 : 0.55, dashArray: faint ? "3 3" : null,
        className: "geo-place geo-kind-" + p.k, renderer: renderer
      });
      mk.geoIndex = i;
      mk.bindTooltip(function () { return document.createTextNode(p.n); }, { direction: "top" });
      mk.bindPopup(function () { return app.popupFor(i); }, app.popupOptions());
      return mk;
    });
    app.markers = markers;
    var layer;
    if (typeof L.markerClusterGroup === "function") {
      layer = L.markerClusterGroup(spec.cluster);
    } else {
      app.note("The marker-cluster plugin did not load: places are drawn unclustered.");
      layer = L.featureGroup();
    }
    var shown = null;
    app.onRefresh(function () {
      var key = app.visible.join(",");
      if (key === shown) { return; }
      shown = key;
      layer.clearLayers();
      var batch = app.visible.map(function (i) { return markers[i]; });
      if (layer.addLayers) { layer.addLayers(batch); } else { batch.forEach(function (m) { layer.addLayer(m); }); }
    });
    return layer;
  };
})();
