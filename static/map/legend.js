/* The map's legend (geo/map/elements.py Legend): HTML the server rendered through an
 * autoescaping template, in a Leaflet control at the bottom left. */
(function () {
  var mm = (window.mmMap = window.mmMap || {});

  mm.legend = function (map, html) {
    var legend = L.control({position: 'bottomleft'});
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'mcm-legend leaflet-control');
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
  };
})();

/* What an exported map shows (geo/map/elements.py Caption): its date, window and filters, as
 * plain text (textContent: the text is never read as HTML). */
(function () {
  var mm = (window.mmMap = window.mmMap || {});

  mm.caption = function (map, text) {
    var caption = L.control({position: 'topright'});
    caption.onAdd = function () {
      var div = L.DomUtil.create('div', 'mcm-legend mcm-caption leaflet-control');
      div.textContent = text;
      return div;
    };
    caption.addTo(map);
  };
})();
