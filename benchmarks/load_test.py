"""Load test: N concurrent browser sessions moving the date (run by hand, not a test).

Starts `streamlit run app.py` on 127.0.0.1, opens N headless Chromium sessions at once
(Playwright, Debian's Chromium), and in each presses the arrow keys of the map's time bar
(or of a Streamlit date slider, on a tree where the server still redrew the map for a view)
a bounded number of times, alternating right and left so every press changes the map. The
sessions open the page together, wait until every one shows its map, then move together.
Reports the p50/p95 time from key press to map update (all moves; each session's first
move, when all sessions start within one think time of each other; and the moves after it),
from key press to the figures above the map showing the new date, the server's peak
resident memory, and how long the pages took to open all at once.

    .venv/bin/python benchmarks/load_test.py [--sessions 10,25] [--moves 6] [--think 0.8] [--url URL]
        [--query from=2012-06-01]

With --url it measures an already running server (for example the nginx proxy in deploy/).
--query adds URL parameters (a custom period: from=...; before issue #18 the server redrew
such a map on every move).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.harness import (  # noqa: E402
    ARM,
    CHANGED,
    CHROMIUM,
    CHROMIUM_ARGS,
    FIGURES_SHOW,
    OBSERVE,
    start_app,
    stop_app,
)


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


@dataclass
class Run:
    """What the sessions of one run share: the barrier they meet at, and what they measured."""

    sessions: int
    think: float  # mean seconds a viewer looks at the map before the next move
    query: str = ""  # more URL parameters for the map page
    opened: list[float] = field(default_factory=list)  # seconds from goto to the map's markers
    # Seconds from key press to map change: each session's first move (all within one think
    # time of each other, right after every page opened), and the moves after it.
    first: list[float] = field(default_factory=list)
    later: list[float] = field(default_factory=list)
    # Seconds from key press to the figures above the map showing the new date (with the time
    # bar on the map, the browser moves the markers and the server then redraws the figures).
    figures: list[float] = field(default_factory=list)
    controls: set[str] = field(default_factory=set)  # which control moved the date
    failures: list[str] = field(default_factory=list)
    arrived: int = 0
    all_open: asyncio.Event = field(default_factory=asyncio.Event)

    def arrive(self) -> None:
        """A session is open (or has failed): once all are, they start moving together."""
        self.arrived += 1
        if self.arrived == self.sessions:
            self.all_open.set()


async def open_map(page, url: str, query: str = ""):
    """Open the map page; the frame holding the Leaflet map once its town markers are drawn."""
    await page.goto(f"{url}/?date=2013-01-25&window=90{'&' + query if query else ''}", timeout=180_000)
    deadline = time.time() + 180
    while time.time() < deadline:
        for candidate in page.frames:
            try:
                if await candidate.locator(".leaflet-marker-pane .mcm-town").count():
                    return candidate
            except Exception:  # a frame may detach while we look at it
                pass
        await asyncio.sleep(0.25)
    return None


async def session(browser, url: str, moves: int, run: Run) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 1100})
    await context.route(
        "**/*.png",
        lambda route: route.fulfill(status=204) if "127.0.0.1" not in route.request.url else route.continue_(),
    )
    page = await context.new_page()
    arrived = False
    try:
        began = time.perf_counter()
        frame = await open_map(page, url, run.query)
        if frame is None:
            frames = len(page.frames)
            status = await page.locator(
                '[data-testid="stConnectionStatus"], [data-testid="stException"]'
            ).all_inner_texts()
            shot = Path(tempfile.gettempdir()) / f"load-test-no-map-{id(page)}.png"
            await page.screenshot(path=str(shot))
            run.failures.append(f"map never appeared ({frames} frames, status {status}, screenshot {shot})")
            return
        run.opened.append(time.perf_counter() - began)
        await frame.evaluate(ARM)
        await frame.evaluate(OBSERVE)
        # The moves are measured with all N sessions open: opening 25 pages at once is a
        # different load (reported separately) from 25 open pages in use.
        run.arrive()
        arrived = True
        await run.all_open.wait()
        # Viewers do not press a key in the same millisecond: each starts within one think
        # time, and looks at the map for think x (0.5 to 1.5) seconds between moves.
        jitter = random.Random()
        await asyncio.sleep(jitter.uniform(0, run.think))
        # The time bar on the map when the view fits in the browser, else Streamlit's slider.
        time_bar = frame.locator(".mm-timebar input[type=range]")
        control = time_bar if await time_bar.count() else page.get_by_role("slider").first
        run.controls.add("time bar" if control is time_bar else "Streamlit slider")
        for move in range(moves):
            if move:
                await asyncio.sleep(run.think * jitter.uniform(0.5, 1.5))
            await frame.evaluate(ARM)
            await control.focus()
            pressed = await page.evaluate("() => performance.timeOrigin + performance.now()")
            await page.keyboard.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
            day = await control.get_attribute("aria-valuetext")
            try:
                changed = await asyncio.wait_for(frame.evaluate(CHANGED), timeout=60)
                figures = await asyncio.wait_for(page.evaluate(FIGURES_SHOW, day), timeout=60)
            except TimeoutError:
                running = await page.locator('[data-testid="stStatusWidget"]').count()
                run.failures.append(f"move {move}: map or figures unchanged in 60 s; {day}, running={running}")
                return
            (run.later if move else run.first).append((changed - pressed) / 1000)
            run.figures.append((figures - pressed) / 1000)
    except Exception as err:  # a load test reports failures rather than stopping at the first
        run.failures.append(f"{type(err).__name__}: {str(err)[:120]}")
    finally:
        if not arrived:
            run.arrive()
        await context.close()


async def measure(url: str, sessions: int, moves: int, think: float, query: str = "") -> Run:
    from playwright.async_api import async_playwright

    run = Run(sessions, think, query)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*(session(browser, url, moves, run) for _ in range(sessions)))
        await browser.close()
    return run


def seconds(values: list[float], q: float) -> str:
    """The q-quantile (nearest rank) of values, as text; "-" when nothing was measured."""
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="10,25")
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--think", type=float, default=0.8, help="mean seconds from a map update to the next move")
    parser.add_argument("--url")
    parser.add_argument("--port", default="8591")
    parser.add_argument("--query", default="", help="more URL parameters, e.g. from=2012-06-01 (a custom period)")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        server, url = start_app(int(args.port))
    print(f"Each session makes {args.moves} moves, {args.think} s apart on average (x 0.5 to 1.5).")
    print(
        "| sessions | moved by | moves | p50 key press -> map updated | p95 | max | p95 of first moves |"
        " p95 of later moves | p50 key press -> figures updated | p95 | failures | server peak memory |"
        " p50 page open (all at once) | p95 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
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
            run = asyncio.run(measure(url, count, args.moves, args.think, args.query))
            stop.set()
            watcher.join()
            memory = f"{peak[0]:.0f} MiB" if server is not None else "n/a (external server)"
            moves = run.first + run.later
            print(
                f"| {count} | {', '.join(sorted(run.controls))} | {len(moves)} | {seconds(moves, 0.5)} | "
                f"{seconds(moves, 0.95)} | {seconds(moves, 1)} | {seconds(run.first, 0.95)} | "
                f"{seconds(run.later, 0.95)} | {seconds(run.figures, 0.5)} | {seconds(run.figures, 0.95)} | "
                f"{len(run.failures)} | {memory} | {seconds(run.opened, 0.5)} | {seconds(run.opened, 0.95)} |",
                flush=True,
            )
            for failure in run.failures[:5]:
                print(f"  failure: {failure}")
    finally:
        if server is not None:
            stop_app(server)


if __name__ == "__main__":
    main()
