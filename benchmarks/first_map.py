"""Time to the first map (run by hand, not a test): spawn -> first map, then new session -> first map.

Spawns `streamlit run app.py`, opens the map page in headless Chromium as soon as the process
starts and times the first town marker drawn (a cold start: the record loaded, the town spans
and the timed layers computed). Then opens new sessions one after the other on the warm server
(each a new browser context, so a new Streamlit session) and times each to its first marker.

    .venv/bin/python benchmarks/first_map.py [--sessions 3] [--record PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

FIRST_MARKER = ".leaflet-marker-pane .mcm-town"


def first_map(browser, url: str) -> float:
    """Seconds from opening the page in a new context to its first town marker."""
    context = browser.new_context(viewport={"width": 1300, "height": 1100})
    context.route("**/*.png", lambda route: route.fulfill(status=204))
    page = context.new_page()
    began = time.perf_counter()
    page.goto(f"{url}/?date=2013-01-25&window=90", timeout=600_000)
    deadline = time.time() + 600
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator(FIRST_MARKER).count():
                    seconds = time.perf_counter() - began
                    context.close()
                    return seconds
            except Exception:  # a frame may detach while we look at it
                pass
        time.sleep(0.05)
    raise RuntimeError("the map never appeared")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--record", help="a record folder (MALI_MAP_DATA) instead of the bundled one")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        spawned = time.perf_counter()
        server, url = start_app(env={"MALI_MAP_DATA": args.record} if args.record else None, timeout=600)
        healthy = time.perf_counter() - spawned
        try:
            cold = first_map(browser, url) + healthy
            warm = [first_map(browser, url) for _ in range(args.sessions)]
        finally:
            stop_app(server)
            browser.close()
    print(f"spawn -> server answers: {healthy:.1f} s")
    print(f"spawn -> first map: {cold:.1f} s")
    print(
        f"new session -> first map (warm server): median {statistics.median(warm):.2f} s "
        f"({', '.join(f'{x:.2f}' for x in warm)})"
    )


if __name__ == "__main__":
    main()
