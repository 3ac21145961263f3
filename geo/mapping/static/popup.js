/* geo's map page: popups, built from the data block only when opened (textContent only). */
(function () {
  "use strict";

  if (!window.GeoMap || !window.GeoMap.App) { return; }  // geo-map.js did not load: the page says so
  var GeoMap = window.GeoMap, App = GeoMap.App, el = GeoMap.el, plural = GeoMap.plural, safeHref = GeoMap.safeHref;

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
})();
