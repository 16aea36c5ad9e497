"""Starting the app and Debian's Chromium: shared by the browser tests and the benchmarks.

It lives here, not under tests/, so that the benchmarks never import the tests (tests may
import benchmarks; tests/test_architecture.py checks the other way round)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Timing a map update (benchmarks): one observer on the map's marker pane. Each move arms a
# promise that the first change of the pane resolves, so waiting costs the page nothing
# (polling on animation frames would make every waiting page draw frames and load the
# machine it measures).
OBSERVE = """() => {
  const pane = document.querySelector('.leaflet-marker-pane');
  new MutationObserver(() => {
    if (window.__changed === null) { window.__changed = performance.now(); window.__resolve(); }
  }).observe(pane, {childList: true, subtree: true});
}"""
ARM = """() => { window.__changed = null; window.__done = new Promise(r => { window.__resolve = r; }); }"""
CHANGED = "() => window.__done.then(() => performance.timeOrigin + window.__changed)"
# On the page (not the map's frame): when the figures above the map show ``day`` (the server's
# part of a move when the browser moved the markers itself).
FIGURES_SHOW = """(day) => new Promise(resolve => {
  // The figures' heading says its date in words ("Towns held on 26 January 2013") and in data-day.
  const shown = () => [...document.querySelectorAll('.mm-small')]
    .some(e => e.dataset.day === day || e.textContent.includes(day));
  const done = () => resolve(performance.timeOrigin + performance.now());
  if (shown()) { done(); return; }
  const observer = new MutationObserver(() => { if (shown()) { observer.disconnect(); done(); } });
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
})"""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(port: int | None = None, env: dict | None = None, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on 127.0.0.1, returned once /_stcore/health answers; (process, base URL)."""
    port = port or free_port()
    # A file, not a pipe: a pipe nobody reads would block the server once it fills.
    log = tempfile.NamedTemporaryFile(prefix="mali-map-server-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    output = Path(log.name).read_text(errors="replace")[-2000:]
    raise RuntimeError(f"the Streamlit server did not start: {output}")


def stop_app(process: subprocess.Popen) -> None:
    """Stop a server that start_app started, and wait for it."""
    process.terminate()
    process.wait(timeout=20)
