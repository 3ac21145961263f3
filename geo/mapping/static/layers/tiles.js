/* Online tiles: switched on only when one tile loads, so an offline page shows no broken images. */
(function () {
  "use strict";
  window.GeoMap.layers.tiles = function (spec, app) {
    var opts = Object.assign({ attribution: spec.attribution, detectRetina: false }, spec.options || {});
    var layer = L.tileLayer(spec.url, opts);
    var sub = opts.subdomains ? (typeof opts.subdomains === "string" ? opts.subdomains[0] : opts.subdomains[0]) : "a";
    var probe = new Image();
    var decided = false;
    probe.onload = function () {
      decided = true;
      layer.addTo(app.map);
    };
    probe.onerror = function () {
      decided = true;
      app.note("Online tiles are unreachable: the offline country outlines are shown.");
    };
    window.setTimeout(function () {
      if (!decided) { app.note("Online tiles are slow to answer; the offline outlines are shown meanwhile."); }
    }, 8000);
    try {
      probe.src = L.Util.template(spec.url, { s: sub, z: 2, x: 2, y: 1, r: "" });
    } catch (e) {
      app.note("The online tiles' address is not usable.");
    }
    // not shown until reachable, whatever spec.show says
    spec.show = false;
    return layer;
  };
})();
