/* Many markers from one array (geo/map/elements.py Points): a div icon, a tooltip and a popup each.
 *
 * One element instead of one folium object per marker keeps building and sending a layer cheap.
 * `options.cluster` groups nearby markers in the browser (Leaflet.markercluster), which also
 * spreads out markers that share a town's coordinates. `options.timed`: each point has
 * `from`/`to` day numbers, and the time bar (timebar.js) shows it on the days [from, to).
 */
(function () {
  var mm = (window.mmMap = window.mmMap || {});


  // A marker is a button (Leaflet gives its icon role=button): it needs a name for screen
  // readers (issue #19). Its box stays the size of its mark: a box grown to 24 px around a
  // 16 px town took the clicks meant for a base or event drawn beside it. (WCAG 2.5.8 exempts
  // map pins closer than 24 px as essential; a small marker with room around it passes.)
  // The text of a tooltip's HTML (the server rendered and escaped it), as a name.
  var scratch = null;
  mm.plainText = function (html) {
    scratch = scratch || document.createElement('div');
    scratch.innerHTML = html;
    return scratch.textContent.replace(/\s+/g, ' ').trim();
  };
  // A div icon whose element is labelled: the label set at creation and on every setIcon.
  var LabelledIcon = null;  // made on first use: Leaflet may load after this file
  mm.labelledIcon = function (options) {
    LabelledIcon = LabelledIcon || L.DivIcon.extend({
      createIcon: function (old) {
        var element = L.DivIcon.prototype.createIcon.call(this, old);
        if (this.options.label) { element.setAttribute('aria-label', this.options.label); }
        return element;
      },
    });
    var size = options.size, shift = options.shift || 0;
    return new LabelledIcon({
      className: 'mcm-icon',
      html: options.html,
      label: options.label,
      iconSize: [size, size],
      iconAnchor: [size / 2 - shift, size / 2 + shift],
    });
  };

  // Neutral cluster badges: the plugin's default green would read as the militia colour.
  function clusterGroup(shift) {
    return L.markerClusterGroup({
      maxClusterRadius: 28,
      spiderfyOnMaxZoom: true,
      showCoverageOnHover: false,
      chunkedLoading: true,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var size = n < 10 ? 26 : n < 100 ? 32 : 38;
        return L.divIcon({
          html: '<span>' + n + '</span>',
          className: 'marker-cluster mcm-cluster',
          iconSize: [size, size],
          iconAnchor: [size / 2 - shift, size / 2 + shift],
        });
      },
    });
  }

  // A cluster group added to `parent` (also for static/map/cells.js).
  mm.clusterGroup = function (parent, shift) {
    var group = clusterGroup(shift);
    parent.addLayer(group);
    return group;
  };

  // "last confirmed N days before this date": the server wrote it for the span's first day (or
  // the map's date); with the time bar, say it again for the bar's day (mm.day, timebar.js).
  mm.ages = function (root) {
    if (!root || mm.day === undefined) { return; }
    root.querySelectorAll('.mcm-age[data-confirmed]').forEach(function (span) {
      var days = mm.day - Number(span.getAttribute('data-confirmed'));
      // A source dated after the bar's day describes the period that covers it: no age to count.
      span.textContent = days < 0 ? span.getAttribute('data-later')
        : span.getAttribute('data-text').replace('{n}', String(days));
    });
  };

  mm.points = function (parent, options, points) {
    var Popup = mm.paddedPopup();  // popups.js
    var shift = options.shift || 0;
    var target = parent;
    if (options.cluster && L.markerClusterGroup) {
      target = clusterGroup(shift);
      parent.addLayer(target);
    }
    // A marker is made the first time it is shown: a timed layer holds every span of the record,
    // most of which the opening date never shows (made at once, they delayed the first map).
    function make(m) {
      if (m.marker) { return m.marker; }
      var p = m.point;
      // Events are drawn a few pixels up and right of their point, so a town's marker at the
      // same coordinates stays visible beside them.
      // Its name: the server's label (a town's name), else its tooltip's text.
      var icon = mm.labelledIcon({html: p.icon, size: p.size, shift: shift, label: p.label || mm.plainText(p.tip)});
      var marker = L.marker([p.lat, p.lon], {icon: icon, riseOnHover: true, zIndexOffset: p.z || 0});
      marker.bindTooltip(p.tip, {direction: 'top', offset: [0, -p.size / 2]});
      marker.bindPopup(new Popup({maxWidth: 340, autoPan: true}, marker).setContent(p.popup));
      marker.on('popupopen', function (e) { mm.ages(e.popup.getElement()); });
      m.marker = marker;
      return marker;
    }
    var markers = points.map(function (p) { return {from: p.from, to: p.to, point: p, marker: null, shown: false}; });
    if (!options.timed) {
      markers.forEach(function (m) { target.addLayer(make(m)); });
      return;
    }
    // The time bar calls show(day) on every move; only the markers that come or go are touched.
    (window.mmTimed = window.mmTimed || []).push(function show(day) {
      var add = [], remove = [];
      markers.forEach(function (m) {
        var on = m.from <= day && day < m.to;
        if (on !== m.shown) { (on ? add : remove).push(make(m)); m.shown = on; }
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
})();
