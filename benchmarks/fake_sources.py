"""A local fake of ACLED's and UCDP's APIs, shaped as the pages cited in geo/sync/sources/*.py
describe them (token endpoint, bearer or header token, filters, pagination, deletions), for the
tests and the sync benchmark. It listens on 127.0.0.1 only, and its rows are synthetic.

Faults are queued per endpoint (``queue("acled_read", 429, {"Retry-After": "1"})``): each
request to that endpoint takes the next canned answer until the queue is empty. Access tokens
can be expired at any moment (``expire_tokens``), a page can be slowed (``slow_page``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import secrets
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

EMAIL = "analyst@example.org"
PASSWORD = "correct horse battery staple"
UCDP_TOKEN = "ucdp-token-5f1c0ffee"
MALI_GW = 432


def acled_row(number: int, day: dt.date, *, timestamp: int = 1_760_000_000, country: str = "Mali") -> dict:
    """A synthetic row with the fields of ACLED's API (values as strings, as its JSON gives them)."""
    return {
        "event_id_cnty": f"MLI{number:06d}",
        "event_date": f"{day:%Y-%m-%d}",
        "year": str(day.year),
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "JNIM: Group for Support of Islam and Muslims",
        "assoc_actor_1": "",
        "inter1": "Rebel group",
        "actor2": "Military Forces of Mali (2021-)",
        "assoc_actor_2": "",
        "inter2": "State forces",
        "interaction": "State forces-Rebel group",
        "civilian_targeting": "",
        "iso": "466",
        "region": "Western Africa",
        "country": country,
        "admin1": "Mopti",
        "admin2": "Mopti",
        "admin3": "",
        "location": "Mopti",
        "latitude": f"{14.0 + (number % 300) / 100:.4f}",
        "longitude": f"{-4.5 + (number % 250) / 100:.4f}",
        "geo_precision": "1",
        "source": "Synthetic source",
        "source_scale": "National",
        "notes": f"Synthetic event {number} for the sync tests.",
        "fatalities": str(number % 7),
        "tags": "",
        "timestamp": str(timestamp),
    }


def ucdp_row(number: int, day: dt.date, *, country_id: int = MALI_GW, country: str = "Mali") -> dict:
    """A synthetic row with the GED fields of the example cited in geo/sync/sources/ucdp.py."""
    return {
        "id": number,
        "relid": f"MLI-{day.year}-1-{number}",
        "year": day.year,
        "active_year": True,
        "code_status": "Clear",
        "type_of_violence": 1 + number % 3,
        "conflict_name": "Mali: Government",
        "dyad_name": "Government of Mali - JNIM",
        "side_a": "Government of Mali",
        "side_b": "JNIM",
        "number_of_sources": 1,
        "source_article": "Synthetic",
        "where_prec": 1,
        "where_coordinates": "Gao town",
        "where_description": "Gao town",
        "adm_1": "Gao region",
        "adm_2": "Gao cercle",
        "latitude": 16.27 + (number % 50) / 1000,
        "longitude": -0.04 + (number % 50) / 1000,
        "geom_wkt": "POINT (-0.04 16.27)",
        "priogrid_gid": 1,
        "country": country,
        "country_id": country_id,
        "region": "Africa",
        "event_clarity": 1,
        "date_prec": 1,
        "date_start": f"{day:%Y-%m-%d}T00:00:00",
        "date_end": f"{day:%Y-%m-%d}T00:00:00",
        "deaths_a": 0,
        "deaths_b": 1,
        "deaths_civilians": 0,
        "deaths_unknown": 0,
        "best": 1 + number % 4,
        "high": 2 + number % 4,
        "low": 1 + number % 4,
        "gwnoa": "432",
        "gwnob": None,
    }


