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
