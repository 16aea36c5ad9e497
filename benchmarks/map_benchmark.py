"""Benchmark the map page at 1k, 10k, 100k and 1M events (run by hand, not a test).

For each size, the median of 5 runs of: filtering to a 90-day window, building the layers,
the bytes sent to the browser (base map once, then the date-dependent layers on each
slider move), and a full rerun of the page through AppTest after a slider move. Then the
browser time from an arrow key to the updated map (Playwright + Debian's Chromium), with the
bundled record (the map's time bar: the browser moves the markers) and at each size of
100k events or more (the time bar if the browser holds the view, else Streamlit's slider and
the server redraws the layers).

    .venv/bin/python benchmarks/map_benchmark.py [--sizes 1000,10000,100000,1000000] [--no-browser]
        [--layers control,events,routes,bases,regions]

``--layers`` is the view's overlays (its ``layers`` link parameter); the default is the app's
default view, with the routes and bases (issue #15). ``--layers control,events,regions`` measures
the map without them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.apptest import pick_on_time_bar  # noqa: E402
from benchmarks.harness import ARM, CHANGED, CHROMIUM, CHROMIUM_ARGS, OBSERVE, start_app, stop_app  # noqa: E402
from benchmarks.synthetic import synthetic_record  # noqa: E402
from geo import DEFAULT_ROOT, load_dataset  # noqa: E402
from geo import map as layers  # noqa: E402
from geo.bases import base_periods  # noqa: E402
from geo.boundaries import load_regions  # noqa: E402
from geo.routes import route_lines  # noqa: E402
from geo.snapshot import snapshot  # noqa: E402
from geo.view import DEFAULT_OVERLAYS, View  # noqa: E402

RUNS = 5
#: The overlays measured (--layers).
OVERLAYS = list(DEFAULT_OVERLAYS)
DATES = [dt.date(2016, 3, 1) + dt.timedelta(days=37 * i) for i in range(RUNS)]


def median_seconds(work) -> float:
    times = []
    for day in DATES:
        start = time.perf_counter()
        work(day)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_bytes(dataset, day) -> tuple[int, int]:
    """(base map script, date-dependent layers script) as st_folium sends them."""
    from streamlit_folium import _get_feature_group_string, generate_leaflet_string

    view = View(date=day, window=90)
    shot = snapshot(dataset, view)
    fmap = layers.base_map("en", "light", load_regions(), "/app/static")
    base = generate_leaflet_string(fmap)
    groups = build_layers(dataset, shot)
    dynamic = "".join(_get_feature_group_string(g, fmap, i) for i, g in enumerate(groups))
    return len(base.encode()), len(dynamic.encode())


def build_layers(dataset, shot):
    groups = [
        layers.control_layer(shot.towns, dataset.actors, dataset.sources, "en"),
        layers.events_layer(shot.events, shot.groups, dataset.actors, dataset.sources, "en"),
        layers.heat_layer(shot.heat, "en"),
    ]
    data = layers.LayerData(
        dataset.actors,
        layers.sources_of(dataset),
        "en",
        routes=dataset.routes,
        lines=route_lines(dataset),
        route_states=shot.routes,
        blockades=shot.blockades,
        bases=shot.bases,
        base_history=base_periods(dataset),
    )
    if "routes" in OVERLAYS:
        groups.append(layers.roads_layer(data, "routes"))
    if "bases" in OVERLAYS:
        groups.append(layers.bases_layer(data, "bases"))
    return groups


def apptest_rerun(root: Path) -> float:
    """Median time of a full page rerun after a slider move, through AppTest (cache warm)."""
    os.environ["MALI_MAP_DATA"] = str(root)
    import importlib

    import ui

    importlib.reload(ui)
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    app.query_params["layers"] = ",".join(OVERLAYS)
    app.run()  # loads and caches the record
    if app.exception:
        raise RuntimeError(app.exception)
    times = []
    for day in DATES:
        start = time.perf_counter()
        if app.slider:  # the server moves the map (a record beyond what the browser holds)
            app.slider(key="v_date").set_value(day).run()
        else:  # the map's time bar settled on a date (see geo.map.TimeBar)
            pick_on_time_bar(app, f"{day:%Y-%m-%d}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# In the map's frame: one day on for the time bar, as its input event; the seconds the browser
# spends moving every timed layer (the handler runs them all at once), and to the next frame
# painted after it. Measured in the page, so the machine's load on the test driver is left out.
IN_FRAME_MOVE = """(step) => new Promise(resolve => {
  const input = document.querySelector('.mm-timebar input');
  const start = performance.now();
  input.value = +input.value + step;
  input.dispatchEvent(new Event('input'));
  const handled = performance.now();
  const painted = () => resolve([(handled - start) / 1000, (performance.now() - start) / 1000]);
  requestAnimationFrame(() => requestAnimationFrame(painted));
})"""


def browser_update(root: Path | None, date: str, keys: tuple[str, str] = ("ArrowRight", "ArrowLeft")) -> list[float]:
    """Seconds from a key on the date control (``keys``: forward, back; one day by default) to
    the map's markers changing, 5 times. Where a day changes no marker in view (counts inside
    a cluster of locations), pass ("PageUp", "PageDown"): a tenth of the record."""
    from playwright.sync_api import sync_playwright

    server, url = start_app(env={"MALI_MAP_DATA": str(root)} if root is not None else None, timeout=600)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.route("**/*.png", lambda route: route.fulfill(status=204))
            page.goto(f"{url}/?date={date}&window=90&layers={','.join(OVERLAYS)}", timeout=600_000)
            frame = None
            deadline = time.time() + 600
            while frame is None and time.time() < deadline:
                for candidate in page.frames:
                    try:
                        if candidate.locator(".leaflet-marker-pane .mcm-town").count():
                            frame = candidate
                    except Exception:
                        pass
                time.sleep(0.2)
            results = []
            frame.evaluate(ARM)
            frame.evaluate(OBSERVE)
            # Alternate right and left so that every press changes what the map shows
            # (a move that changes nothing sends nothing); the first two presses warm up.
            # The time bar on the map when the record fits in the browser, else Streamlit's slider.
            time_bar = frame.locator(".mm-timebar input[type=range]")
            control = time_bar if time_bar.count() else page.get_by_role("slider").first
            if time_bar.count():  # the browser's own measure of a move (see IN_FRAME_MOVE)
                moves = [frame.evaluate(IN_FRAME_MOVE, 1 if i % 2 == 0 else -1) for i in range(2 * RUNS + 2)][2:]
                handled, painted = [m[0] * 1000 for m in moves], [m[1] * 1000 for m in moves]
                print(
                    f"  in the page: time-bar move handled in median {statistics.median(handled):.0f} ms "
                    f"(max {max(handled):.0f}), painted in median {statistics.median(painted):.0f} ms",
                    flush=True,
                )
            for attempt in range(RUNS + 2):
                frame.evaluate(ARM)
                control.focus()
                pressed = page.evaluate("() => performance.timeOrigin + performance.now()")
                page.keyboard.press(keys[attempt % 2])
                changed = frame.evaluate(CHANGED)
                if attempt >= 2:
                    results.append((changed - pressed) / 1000)
                time.sleep(1.0)
            browser.close()
            return results
    finally:
        stop_app(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--layers", default=",".join(DEFAULT_OVERLAYS), help="the view's overlays")
    args = parser.parse_args()
    OVERLAYS[:] = args.layers.split(",")
    work = Path(tempfile.mkdtemp(prefix="mali-bench-"))
    rows = []
    records = {"bundled": DEFAULT_ROOT}
    for size in [int(s) for s in args.sizes.split(",")]:
        records[f"{size:,}"] = synthetic_record(size, work / f"events-{size}")
    for label, root in records.items():
        started = time.perf_counter()
        dataset = load_dataset(root)
        load = time.perf_counter() - started
        filtering = median_seconds(lambda day, d=dataset: d.events_between(day - dt.timedelta(days=89), day))
        building = median_seconds(lambda day, d=dataset: build_layers(d, snapshot(d, View(date=day, window=90))))
        sizes = [page_bytes(dataset, day) for day in DATES]
        base_bytes = statistics.median(b for b, _ in sizes)
        layer_bytes = statistics.median(d for _, d in sizes)
        rerun = float("nan") if args.no_apptest else apptest_rerun(root)
        rows.append((label, len(dataset.events), load, filtering, building, base_bytes, layer_bytes, rerun))
        print(
            f"{label:>10}: load {load:.1f} s, filter {filtering * 1000:.1f} ms, layers {building * 1000:.0f} ms, "
            f"base {base_bytes / 1e3:.0f} kB, layers {layer_bytes / 1e3:.0f} kB, AppTest rerun {rerun:.2f} s",
            flush=True,
        )
    print(
        "\n| events | load (once, cached) | filter to 90-day window | build layers | base map (sent once) |"
        " layers per slider move | full rerun (AppTest) |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, count, load, filtering, building, base_bytes, layer_bytes, rerun in rows:
        print(
            f"| {label} ({count:,}) | {load:.1f} s | {filtering * 1000:.1f} ms | {building * 1000:.0f} ms | "
            f"{base_bytes / 1e3:.0f} kB | {layer_bytes / 1e3:.0f} kB | {rerun:.2f} s |"
        )
    if not args.no_browser:
        bundled = browser_update(None, "2013-01-25")
        print(
            f"\nbrowser, bundled record (time bar): key -> map updated, median {statistics.median(bundled):.2f} s "
            f"({', '.join(f'{x:.2f}' for x in bundled)})"
        )
        for label, root in records.items():
            if label == "bundled" or int(label.replace(",", "")) < 100_000:
                continue
            big = browser_update(root, "2016-03-01")
            print(
                f"browser, {label} events: key -> map updated, median {statistics.median(big):.2f} s "
                f"({', '.join(f'{x:.2f}' for x in big)})",
                flush=True,
            )


if __name__ == "__main__":
    main()
