"""Load test: N concurrent browser sessions moving the slider (run by hand, not a test).

Starts `streamlit run app.py` on 127.0.0.1, opens N headless Chromium sessions at once
(Playwright, Debian's Chromium), and in each presses the slider's arrow keys a bounded
number of times, alternating right and left so every press changes the map. Reports the
p50/p95 time from key press to map update and the server's peak resident memory.

    .venv/bin/python benchmarks/load_test.py [--sessions 10,25] [--moves 6] [--url URL]

With --url it measures an already running server (for example the nginx proxy in deploy/).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

OBSERVE = """() => { window.__changed = null;
  const pane = document.querySelector('.leaflet-marker-pane');
  new MutationObserver(() => { if (!window.__changed) window.__changed = performance.now(); })
      .observe(pane, {childList: true, subtree: true}); }"""


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, in MiB (Linux /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def session(browser, url: str, moves: int, results: list[float], failures: list[str]) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 1100})
    await context.route(
        "**/*.png",
        lambda route: route.fulfill(status=204) if "127.0.0.1" not in route.request.url else route.continue_(),
    )
    page = await context.new_page()
    try:
        await page.goto(f"{url}/?date=2013-01-25&window=90", timeout=180_000)
        frame = None
        deadline = time.time() + 180
        while frame is None and time.time() < deadline:
            for candidate in page.frames:
                try:
                    if await candidate.locator(".leaflet-marker-pane .mcm-town").count():
                        frame = candidate
                except Exception:
                    pass
            await asyncio.sleep(0.25)
        if frame is None:
            failures.append("map never appeared")
            return
        for move in range(moves):
            await frame.evaluate(OBSERVE)
            # Let any late drawing of the previous move finish, then start the clock afresh.
            await asyncio.sleep(0.3)
            await frame.evaluate("() => { window.__changed = null; }")
            slider = page.get_by_role("slider").first
            await slider.focus()
            pressed = await page.evaluate("() => performance.timeOrigin + performance.now()")
            await page.keyboard.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
            await frame.wait_for_function("() => window.__changed !== null", timeout=120_000)
            changed = await frame.evaluate("() => performance.timeOrigin + window.__changed")
            results.append((changed - pressed) / 1000)
            await asyncio.sleep(0.5)
    except Exception as err:  # a load test reports failures rather than stopping at the first
        failures.append(f"{type(err).__name__}: {str(err)[:120]}")
    finally:
        await context.close()


async def run(url: str, sessions: int, moves: int) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    results: list[float] = []
    failures: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*(session(browser, url, moves, results, failures) for _ in range(sessions)))
        await browser.close()
    return results, failures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="10,25")
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--url")
    parser.add_argument("--port", default="8591")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        server, url = start_app(int(args.port))
    print(
        "| sessions | slider moves measured | p50 key press -> map updated | p95 | max | failures |"
        " server peak memory |"
    )
    print("|---|---|---|---|---|---|---|")
    try:
        for count in [int(s) for s in args.sessions.split(",")]:
            peak = [0.0]
            stop = threading.Event()

            def watch(stop: threading.Event = stop, peak: list[float] = peak) -> None:
                while not stop.is_set() and server is not None:
                    peak[0] = max(peak[0], rss_mib(server.pid))
                    time.sleep(0.2)

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            results, failures = asyncio.run(run(url, count, args.moves))
            stop.set()
            watcher.join()
            memory = f"{peak[0]:.0f} MiB" if server is not None else "n/a (external server)"
            if results:
                print(
                    f"| {count} | {len(results)} | {statistics.median(results):.2f} s | "
                    f"{percentile(results, 0.95):.2f} s | {max(results):.2f} s | {len(failures)} | {memory} |",
                    flush=True,
                )
            else:
                print(f"| {count} | 0 | - | - | - | {len(failures)} | {memory} |", flush=True)
            for failure in failures[:5]:
                print(f"  failure: {failure}")
    finally:
        if server is not None:
            stop_app(server)


if __name__ == "__main__":
    main()
