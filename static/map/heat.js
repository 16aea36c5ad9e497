/* The heat map for the time bar (geo/map/elements.py TimedHeat): on each date, the events whose
 * span holds it, grouped into the cells of geo.events.group_by_location's finest grid, each at
 * its events' mean position and weighted by their number, as the server's heat layer.
 * `points`: [lat, lon, cell, from, to] per event.
 */
(function () {
  var mm = (window.mmMap = window.mmMap || {});
  var round = function (x) { return Math.round(x * 1e4) / 1e4; };

  mm.timedHeat = function (parent, options, points) {
    var heat = L.heatLayer([], options);
    parent.addLayer(heat);
    (window.mmTimed = window.mmTimed || []).push(function (day) {
      var cells = {}, order = [];
      points.forEach(function (p) {
        if (p[3] <= day && day < p[4]) {
          var c = cells[p[2]];
          if (!c) { c = cells[p[2]] = [0, 0, 0]; order.push(c); }
          c[0] += p[0]; c[1] += p[1]; c[2] += 1;
        }
      });
      heat.setLatLngs(order.map(function (c) { return [round(c[0] / c[2]), round(c[1] / c[2]), c[2]]; }));
    });
  };
})();
