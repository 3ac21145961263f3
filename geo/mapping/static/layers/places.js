/* The places: one circle each, clustered (Leaflet.markercluster); popups built when opened. */
(function () {
  "use strict";
  window.GeoMap.layers.places = function (spec, app) {
    var data = app.data;
    var renderer = spec.canvas ? L.canvas({ padding: 0.3 }) : undefined;
    // the most mentioned places are labelled: with no online tiles, the outlines name nothing
    var labelled = {};
    data.places.map(function (p, i) { return i; }).filter(function (i) {
      var info = app.kindInfo[data.places[i].k];
      return !(info && info.minor);
    }).sort(function (a, b) { return data.places[b].c - data.places[a].c; })
      .slice(0, spec.labels || 0).forEach(function (i) { labelled[i] = true; });
    var markers = data.places.map(function (p, i) {
      var info = app.kindInfo[p.k] || app.kindInfo.other;
      var faint = info.minor;
      var mk = L.circleMarker([p.y, p.x], {
        radius: p.r, color: info.color, fillColor: info.color, weight: faint ? 1 : 1.5,
        opacity: faint ? 0.6 : 0.9, fillOpacity: faint ? 0.12 : 0.55, dashArray: faint ? "3 3" : null,
        className: "geo-place geo-kind-" + p.k, renderer: renderer
      });
      mk.geoIndex = i;
      if (labelled[i]) {
        mk.bindTooltip(function () { return document.createTextNode(p.n); },
          { permanent: true, direction: "right", className: "geo-label", offset: [p.r, 0] });
      } else {
        mk.bindTooltip(function () { return document.createTextNode(p.n); }, { direction: "top" });
      }
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
    app.placesLayer = layer;
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
