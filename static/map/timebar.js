/* The date slider on the map, for the timed layers (geo/map/elements.py TimeBar): moving it shows
 * each marker on the days of its span, in the browser, without a round trip to the server.
 *
 * It tells Streamlit the date it settled on (the figures, the link and the exports follow) as
 * streamlit-folium's component value: {date: "YYYY-MM-DD", pick: "<revision>-<bar id>-<n>"}.
 * Sent `playing`, it plays in the browser, a month per `playMs`, and adds `playing: true` to each
 * step it reports, `false` to the last (the record's end); a move of the bar stops it. It goes
 * in a group of its own, sent after the timed layers (which it then drives); when that group is
 * removed, so is the bar.
 *
 * Beside the bar, a date input (type a day: the bar is about 12 days per pixel) that follows the
 * bar and moves it. Both go first in the map's tab order (before every marker and outline), then
 * a skip link (shown on focus) that takes the focus to the map itself, to pan it with the keys.
 *
 * options: {revision, first, last, day (day numbers since 1970-01-01), label, dateLabel, skipLabel,
 *           playing, playMs, settleMs}
 */
(function () {
  var mm = (window.mmMap = window.mmMap || {});
  var DAY = 86400000;
  var iso = function (day) { return new Date(day * DAY).toISOString().slice(0, 10); };

  // Play: one month on per step, never past the record's end (as ui's next_frame).
  function nextMonth(day, last) {
    var d = new Date(day * DAY), y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
    var length = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Math.min(Date.UTC(y, m, Math.min(d.getUTCDate(), length)) / DAY, last);
  }

  mm.timeBar = function (map, group, options) {
    var bar = L.DomUtil.create('div', 'mm-timebar');
    bar.setAttribute('data-revision', options.revision);
    bar.setAttribute('data-play-ms', options.playMs);
    bar.innerHTML = '<label class="mm-timebar-range"><span class="mm-timebar-label"></span><span class="mm-timebar-edge"></span>'
      + '<input type="range" step="1"><span class="mm-timebar-edge"></span><output></output></label>'
      + '<input type="date" class="mm-timebar-date" required><a class="mm-skip" href="#"></a>';
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.disableScrollPropagation(bar);
    // First in the map's tab order: before the panes that hold every marker and outline.
    var container = map.getContainer();
    container.insertBefore(bar, container.firstChild);
    var input = bar.querySelector('input[type=range]'), output = bar.querySelector('output');
    var typed = bar.querySelector('input[type=date]'), skip = bar.querySelector('.mm-skip');
    typed.min = iso(options.first); typed.max = iso(options.last);
    typed.setAttribute('aria-label', options.dateLabel || options.label);
    typed.title = options.dateLabel || options.label;
    skip.textContent = options.skipLabel || '';
    skip.addEventListener('click', function (e) {
      e.preventDefault();
      container.focus();
    });
    bar.querySelector('.mm-timebar-label').textContent = options.label;
    var edges = bar.querySelectorAll('.mm-timebar-edge');  // the record's first and last years
    edges[0].textContent = iso(options.first).slice(0, 4);
    edges[1].textContent = iso(options.last).slice(0, 4);
    // The same bar sent again with new layers (a filter changed) starts where the reader left
    // the one it replaces, not at the date it was first sent: the server has not moved the date
    // since (it would have sent a new revision), and a pick made meanwhile is on its way to it.
    var before = window.mmBarShown;
    var start = before && before.revision === options.revision ? before.day : options.day;
    input.min = options.first; input.max = options.last; input.value = start;
    input.setAttribute('aria-label', options.label);
    var picks = 0, timer = null, player = null;
    var id = Math.random().toString(36).slice(2);
    // The timed layers of this same update were evaluated before this bar and wait for it.
    var layers = window.mmTimed || [];
    window.mmTimed = [];

    function show(day) {
      window.mmBarShown = {revision: options.revision, day: day};
      mm.day = day;  // popups opened now give the age of their facts on this day (points.js)
      output.textContent = iso(day);
      if (document.activeElement !== typed) { typed.value = iso(day); }
      input.setAttribute('aria-valuetext', iso(day));
      bar.setAttribute('data-day', iso(day));
      layers.forEach(function (draw) { draw(day); });
    }

    var last = {};  // the last value sent: a report of the map's view repeats its pick

    function send(value) {
      last = value;
      // streamlit-component-lib's setComponentValue message, sent by hand: the script runs in
      // streamlit-folium's frame, so this becomes the value st_folium returns.
      window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
                                 value: value, dataType: 'json'}, '*');
    }

    function mapView() {
      var c = map.getCenter();
      return {zoom: map.getZoom(), center: [+c.lat.toFixed(4), +c.lng.toFixed(4)]};
    }

    function report(playing) {
      picks += 1;
      var value = {date: iso(+input.value), pick: options.revision + '-' + id + '-' + picks};
      if (playing !== undefined) { value.playing = playing; }
      if (moved) { value.view = mapView(); }
      send(value);
    }

    // Where the reader moves the map (zoom, centre) goes to the server too, for the link and for
    // the next map (another language): only once a hand moved it, not the opening fit.
    var moved = false, viewTimer = null;
    function handMoves(e) { if (!bar.contains(e.target)) { moved = true; } }  // not a key on the bar
    var hands = ['mousedown', 'touchstart', 'wheel', 'keydown'];
    // Captured: Leaflet's buttons stop their events from bubbling up to the map.
    hands.forEach(function (name) { container.addEventListener(name, handMoves, {capture: true, passive: true}); });
    function moveEnded() {
      if (!moved) { return; }
      clearTimeout(viewTimer);
      viewTimer = setTimeout(function () {
        var value = {};
        for (var k in last) { if (k !== 'view') { value[k] = last[k]; } }
        value.view = mapView();
        send(value);
      }, options.settleMs * 2);
    }
    map.on('moveend', moveEnded);

    function step() {
      var day = nextMonth(+input.value, +input.max);
      input.value = day;
      show(day);
      var more = day < +input.max;
      if (!more) { clearInterval(player); player = null; }
      report(more);
    }

    input.addEventListener('input', function () {
      if (player !== null) { clearInterval(player); player = null; }  // a hand on the bar stops play
      show(+input.value);
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; report(); }, options.settleMs);
    });
    // A typed day moves the bar once it is a whole date within the record (a date input fires
    // 'change' only then); a day outside the record is brought within it, as the server would.
    typed.addEventListener('change', function () {
      var parsed = Date.parse(typed.value + 'T00:00:00Z');
      if (isNaN(parsed)) { return; }
      var day = Math.min(Math.max(Math.round(parsed / DAY), +input.min), +input.max);
      if (player !== null) { clearInterval(player); player = null; }
      input.value = day;
      typed.value = iso(day);
      show(day);
      clearTimeout(timer);
      timer = null;
      report();
    });
    typed.addEventListener('blur', function () { typed.value = iso(+input.value); });
    show(+input.value);
    if (options.playing) { player = setInterval(step, options.playMs); }
    group.on('remove', function () {
      // A move still settling is reported now, not dropped: the bar goes when the server sends
      // new layers (a filter changed), which may come within the settling time of a move.
      if (timer !== null) { clearTimeout(timer); timer = null; report(); }
      clearTimeout(viewTimer); clearInterval(player); bar.remove();
      mm.day = undefined;  // a server-drawn map writes its own date into its popups
      map.off('moveend', moveEnded);
      hands.forEach(function (name) { container.removeEventListener(name, handMoves, {capture: true}); });
    });
  };
})();
