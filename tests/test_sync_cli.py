"""``python -m geo sync`` as a person runs it: credentials from the environment, the report, a
sync killed halfway, and no credential left in any file, log line or URL."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

from benchmarks.fake_sources import EMAIL, PASSWORD, UCDP_TOKEN, FakeApis, acled_row
from geo.sync import SOURCES, Http, Store, run_sync
from geo.sync.sources.acled import PAGE_SIZE

from .conftest import REPO
from .test_sync import DAY, LOGIN, rows


def cli(store_path, fake, *extra, env_extra=None, background=False):
    env = {**os.environ, "ACLED_EMAIL": EMAIL, "ACLED_PASSWORD": PASSWORD, "PYTHONPATH": str(REPO), **(env_extra or {})}
    command = [sys.executable, "-m", "geo", "sync", "acled", "--store", str(store_path), "--base-url", fake.url, *extra]
    if background:
        return subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
    )


def test_the_command_line_prints_the_report_and_every_rejected_row(tmp_path):
    with FakeApis([*rows(5), {"event_id_cnty": "MLI-bad", "event_date": "2024-02-30", "country": "Mali"}]) as fake:
        done = cli(tmp_path / "s.sqlite3", fake, "--rejected", str(tmp_path / "rejected.csv"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 fetched, 5 new, 0 updated, 0 deleted, 1 rejected" in done.stdout
    assert "page 1, row 6 (MLI-bad):" in done.stdout
    assert "MLI-bad" in (tmp_path / "rejected.csv").read_text()


def test_wrong_credentials_on_the_command_line(tmp_path):
    with FakeApis(rows(2)) as fake:
        done = cli(tmp_path / "s.sqlite3", fake, env_extra={"ACLED_PASSWORD": "nope"})
    assert done.returncode == 1
    assert "did not accept this email and password" in done.stdout and "Traceback" not in done.stderr
    assert Store(tmp_path / "s.sqlite3").count("acled") == 0


def test_a_sync_killed_halfway_leaves_the_store_unchanged_and_the_next_run_completes(tmp_path):
    path = tmp_path / "s.sqlite3"
    with FakeApis(rows(3, start=900_000)) as fake:
        first = cli(path, fake)
        assert first.returncode == 0, first.stdout + first.stderr
    with FakeApis(rows(PAGE_SIZE * 2 + 3), slow_page=(2, 120)) as fake:
        process = cli(path, fake, "--since", "2012-01-01", background=True)
        deadline = time.time() + 240
        while not any("page=2" in r for r in fake.requests) and time.time() < deadline:
            time.sleep(0.2)
        assert any("page=2" in r for r in fake.requests), "the sync never reached its second page"
        process.kill()  # SIGKILL: no cleanup of any kind runs
        process.wait(timeout=30)
        store = Store(path)
        assert store.count("acled") == 3
        store.close()
        fake.slow_page = None
        again = cli(path, fake, "--since", "2012-01-01")
    assert again.returncode == 0, again.stdout + again.stderr
    store = Store(path)
    assert store.count("acled") == PAGE_SIZE * 2 + 3 + 3
    store.close()


def test_credentials_appear_in_no_file_log_line_or_url(tmp_path, caplog):
    secrets = [PASSWORD, EMAIL, UCDP_TOKEN]
    caplog.set_level(logging.DEBUG)
    folder = tmp_path / "store"
    folder.mkdir()
    with FakeApis(rows(PAGE_SIZE + 2), ucdp={"25.1": []}) as fake:
        store = Store(folder / "sync.sqlite3")
        run_sync(
            SOURCES["acled"], LOGIN, store, base_url=fake.url, http=Http(), progress=lambda *a: fake.expire_tokens()
        )
        run_sync(SOURCES["ucdp"], {"token": UCDP_TOKEN}, store, base_url=fake.url, http=Http())
        done = cli(folder / "sync.sqlite3", fake)
        urls = "\n".join(fake.requests)
        store.close()
    assert any("urllib3" in r.name for r in caplog.records), "the HTTP client's debug log was not captured"
    written = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert written and acled_row(0, DAY)["event_id_cnty"].encode() in written
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in urls
        assert secret.encode() not in written
        assert secret not in done.stdout + done.stderr
    assert "/oauth/token" in urls and "acled/read" in urls and "gedevents" in urls
