/* Routes as lines styled by their status (geo/map/elements.py Routes, geo/map/route_lines.py).
 *
 * Each route has its `line` ([[lat, lon], ...]), a tooltip and popup for "no status recorded",
 * and `states`: {status, tip, popup, from, to} (day numbers; [from, to)). `options.styles`:
 * Leaflet path options per status ("unknown" for no status). `options.timed`: the time bar
 * (timebar.js) calls show(day) on every move and each line takes the state whose days hold it;
 * otherwise each line takes its first state (the server sent the one of its date).
 *
 * mm.startsOffWhenNarrow (geo/map/elements.py StartsOffWhenNarrow): on a map narrower than
 * `options.width` pixels, a layer starts switched off (one click away in the layer switcher).
 */
(function () {
  var mm = (window.mmMap = window.mmMap || {});

  mm.startsOffWhenNarrow = function (group, options) {
    // The group is added to the map right after this script (streamlit-folium's, or folium's
    // own): take it off once it is there.
    group.once('add', function () {
      var map = group._map;
      setTimeout(function () {
        if (map && map.getSize().x < options.width && map.hasLayer(group)) { map.removeLayer(group); }
      }, 0);
    });
  };

  // A route's popup lists the attacks on it (geo/map/route_lines.py attack_items), each with its
  // day number: with the time bar, only those up to the bar's day (mm.day, timebar.js) show.
  mm.attacksUpTo = function (root) {
    if (!root || mm.day === undefined) { return; }
    root.querySelectorAll('.mcm-attacks').forEach(function (box) {
      var shown = 0;
      box.querySelectorAll('li[data-day]').forEach(function (item) {
        var hide = Number(item.getAttribute('data-day')) > mm.day;
        item.hidden = hide;
        if (!hide) { shown += 1; }
      });
      var none = box.querySelector('.mcm-attacks-none');
      if (none) { none.hidden = shown > 0; }
    });
  };

  mm.routes = function (parent, options, routes) {
    var lines = routes.map(function (r) {
      var line = L.polyline(r.line, L.extend({interactive: true}, options.styles.unknown));
      line.bindTooltip(r.tip, {sticky: true});
      // Kept whole inside the map, clear of the time bar and the boxes at the top (points.js).
      var Popup = mm.paddedPopup();
      line.bindPopup(new Popup({maxWidth: 340, autoPan: true}, line).setContent(r.popup));
      line.on('popupopen', function (e) { mm.attacksUpTo(e.popup.getElement()); });
      parent.addLayer(line);
      return {route: r, line: line, state: undefined};
    });

    // Each line says which route it is and its status (for readers of the page and for tests).
    function mark(l) {
      var path = l.line.getElement && l.line.getElement();
      if (path) {
        path.setAttribute('data-route', l.route.id);
        path.setAttribute('data-status', l.state ? l.state.status : 'unknown');
      }
    }

    function set(l, state) {
      if (state === l.state) { return; }
      l.state = state;
      var status = state ? state.status : 'unknown';
      l.line.setStyle(options.styles[status]);
      l.line.setTooltipContent(state ? state.tip : l.route.tip);
      l.line.setPopupContent(state ? state.popup : l.route.popup);
      mark(l);
      // A road in trouble is drawn over the others.
      if (state && status !== 'open' && l.line._map) { l.line.bringToFront(); }
    }

    function show(day) {
      lines.forEach(function (l) {
        var found = null;
        l.route.states.forEach(function (s) { if (s.from <= day && day < s.to) { found = s; } });
        set(l, found);
        if (l.line.isPopupOpen()) { mm.attacksUpTo(l.line.getPopup().getElement()); }
      });
    }

    if (options.timed) {
      (window.mmTimed = window.mmTimed || []).push(show);
    } else {
      lines.forEach(function (l) { set(l, l.route.states[0] || null); });
    }
    // Path elements exist only once on the map: mark them again when the layer comes back.
    parent.on('add', function () { lines.forEach(mark); });
  };
})();
