/* Boxes on the map (geo/map/elements.py Legend and Caption): the legend, HTML the server rendered
 * through an autoescaping template, at the top left under the zoom buttons (over the desert
 * corner outside Mali's north-west border, not over western Mali), folded on a small screen; and what an exported map shows (its
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

  //: Below this map width (a phone), the legend starts folded: it would cover most of the map.
  var SMALL = 600;

  // `bounds` (Mali) and `room` ([x, y] pixels): on a wide map with the legend open, the opening
  // view fits Mali in the part of the map right of the legend.
  mm.legend = function (map, html, bounds, room) {
    box(map, 'topleft', 'mcm-legend', function (div) {
      div.innerHTML = html;
      var details = div.querySelector('details');
      // The map's frame (streamlit-folium's page) says lang="en" whatever the interface language:
      // it takes the legend's, so a screen reader reads the popups and tooltips in it (issue #19).
      var lang = details && details.getAttribute('lang');
      if (lang) { document.documentElement.lang = lang; }
      if (details && map.getContainer().clientWidth < SMALL) { details.open = false; }
      if (details && details.open && bounds && room) { map.fitBounds(bounds, {paddingTopLeft: room, animate: false}); }
      L.DomEvent.disableScrollPropagation(div);
    });
  };

  // The overview minimap (geo/map/base.py OverviewMap). Leaflet-minimap moves the map to the
  // minimap's centre at the end of any minimap move the map did not start; an interrupted
  // animation (the map moved twice in quick succession, as a pan then a popup's autopan) ends
  // one such move, and the map jumped back. Here only a hand on the minimap moves the map.
  mm.overview = function (control) {
    var follow = control._onMiniMapMoved, hand = false;
    control._onMiniMapMoved = function (e) {
      if (hand) { hand = false; return follow.call(this, e); }
      this._mainMapMoving = false;
    };
    var add = control.onAdd;
    control.onAdd = function (map) {
      var container = add.call(this, map);
      ['mousedown', 'touchstart', 'wheel', 'dblclick', 'keydown'].forEach(function (name) {
        container.addEventListener(name, function () { hand = true; }, {capture: true, passive: true});
      });
      return container;
    };
  };

  mm.caption = function (map, text) {
    box(map, 'topright', 'mcm-legend mcm-caption', function (div) { div.textContent = text; });
  };
})();
