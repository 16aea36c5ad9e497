/* A record too large to send event by event, per location cell and day (geo/spans.py event_cells;
 * geo/map/elements.py TimedCells, TimedCellHeat): on each move of the time bar the browser totals
 * the cells of the window itself, so a move costs the rows of one window, never a server round trip.
 *
 * data: {cells: [[lat, lon], ...], day: [day numbers, each as the difference from the row before],
 *        cell: [...], family: [...], count: [...], toll: [...]}, rows sorted by day.
 * The rule is geo.spans.cells_on_day's: the rows dated in (day - window, day] (every row up to
 * the day when window is 0); per cell the counts and tolls summed, the family of most events (a
 * tie goes to the lower code), the first and last day.
 */
(function () {
  var mm = (window.mmMap = window.mmMap || {});
  var DAY = 86400000;
  var iso = function (day) { return new Date(day * DAY).toISOString().slice(0, 10); };

  // "{name}" in a template the server rendered (autoescaped) -> values (numbers, dates, colours).
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // A function day -> {cell: totals} for the window of `window` days ending on that day.
  mm.cellTotals = function (data, window) {
    var n = data.day.length, days = new Int32Array(n), d = 0;
    for (var i = 0; i < n; i++) { d += data.day[i]; days[i] = d; }
    function firstAtOrAfter(x) {
      var lo = 0, hi = n;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (days[mid] < x) { lo = mid + 1; } else { hi = mid; } }
      return lo;
    }
    return function (day) {
      var lo = window ? firstAtOrAfter(day - window + 1) : 0, hi = firstAtOrAfter(day + 1);
      var totals = {};
      for (var j = lo; j < hi; j++) {
        var c = data.cell[j], t = totals[c];
        if (!t) { t = totals[c] = {count: 0, toll: 0, first: days[j], last: days[j], families: {}}; }
        var count = data.count[j];
        t.count += count;
        t.last = days[j];
        if (data.toll) { t.toll += data.toll[j]; }
        if (data.family) { t.families[data.family[j]] = (t.families[data.family[j]] || 0) + count; }
      }
      Object.keys(totals).forEach(function (key) {
        var t = totals[key], best = -1, most = 0;
        Object.keys(t.families).forEach(function (code) {
          var k = +code, c = t.families[code];
          if (c > most || (c === most && k < best)) { best = k; most = c; }
        });
        t.family = best;
      });
      return totals;
    };
  };

  // The events layer: one marker per cell with events in the window, showing their number,
  // sized by their toll, coloured by their most frequent family.
  // options: {window, shift, colors and inks (by family code), icon, tip, popup (templates), size: {min, max, k}}
  mm.timedCells = function (parent, options, data) {
    var target = mm.clusterGroup && L.markerClusterGroup ? mm.clusterGroup(parent, options.shift) : parent;
    var totals = mm.cellTotals(data, options.window);
    var shown = {};  // cell -> {marker, key}
    var sizeOf = function (toll) {
      return Math.floor(Math.min(options.size.max, options.size.min + options.size.k * Math.sqrt(Math.max(toll, 0))));
    };
    function icon(values) {
      // Named by its tooltip's text (points.js).
      return mm.labelledIcon({html: fill(options.icon, values), size: values.size, shift: options.shift,
                              label: mm.plainText(fill(options.tip, values))});
    }
    // Only the cells that come or go are added to or removed from the (clustered) layer; a cell
    // whose totals change keeps its marker and gets a new icon (its content only, when drawn
    // at the same size), which costs the layer nothing.
    (window.mmTimed = window.mmTimed || []).push(function show(day) {
      var now = totals(day), add = [], remove = [];
      Object.keys(shown).forEach(function (cell) {
        if (!now[cell]) { remove.push(shown[cell].marker); delete shown[cell]; }
      });
      Object.keys(now).forEach(function (cell) {
        var t = now[cell];
        var key = [t.count, t.toll, t.family, t.first, t.last].join('|');
        var entry = shown[cell];
        if (entry && entry.key === key) { return; }
        var size = sizeOf(t.toll);
        var family = options.colors[t.family] ? t.family : options.colors.length - 1;
        var values = {count: t.count, fatalities: t.toll, first: iso(t.first), last: iso(t.last),
                      color: options.colors[family], ink: options.inks[family], size: size};
        if (entry) {
          var next = icon(values), shownIcon = entry.marker._icon;
          if (shownIcon && entry.values.size === size) {
            // Drawn, same size: only its number and colour change, in the element on the map.
            shownIcon.innerHTML = next.options.html;
            shownIcon.setAttribute('aria-label', next.options.label);
            entry.marker.options.icon = next;
          } else {
            entry.marker.setIcon(next);
          }
          entry.key = key;
          entry.values = values;
          return;
        }
        var place = data.cells[cell];
        var marker = L.marker([place[0], place[1]], {icon: icon(values), riseOnHover: true});
        entry = shown[cell] = {marker: marker, key: key, values: values};
        marker.bindTooltip(function () { return fill(options.tip, entry.values); },
                           {direction: 'top', offset: [0, -8]});
        marker.bindPopup(function () { return fill(options.popup, entry.values); }, {maxWidth: 340});
        add.push(marker);
      });
      if (target.addLayers) {
        target.removeLayers(remove);
        target.addLayers(add);
      } else {
        remove.forEach(function (m) { target.removeLayer(m); });
        add.forEach(function (m) { target.addLayer(m); });
      }
    });
  };

  // The heat map from cells: each cell with events in the window, weighted by their number.
  mm.timedCellHeat = function (parent, options, data) {
    var heat = L.heatLayer([], options.heat);
    parent.addLayer(heat);
    var totals = mm.cellTotals(data, options.window);
    (window.mmTimed = window.mmTimed || []).push(function (day) {
      var now = totals(day);
      heat.setLatLngs(Object.keys(now).map(function (cell) {
        var place = data.cells[cell];
        return [place[0], place[1], now[cell].count];
      }));
    });
  };
})();