class FakeApis:
    """The fake server; ``with FakeApis(...) as fake: fake.url`` is its address."""

    def __init__(self, acled=(), deleted=(), ucdp=None, *, slow_page: tuple[int, float] | None = None) -> None:
        self.acled: list = list(acled)
        self.deleted: list[dict] = list(deleted)
        self.ucdp: dict[str, list] = dict(ucdp or {})
        self.tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.canned: dict[str, deque] = defaultdict(deque)
        self.requests: list[str] = []  # every request line (method and URL), for the credential test
        self.bodies: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.slow_page = slow_page
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeApis:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def queue(self, endpoint: str, status: int, headers: dict | None = None, body: str = '{"error": "fault"}') -> None:
        """The next request to ``endpoint`` (acled_token, acled_read, acled_deleted, ucdp) gets this answer."""
        self.canned[endpoint].append((status, headers or {}, body))

    def expire_tokens(self) -> None:
        """Every access token issued so far stops working (as when one expires mid-sync)."""
        with self.lock:
            self.tokens.clear()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                return

            def _send(self, status: int, body, headers: dict | None = None) -> None:
                data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _canned(self, endpoint: str) -> bool:
                with fake.lock:
                    fake.counts[endpoint] += 1
                    answer = fake.canned[endpoint].popleft() if fake.canned[endpoint] else None
                if answer is None:
                    return False
                self._send(answer[0], answer[2], answer[1])
                return True

            def do_POST(self) -> None:
                fake.requests.append(f"POST {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
                if urlsplit(self.path).path != "/oauth/token":
                    return self._send(404, {"error": "not found"})
                if self._canned("acled_token"):
                    return None
                grant = form.get("grant_type")
                good = form.get("client_id") == "acled" and (
                    (grant == "password" and form.get("username") == EMAIL and form.get("password") == PASSWORD)
                    or (grant == "refresh_token" and form.get("refresh_token") in fake.refresh_tokens)
                )
                if not good:
                    return self._send(
                        400, {"error": "invalid_grant", "error_description": "The credentials are wrong."}
                    )
                access, refresh = secrets.token_hex(16), secrets.token_hex(16)
                with fake.lock:
                    fake.tokens.add(access)
                    fake.refresh_tokens.add(refresh)
                return self._send(
                    200, {"token_type": "Bearer", "expires_in": 86400, "access_token": access, "refresh_token": refresh}
                )

            def do_GET(self) -> None:
                fake.requests.append(f"GET {self.path}")
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path in ("/api/acled/read", "/api/deleted/read"):
                    endpoint = "acled_read" if parts.path.endswith("acled/read") else "acled_deleted"
                    if self._canned(endpoint):
                        return None
                    bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if bearer not in fake.tokens:
                        return self._send(401, {"message": "Access token is invalid or expired."})
                    rows = (
                        _acled_filter(fake.acled, query) if endpoint == "acled_read" else _deleted(fake.deleted, query)
                    )
                    limit, page = int(query.get("limit", 5000)), int(query.get("page", 1))
                    chunk = rows[(page - 1) * limit : page * limit] if limit else rows
                    self._pause(page)
                    body = {"status": 200, "success": True, "count": len(chunk), "data": chunk}
                    if query.get("with_total") == "true":
                        body["total_count"] = len(rows)
                    return self._send(200, body)
                if parts.path.startswith("/api/gedevents/"):
                    if self._canned("ucdp"):
                        return None
                    if self.headers.get("x-ucdp-access-token") != UCDP_TOKEN:
                        return self._send(401, {"message": "Missing or invalid access token."})
                    version = parts.path.rsplit("/", 1)[1]
                    if version not in fake.ucdp:
                        return self._send(404, {"message": "No such version."})
                    rows = _ucdp_filter(fake.ucdp[version], query)
                    size, page = int(query.get("pagesize", 100)), int(query.get("page", 0))
                    self._pause(page + 1)
                    pages = math.ceil(len(rows) / size) if rows else 0
                    link = f"{fake.url}{parts.path}?pagesize={size}&page="
                    return self._send(
                        200,
                        {
                            "TotalCount": len(rows),
                            "TotalPages": pages,
                            "PreviousPageUrl": f"{link}{page - 1}" if page > 0 else "",
                            "NextPageUrl": f"{link}{page + 1}" if page + 1 < pages else "",
                            "Result": rows[page * size : (page + 1) * size],
                        },
                    )
                return self._send(404, {"error": "not found"})

            def _pause(self, page: int) -> None:
                if fake.slow_page and page >= fake.slow_page[0]:
                    time.sleep(fake.slow_page[1])

        return Handler


def _acled_filter(rows: list, query: dict) -> list:
    country = query.get("country")
    low = high = None
    if query.get("event_date_where") == "BETWEEN" and "|" in query.get("event_date", ""):
        low, high = query["event_date"].split("|", 1)
    since = int(query["timestamp"]) if query.get("timestamp_where") == ">=" and query.get("timestamp") else None
    kept = []
    for row in rows:
        if not isinstance(row, dict):
            kept.append(row)  # a broken row is sent as it is (a fault to test)
            continue
        if country and row.get("country") != country:
            continue
        if low and not (low <= str(row.get("event_date", "")) <= high):
            continue
        if since is not None and int(row.get("timestamp") or 0) < since:
            continue
        kept.append(row)
    return kept


def _deleted(rows: list[dict], query: dict) -> list[dict]:
    since = int(query.get("deleted_timestamp") or 0)
    return [r for r in rows if int(r["deleted_timestamp"]) >= since]


def _ucdp_filter(rows: list, query: dict) -> list:
    country = query.get("Country")
    start = query.get("StartDate")
    return [
        r
        for r in rows
        if not isinstance(r, dict)
        or (
            (not country or str(r.get("country_id")) == country)
            and (not start or str(r.get("date_start"))[:10] >= start)
        )
    ]
