"""Does one large upload stall every other viewer? (run by hand, not a test).

Streamlit runs every session's script in one Python process. This starts `streamlit run
app.py`, opens a viewer on the map who moves the time bar every ``--think`` seconds, and
measures each move (key press -> markers moved, in the browser; key press -> the figures
above the map show the new date, the server's part) first with the server idle, then while
a second session uploads a synthetic ACLED file of ``--rows`` rows on the "Your data" page.
Also reports how long that import took to show its report, and the server's health endpoint
latency during the import.

    .venv/bin/python benchmarks/import_under_load.py [--rows 1000000] [--moves 12] [--think 1.0]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import ARM, CHANGED, CHROMIUM, CHROMIUM_ARGS, FIGURES_SHOW, OBSERVE, start_app, stop_app  # noqa: E402
from benchmarks.import_benchmark import write_acled  # noqa: E402


def quantile(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.2f} s"


def open_viewer(browser, url: str):
    context = browser.new_context(viewport={"width": 1300, "height": 1100})
    context.route("**/*.png", lambda r: r.fulfill(status=204) if "127.0.0.1" not in r.request.url else r.continue_())
    page = context.new_page()
    page.goto(f"{url}/?date=2013-01-25&window=90", timeout=120_000)
    deadline = time.time() + 120
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator(".leaflet-marker-pane .mcm-town").count():
                    frame.evaluate(OBSERVE)
                    return page, frame
            except Exception:  # frames come and go while Streamlit reruns
                pass
        time.sleep(0.25)
    raise RuntimeError("the viewer's map never appeared")


def move(page, frame, step: int) -> tuple[float, float]:
    """One arrow key on the time bar: (seconds to markers moved, seconds to figures updated)."""
    bar = frame.locator(".mm-timebar input[type=range]")
    frame.evaluate(ARM)
    bar.focus()
    pressed = page.evaluate("() => performance.timeOrigin + performance.now()")
    page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
    day = bar.get_attribute("aria-valuetext")
    changed = frame.evaluate(CHANGED)
    figures = page.evaluate(FIGURES_SHOW, day)
    return (changed - pressed) / 1000, (figures - pressed) / 1000


def health_probe(url: str, stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=60).read()
        out.append(time.perf_counter() - began)
        stop.wait(0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--moves", type=int, default=12)
    parser.add_argument("--think", type=float, default=1.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    upload = Path(tempfile.mkdtemp()) / f"synthetic-acled-{args.rows}.csv"
    write_acled(args.rows, upload)
    print(f"upload: {upload.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows")
    process, url = start_app()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page, frame = open_viewer(browser, url)
            idle = []
            for step in range(args.moves):
                time.sleep(args.think)
                idle.append(move(page, frame, step))
            uploader = browser.new_context().new_page()
            uploader.goto(f"{url}/data", timeout=120_000)
            uploader.locator("input[type='file']").wait_for(state="attached", timeout=60_000)
            stop, health = threading.Event(), []
            probe = threading.Thread(target=health_probe, args=(url, stop, health), daemon=True)
            began = time.perf_counter()
            uploader.locator("input[type='file']").set_input_files(str(upload))
            probe.start()
            busy, step, imported = [], 0, None
            while imported is None and time.perf_counter() - began < 600:
                time.sleep(args.think)
                busy.append(move(page, frame, step))
                step += 1
                done = uploader.locator("[data-testid='stMetric'], [data-testid='stAlert']")
                if done.count():
                    imported = time.perf_counter() - began
            stop.set()
            report = uploader.locator("[data-testid='stMetric'], [data-testid='stAlert']").all_inner_texts()
    finally:
        stop_app(process)
    for label, moves in (("idle", idle), ("during the import", busy)):
        markers, figures = [m for m, _ in moves], [f for _, f in moves]
        print(
            f"{label:>18}: {len(moves)} moves; markers p50 {quantile(markers, 0.5)} p95 {quantile(markers, 0.95)}; "
            f"figures p50 {quantile(figures, 0.5)} p95 {quantile(figures, 0.95)} max {quantile(figures, 1.0)}"
        )
    print(f"import shown after {imported:.1f} s" if imported else "import not shown within 600 s")
    if health:
        print(f"health endpoint during the import: median {statistics.median(health):.2f} s, max {max(health):.2f} s")
    print("report:", " | ".join(text.replace("\n", " ") for text in report)[:400])


if __name__ == "__main__":
    main()
