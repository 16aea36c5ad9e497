"""ACLED's API, with the user's own myACLED account (OAuth password grant, 2025).

What this follows, from the pages read (through the search tool's stored copies, 2026-11-30):

- ACLED, "Importing data from the ACLED API into PowerBI",
  https://acleddata.com/api-documentation/importing-data-acled-api-powerbi : the token is a
  POST to ``https://acleddata.com/oauth/token`` with the form fields ``username``, ``password``,
  ``grant_type=password`` and ``client_id=acled``; its JSON answer's ``access_token`` is sent as
  ``Authorization: Bearer …`` to ``https://acleddata.com/api/acled/read``.
- ACLED, "Getting started" (API documentation; read as a mirror of
  https://acleddata.com/reactivation/api-authentication): cookie or OAuth token authentication;
  ``https://acleddata.com/api/acled/read?limit=10``; JSON by default.
- ACLED, "Elements of ACLED's API" (read as a mirror): ``_format``; the JSON answer carries
  ``status``, ``count`` and the rows; "limits & pagination" (``limit``, ``page``).
- ACLED, "Deleted endpoint" (20 May 2025, updated 30 September 2025; read as a mirror of
  https://acleddata.com/api-documentation/deleted-endpoint): ``/api/deleted/read`` lists the
  ``event_id_cnty`` of withdrawn events, its URL built "identical to any other endpoint".
- ACLED, "Keeping ACLED data updated", https://acleddata.com/knowledge-base/keeping-acled-data-updated :
  an updated event keeps its ``event_id_cnty``; events are also deleted.
- ACLED's own R package acledR (dtacled/acledR, R/acled_api.R and R/acled_deletions_api.R):
  ``country=Mali``, ``event_date=FROM|TO`` with ``event_date_where=BETWEEN``,
  ``timestamp=N`` with ``timestamp_where=>=`` (events added or updated since N),
  ``deleted_timestamp=N`` with ``deleted_timestamp_where=>=``, each deleted row holding
  ``event_id_cnty`` and ``deleted_timestamp``.
- ``with_total=true`` (the answer then says ``total_count``, used for the progress bar only):
  ACLED's announcement as quoted in forecastingresearch/forecastbench issue 188.

Not read in any page: the token's lifetime and a refresh grant. The token is renewed when the
API answers 401 mid-sync: with the ``refresh_token`` if the token answer held one (the standard
OAuth 2.0 refresh grant, RFC 6749 section 6), else by the password grant again with the
credentials this sync still holds in memory. The page size (5,000) is ours; pages are read
until one comes back shorter than that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from geo.sync.http import Http, Secret, SyncFailure, expect_json_object
from geo.sync.sources import Credential, Page, Plan, SyncSource, Withdrawn

TOKEN_PATH = "/oauth/token"
READ_PATH = "/api/acled/read"
DELETED_PATH = "/api/deleted/read"
PAGE_SIZE = 5000
#: Most pages one sync reads (5 million rows): a server that never sends a short page cannot
#: keep a sync running for ever.
MAX_PAGES = 1000


class _Auth:
    """The bearer token of one sync, renewed when the API says it expired."""

    def __init__(self, http: Http, base: str, email: str, password: Secret) -> None:
        self.http, self.base, self.email, self.password = http, base, email, password
        self.access: str | None = None
        self.refresh: str | None = None

    def login(self) -> None:
        self._token(
            {
                "username": self.email,
                "password": self.password.reveal(),
                "grant_type": "password",
                "client_id": "acled",
            },
            "ACLED's login",
        )

    def renew(self) -> None:
        if self.refresh:
            answer = self.http.request(
                "POST",
                self.base + TOKEN_PATH,
                "ACLED's token renewal",
                data={"grant_type": "refresh_token", "refresh_token": self.refresh, "client_id": "acled"},
            )
            if answer.status == 200 and self._keep(answer.body):
                return
        self.login()

    def _token(self, form: dict[str, str], what: str) -> None:
        answer = self.http.request("POST", self.base + TOKEN_PATH, what, data=form)
        if answer.status in (400, 401, 403):
            raise SyncFailure(
                f"ACLED did not accept this email and password (it answered {answer.status}"
                f"{_error_of(answer.body)}). Check them by logging in on acleddata.com; nothing was stored"
            )
        if answer.status != 200:
            raise SyncFailure(f"{what}: ACLED answered {answer.status}; nothing was stored")
        if not self._keep(expect_json_object(answer, what)):
            raise SyncFailure(f"{what}: ACLED's answer has no access_token; nothing was stored")

    def _keep(self, body) -> bool:
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            return False
        self.access = token
        refresh = body.get("refresh_token")
        self.refresh = refresh if isinstance(refresh, str) and refresh else None
        return True

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


def _error_of(body) -> str:
    """The OAuth error code of a refusal (RFC 6749: ``error``), as plain short text."""
    code = body.get("error") if isinstance(body, dict) else None
    return f": {str(code)[:40]}" if isinstance(code, str) and code.isprintable() else ""


def _read(http: Http, auth: _Auth, url: str, params: dict, what: str) -> tuple[dict, list]:
    """One page of an endpoint: (the answer, its rows); the token renewed once on a 401."""
    answer = http.request("GET", url, what, params=params, headers=auth.headers())
    if answer.status == 401:
        auth.renew()
        answer = http.request("GET", url, what, params=params, headers=auth.headers())
        if answer.status == 401:
            raise SyncFailure(f"{what}: ACLED refused a fresh access token (401); nothing was changed")
    if answer.status == 403:
        raise SyncFailure(
            f"{what}: ACLED says this account may not read this data (403). Accept ACLED's terms of use and "
            "ask ACLED for API access on your myACLED account; nothing was changed"
        )
    if answer.status != 200:
        raise SyncFailure(f"{what}: ACLED answered {answer.status}; nothing was changed")
    body = expect_json_object(answer, what)
    rows = body.get("data")
    if rows is None and body.get("count") in (0, "0"):
        rows = []
    if not isinstance(rows, list):
        raise SyncFailure(f"{what}: ACLED's answer has no list of rows ('data'); nothing was changed")
    return body, rows


def _total(body: dict) -> int | None:
    total = body.get("total_count")
    try:
        return int(total) if total is not None else None
    except (TypeError, ValueError):
        return None


def _latest_timestamp(rows: list, current: int) -> int:
    for row in rows:
        if isinstance(row, dict):
            try:
                current = max(current, int(str(row.get("timestamp", "")).strip()))
            except ValueError:
                continue
    return current


def fetch(http: Http, credentials: Mapping[str, Secret], plan: Plan) -> Iterator[Page | Withdrawn]:
    """Mali's events from ``plan.since`` (first sync, or a date given), else those added or
    updated since the last sync's latest ``timestamp``; then the ids ACLED withdrew since the
    last sync."""
    email, password = credentials.get("email"), credentials.get("password")
    if not email or not password:
        raise SyncFailure("ACLED needs the email and the password of your myACLED account")
    base = plan.base_url.rstrip("/")
    auth = _Auth(http, base, email.reveal().strip(), password)
    auth.login()
    params: dict[str, object] = {"_format": "json", "country": "Mali", "limit": PAGE_SIZE, "with_total": "true"}
    params |= {"event_date": f"{plan.since:%Y-%m-%d}|{dt.date.today():%Y-%m-%d}", "event_date_where": "BETWEEN"}
    cursor = int(plan.state.get("timestamp", "0") or 0)
    if cursor and not plan.full:
        params |= {"timestamp": cursor, "timestamp_where": ">="}
    latest = cursor
    for number in range(1, MAX_PAGES + 1):
        what = f"ACLED's events for Mali, page {number}"
        body, rows = _read(http, auth, base + READ_PATH, params | {"page": number}, what)
        latest = _latest_timestamp(rows, latest)
        yield Page(rows=rows, dataset="events", number=number, total=_total(body))
        if len(rows) < PAGE_SIZE:
            break
    since_deleted = plan.state.get("deleted_since")
    if since_deleted:
        withdrawn: list[str] = []
        for number in range(1, MAX_PAGES + 1):
            what = f"ACLED's deleted events, page {number}"
            query = {"_format": "json", "deleted_timestamp": since_deleted, "deleted_timestamp_where": ">="}
            _, rows = _read(http, auth, base + DELETED_PATH, query | {"limit": PAGE_SIZE, "page": number}, what)
            withdrawn += [str(r["event_id_cnty"]) for r in rows if isinstance(r, dict) and r.get("event_id_cnty")]
            if len(rows) < PAGE_SIZE:
                break
        yield Withdrawn(withdrawn)
    # Deletions are asked for from a little before this sync began: a deletion made while it ran is not missed.
    plan.new_state.update(timestamp=str(latest), deleted_since=str(int(plan.started.timestamp()) - 3600))


#: Shown wherever a view uses synced ACLED rows (ACLED's attribution policy: the data acknowledged as
#: ACLED's, with a link, the access date, and how it was changed).
ACLED_SYNC_ATTRIBUTION = (
    "Contains data from the Armed Conflict Location & Event Data project (ACLED), www.acleddata.com, "
    "accessed through ACLED's API with this user's own account on {date}. Filtered to Mali; ACLED event types "
    "and actors mapped to this dashboard's types and families (data/actor_families.csv). ACLED's terms of use "
    "apply and forbid redistributing its raw data: these rows are shown to this session only."
)


SOURCE = SyncSource(
    name="acled",
    label="ACLED",
    format="acled",
    credentials=(Credential("email", "sync.acled.email", secret=False), Credential("password", "sync.acled.password")),
    fetch=fetch,
    id_field="event_id_cnty",
    base_url="https://acleddata.com",
    attribution=ACLED_SYNC_ATTRIBUTION,
    shareable=False,
    needs="sync.acled.needs",
)
