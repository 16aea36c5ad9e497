/* Popups that open whole inside the map (issue #19), for the markers (points.js) and the road
 * lines (routes.js): clear of the time bar (timebar.js), wherever it is (top on a desk, bottom
 * on a phone), and of the buttons and boxes at the top (Leaflet draws them over popups).
 *
 * A popup first keeps below the boxes above the place it opens at. When that leaves it too
 * little height (under the open legend of a desk, say), it moves beside the boxes of the top
 * left instead, where there is room for its width; on a map too narrow for that (a phone) it
 * stays below them, no taller than the room left, and scrolls.
 */
(function () {
  var mm = (window.mmMap = window.mmMap || {});
  var MARGIN = 10;

  // The boxes at the top (and the bar when it is there), the map's height and the bar's room below.
  function layout(map) {
    var container = map.getContainer(), frame = container.getBoundingClientRect();
    var rect = function (element) {
      var r = element.getBoundingClientRect();
      return {left: r.left - frame.left, right: r.right - frame.left, top: r.top - frame.top, bottom: r.bottom - frame.top,
              side: element.closest('.leaflet-left') ? 'left' : element.closest('.leaflet-right') ? 'right' : ''};
    };
    var boxes = [].slice.call(container.querySelectorAll('.leaflet-top .leaflet-control')).map(rect);
    var bottom = MARGIN, bar = container.querySelector('.mm-timebar');
    if (bar) {
      var b = rect(bar);
      if (b.top < frame.height / 2) { boxes.push(b); } else { bottom = frame.height - b.top + MARGIN; }
    }
    return {width: frame.width, height: frame.height, boxes: boxes, bottom: bottom};
  }

  // The lowest edge (plus a margin) of the boxes that meet the columns [left, right).
  function topOver(room, left, right) {
    return room.boxes.reduce(function (top, r) {
      return r.right > left && r.left < right ? Math.max(top, r.bottom + MARGIN) : top;
    }, MARGIN);
  }

  // Where a popup beside the top left boxes starts, if the map is wide enough for `width` there.
  function besideLeft(room, width) {
    var left = room.boxes.reduce(function (x, r) { return r.side === 'left' ? Math.max(x, r.right + MARGIN) : x; }, MARGIN);
    return left + width + MARGIN <= room.width ? left : null;
  }

  // Padding for Leaflet's autopan: {topLeft, bottomRight}, for a popup of `width` x `height`
  // whose columns are now [left, left + width).
  mm.popupPadding = function (map, left, width, height) {
    var room = layout(map), top = topOver(room, left, left + width);
    var pad = function (x, y) { return {topLeft: [x, y], bottomRight: [MARGIN, room.bottom]}; };
    if (height <= room.height - top - room.bottom) { return pad(MARGIN, top); }
    var side = besideLeft(room, width);
    if (side !== null && topOver(room, side, side + width) < top) { return pad(side, topOver(room, side, side + width)); }
    return pad(MARGIN, top);
  };

  // The height a popup's content of `width` can have: the room under the boxes at the best place
  // it can go, less the popup's padding, close button and tip (about 50 px).
  mm.popupMaxHeight = function (map, width) {
    var room = layout(map), side = besideLeft(room, width);
    var top = topOver(room, MARGIN, room.width - MARGIN);
    if (side !== null) { top = Math.min(top, topOver(room, side, side + width)); }
    return room.height - top - room.bottom - 50;
  };

  var Padded = null;  // made on first use: Leaflet may load after this file
  mm.paddedPopup = function () {
    Padded = Padded || L.Popup.extend({
      // No wider or taller than the room the map leaves it (a phone's map is narrower than 340 px).
      _updateLayout: function () {
        if (this._map) {
          var size = this._map.getSize();
          this.options.maxWidth = Math.min(340, size.x - 2 * MARGIN - 40);
          this.options.minWidth = Math.min(50, this.options.maxWidth);
          // The popup's box is its content's width plus about 40 px of padding and border.
          this.options.maxHeight = Math.max(120, mm.popupMaxHeight(this._map, this.options.maxWidth + 40));
        }
        return L.Popup.prototype._updateLayout.apply(this, arguments);
      },
      _adjustPan: function () {
        if (this._map && this._container) {
          var frame = this._map.getContainer().getBoundingClientRect(), box = this._container.getBoundingClientRect();
          var padding = mm.popupPadding(this._map, box.left - frame.left, box.width, box.height);
          this.options.autoPanPaddingTopLeft = padding.topLeft;
          this.options.autoPanPaddingBottomRight = padding.bottomRight;
        }
        return L.Popup.prototype._adjustPan.apply(this, arguments);
      },
    });
    return Padded;
  };
})();
