/* Boxes on the map (geo/map/elements.py Legend and Caption): the legend, HTML the server rendered
 * through an autoescaping template, at the bottom left; and what an exported map shows (its
 * date, window and filters), as plain text (textContent: never read as HTML), at the top right. */
(function () {
  var mm = (window.mmMap = window.mmMap || {});

  function box(map, position, className, fill) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', className + ' leaflet-control');
      fill(div);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    control.addTo(map);
  }

  mm.legend = function (map, html) {
    box(map, 'bottomleft', 'mcm-legend', function (div) { div.innerHTML = html; });
  };

  mm.caption = function (map, text) {
    box(map, 'topright', 'mcm-legend mcm-caption', function (div) { div.textContent = text; });
  };
})();
