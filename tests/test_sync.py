"""Sync from ACLED and UCDP (geo.sync), offline, against the local fake of their APIs in
benchmarks/fake_sources.py (shaped as the pages cited in geo/sync/sources/*.py describe them)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from benchmarks.fake_sources import EMAIL, PASSWORD, UCDP_TOKEN, FakeApis, acled_row, ucdp_row
from geo.importers import combine
from geo.sync import SOURCES, Http, Store, SyncFailure, run_sync, synced_import
from geo.sync.sources.acled import PAGE_SIZE

ACLED = SOURCES["acled"]
UCDP = SOURCES["ucdp"]
LOGIN = {"email": EMAIL, "password": PASSWORD}
DAY = dt.date(2024, 3, 1)


def rows(count: int, start: int = 0, timestamp: int = 1_760_000_000) -> list[dict]:
    return [acled_row(i, DAY + dt.timedelta(days=i % 200), timestamp=timestamp) for i in range(start, start + count)]


def quick() -> Http:
    """A client that retries at once (the tests need not wait for the real backoff)."""
    return Http(retries=2, backoff=0.0)


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "sync.sqlite3")
    yield opened
    opened.close()


def sync(fake, store, source=ACLED, credentials=LOGIN, **kwargs):
    return run_sync(source, credentials, store, base_url=fake.url, http=kwargs.pop("http", quick()), **kwargs)


def test_a_first_sync_reads_every_page_into_the_store(store):
    with FakeApis(rows(PAGE_SIZE + 7) + [acled_row(99_999, DAY, country="Niger")]) as fake:
        report = sync(fake, store)
        reads = [r for r in fake.requests if r.startswith("GET /api/acled/read")]
    assert len(reads) == 2 and "page=1" in reads[0] and "page=2" in reads[1]
    assert "country=Mali" in reads[0]
    assert (report.fetched, report.new, report.updated, report.deleted, len(report.rejected)) == (
        PAGE_SIZE + 7,
        PAGE_SIZE + 7,
        0,
        0,
        0,
    )
    assert store.count("acled") == PAGE_SIZE + 7
    assert report.latest_event == max(DAY + dt.timedelta(days=i % 200) for i in range(PAGE_SIZE + 7))


def test_the_next_sync_asks_only_for_changes_and_applies_updates_and_deletions(store):
    first = rows(30, timestamp=1_760_000_000)
    with FakeApis(first) as fake:
        sync(fake, store)
        changed = dict(first[3], fatalities="12", timestamp="1760500000")
        fake.acled = [*first[:3], changed, *first[4:], acled_row(500, DAY, timestamp=1_760_500_000)]
        fake.acled.remove(first[10])
        fake.deleted = [{"event_id_cnty": first[10]["event_id_cnty"], "deleted_timestamp": str(2_000_000_000)}]
        report = sync(fake, store)
        last_read = [r for r in fake.requests if r.startswith("GET /api/acled/read")][-1]
    assert "timestamp=1760000000" in last_read and "timestamp_where=%3E%3D" in last_read
    assert (report.new, report.updated, report.deleted) == (1, 1, 1)
    events = store.events("acled").set_index("event_id")
    assert first[10]["event_id_cnty"] not in events.index
    assert events.loc[first[3]["event_id_cnty"], "fatalities_low"] == 12


def test_wrong_credentials_say_so_and_store_nothing(store, tmp_path):
    refused = pytest.raises(SyncFailure, match="did not accept this email and password")
    with FakeApis(rows(5)) as fake, refused as failure:
        sync(fake, store, credentials={"email": EMAIL, "password": "wrong password"})
    assert "wrong password" not in str(failure.value)
    assert store.count("acled") == 0 and store.state("acled") == {} and store.last_sync("acled") is None


def test_an_expired_token_is_renewed_mid_sync(store):
    with FakeApis(rows(PAGE_SIZE * 2 + 1)) as fake:
        report = sync(fake, store, progress=lambda done, total, what: fake.expire_tokens())
        posts = [r for r in fake.requests if r.startswith("POST /oauth/token")]
    assert report.fetched == PAGE_SIZE * 2 + 1 and store.count("acled") == report.fetched
    assert len(posts) == 3  # the login, then one renewal after each of the first two pages


def test_429_is_retried_after_the_wait_the_server_asks(store):
    with FakeApis(rows(3)) as fake:
        fake.queue("acled_read", 429, {"Retry-After": "1"})
        started = dt.datetime.now()
        report = sync(fake, store)
        waited = (dt.datetime.now() - started).total_seconds()
    assert report.new == 3 and fake.counts["acled_read"] == 2
    assert waited >= 1.0


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_server_that_keeps_failing_gets_a_clear_message_and_the_old_data_stay(store, status):
    with FakeApis(rows(4)) as fake:
        sync(fake, store)
        fake.acled = rows(9)
        for _ in range(3):
            fake.queue("acled_read", status, {"Retry-After": "0"})
        with pytest.raises(SyncFailure, match=f"answered {status}.*try again later"):
            sync(fake, store, since=dt.date(2012, 1, 1))
    assert fake.counts["acled_read"] == 1 + 3
    assert store.count("acled") == 4


def test_a_very_long_retry_after_is_not_waited_for(store):
    with FakeApis(rows(2)) as fake:
        fake.queue("acled_read", 429, {"Retry-After": "7200"})
        with pytest.raises(SyncFailure, match="asks to wait 7200 seconds"):
            sync(fake, store)


def test_the_network_down_gets_a_clear_message_and_the_old_data_stay(store):
    with FakeApis(rows(4)) as fake:
        sync(fake, store)
        address = fake.url
    with pytest.raises(SyncFailure, match="cannot reach 127.0.0.1"):
        run_sync(ACLED, LOGIN, store, base_url=address, http=quick())
    assert store.count("acled") == 4 and store.last_sync("acled")["new"] == 4


def test_malformed_json_stops_the_sync_with_the_old_data_intact(store):
    with FakeApis(rows(PAGE_SIZE + 3)) as fake:
        sync(fake, store)
        fake.acled = rows(PAGE_SIZE + 9, start=100_000)
        fake.queue("acled_read", 200, body='{"status": 200, "data": [{"event_id_cnty": ')
        with pytest.raises(SyncFailure, match="not the JSON object"):
            sync(fake, store, since=dt.date(2012, 1, 1))
    assert store.count("acled") == PAGE_SIZE + 3


def test_a_changed_field_rejects_the_rows_with_the_reason_and_loses_none(store):
    renamed = [{("deaths" if k == "fatalities" else k): v for k, v in row.items()} for row in rows(6)]
    broken = [*rows(2, start=50), "not a row", {"event_date": "2024-01-01", "country": "Mali"}]
    with FakeApis(renamed) as fake:
        report = sync(fake, store)
        fake.acled = broken
        second = sync(fake, store, since=dt.date(2012, 1, 1))
    assert report.fetched == 6 and report.accepted == 0 and len(report.rejected) == 6
    assert all("lacks the column(s): fatalities" in reason for *_, reason in report.rejected)
    assert (second.fetched, second.accepted, len(second.rejected)) == (4, 2, 2)
    reasons = [reason for *_, reason in second.rejected]
    assert reasons == ["not a JSON object (a str)", "no event id (event_id_cnty)"]


def test_an_empty_answer_is_a_sync_of_nothing(store):
    with FakeApis([]) as fake:
        report = sync(fake, store)
    assert report.counts() == {"fetched": 0, "new": 0, "updated": 0, "deleted": 0, "rejected": 0}
    assert store.last_sync("acled")["fetched"] == 0


def test_an_interrupted_sync_changes_nothing_and_the_next_completes(store):
    with FakeApis(rows(PAGE_SIZE * 2 + 5)) as fake:

        def stop_after_first_page(done, total, what):
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            sync(fake, store, progress=stop_after_first_page)
        assert store.count("acled") == 0 and store.state("acled") == {}
        report = sync(fake, store)
    assert report.new == PAGE_SIZE * 2 + 5 and store.count("acled") == report.new


def test_ucdp_candidate_events_are_provisional_until_a_ged_release_covers_them(store):
    ged_2023 = [ucdp_row(i, dt.date(2023, 1, 1) + dt.timedelta(days=i)) for i in range(300)]
    candidates = [ucdp_row(900_000 + i, dt.date(2024, 2, 1) + dt.timedelta(days=i)) for i in range(20)]
    ged_2024 = ged_2023 + [ucdp_row(1000 + i, dt.date(2024, 1, 1) + dt.timedelta(days=i)) for i in range(50)]
    elsewhere = [ucdp_row(5000, dt.date(2023, 5, 1), country_id=436, country="Niger")]
    releases = {"24.1": ged_2023 + elsewhere, "24.0.2": candidates, "25.1": ged_2024}
    with FakeApis(ucdp=releases) as fake:
        first = sync(
            fake, store, UCDP, {"token": UCDP_TOKEN}, options={"ged_version": "24.1", "candidate_version": "24.0.2"}
        )
        assert "x-ucdp" not in " ".join(fake.requests) and UCDP_TOKEN not in " ".join(fake.requests)
        events = store.events("ucdp")
        provisional = events[events["note"].str.startswith("Provisional")]
        assert len(provisional) == 20 and provisional["event_id"].str.startswith("candidate-").all()
        second = sync(fake, store, UCDP, {"token": UCDP_TOKEN}, options={"ged_version": "25.1"})
    assert (first.fetched, first.new) == (320, 320)
    assert (second.new, second.deleted) == (50, 20)
    assert not store.events("ucdp")["note"].str.startswith("Provisional").any()


def test_a_wrong_ucdp_token_says_so(store):
    refused = pytest.raises(SyncFailure, match="UCDP did not accept this access token")
    with FakeApis(ucdp={"25.1": []}) as fake, refused:
        sync(fake, store, UCDP, {"token": "not the token"})
    assert store.count("ucdp") == 0


def test_synced_events_join_the_map_like_an_upload(store, bundled):
    with FakeApis(rows(12)) as fake:
        sync(fake, store)
    result = synced_import(store, ACLED)
    joined = combine(bundled, result, "both")
    assert joined.events["event_id"].isin(result.events["event_id"]).sum() == 12
    assert len(joined.events) == len(bundled.events) + 12


def test_the_store_lives_outside_the_repository(monkeypatch, tmp_path):
    from geo.sync.store import REPO, data_dir

    monkeypatch.setenv("MALI_MAP_SYNC_DIR", str(tmp_path / "elsewhere"))
    assert data_dir() == (tmp_path / "elsewhere").resolve()
    monkeypatch.setenv("MALI_MAP_SYNC_DIR", str(REPO / "data"))
    with pytest.raises(SyncFailure, match="must not be inside the repository"):
        data_dir()


def test_the_store_is_sqlite_with_no_place_for_a_credential(store):
    columns = {
        row[1]
        for table in ("events", "actors", "state", "syncs")
        for row in store.db.execute(f"PRAGMA table_info({table})")
    }
    assert not {"password", "token", "email", "access_token"} & columns
    assert isinstance(store.db, sqlite3.Connection)


def test_every_source_cites_the_pages_it_follows():
    import importlib

    for name, source in SOURCES.items():
        doc = importlib.import_module(f"geo.sync.sources.{name}").__doc__
        assert "https://" in doc and "Not read in any page" in doc, name
        assert source.attribution and "{date}" in source.attribution
    assert not ACLED.shareable  # ACLED's terms: never shown to another session


def mutated_rows():
    from hypothesis import strategies as st

    junk = st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 10**7), st.lists(st.integers(), max_size=2))
    fields = sorted(acled_row(0, DAY))

    @st.composite
    def row(draw):
        kind = draw(st.sampled_from(["good", "changed", "missing", "other"]))
        number = draw(st.integers(0, 30))
        base = acled_row(number, DAY)
        if kind == "changed":
            base[draw(st.sampled_from(fields))] = draw(junk)
        elif kind == "missing":
            del base[draw(st.sampled_from(fields))]
        elif kind == "other":
            return draw(junk)
        return base

    return st.lists(row(), max_size=25)


def test_no_synced_row_is_lost_whatever_it_holds():
    """Property: for any page of rows, good, damaged or not rows at all, accepted plus rejected is
    the page's row count, and each accepted row has its fingerprint."""
    from hypothesis import given, settings

    from geo.sync.engine import import_page
    from geo.sync.sources import Page

    @settings(max_examples=60)
    @given(mutated_rows())
    def check(page_rows):
        events, _, rejected, digests = import_page(ACLED, Page(page_rows, "events"), None)
        assert len(events) + len(rejected) == len(page_rows)
        assert len(digests) == len(events)
        assert all(reason for *_, reason in rejected)

    check()
