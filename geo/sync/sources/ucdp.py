"""UCDP's API: the Georeferenced Event Dataset (GED, yearly) and the Candidate events
(monthly, provisional), with the access token UCDP issues.

What this follows, from the pages read (through the search tool's stored copies, 2026-11-30):

- UCDP, "UCDP Application Programming Interface (API)", https://ucdp.uu.se/apidocs/index.html :
  free of charge; "authenticated access via token was introduced in February 2026", a token is
  asked of the API maintainer by email; every call names the dataset's version. The stored copy
  is cut where it says how the token is submitted.
- apis.io, "Uppsala Gedevents Example", https://apis.io/examples/uppsala/uppsala-gedevents-example/ :
  ``GET https://ucdpapi.pcr.uu.se/api/gedevents/25.1?pagesize=1&page=0`` with the header
  ``x-ucdp-access-token``; the answer ``{TotalCount, TotalPages, PreviousPageUrl, NextPageUrl,
  Result: [...]}`` with GED's fields (``id``, ``type_of_violence``, ``side_a``, ``side_b``,
  ``latitude``, ``longitude``, ``date_start`` as ``2010-05-13T00:00:00``, ``best``, ``low``,
  ``high``, ``country``, ...). The same header in api-evangelist/uppsala's authentication.yml.
- UCDP's test API help page for another endpoint (ucdptestapi.pcr.uu.se/Help/Api/...): ``page``
  is zero-based and defaults to 0.
- Hegre, Croicu, Eck and Högbladh, "Introducing the UCDP Candidate Events Dataset",
  Research & Politics 2020 (https://sage.cnpereading.com/doi/10.1177/2053168020935257): candidate
  events are released monthly, and most are later included in the GED's annual update after
  vetting; so candidate rows are kept as provisional and dropped once a GED release covers
  their dates.

Not read in any page: the names of the filters. ``Country=432`` (Mali's Gleditsch-Ward code)
and ``StartDate`` are sent as UCDP's API is commonly called; should the API ignore them, the
importer still rejects every row that is not in Mali (with the reason), so no wrong row is
kept, only time is lost. The candidate dataset's version (e.g. the month's release) is given
by the user as UCDP lists it; it is fetched from the same gedevents path. A GED release is
taken to cover whole calendar years, up to the end of the latest year among its Mali rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from geo.sync.http import Http, Secret, SyncFailure, expect_json_object
from geo.sync.sources import Covered, Credential, Option, Page, Plan, SyncSource

EVENTS_PATH = "/api/gedevents/{version}"
PAGE_SIZE = 1000
MAX_PAGES = 2000
MALI_GW_CODE = 432
#: The GED version the documentation's example names; the user can ask for another.
DEFAULT_GED_VERSION = "25.1"


def _pages(http: Http, base: str, token: Secret, version: str, plan: Plan, what: str) -> Iterator[dict]:
    url = base + EVENTS_PATH.format(version=version)
    params: dict[str, object] = {"pagesize": PAGE_SIZE, "Country": MALI_GW_CODE, "StartDate": f"{plan.since:%Y-%m-%d}"}
    headers = {"x-ucdp-access-token": token.reveal()}
    pages = 1
    number = 0
    while number < min(pages, MAX_PAGES):
        label = f"UCDP's {what} {version}, page {number + 1}"
        answer = http.request("GET", url, label, params=params | {"page": number}, headers=headers)
        if answer.status in (401, 403):
            raise SyncFailure(
                f"UCDP did not accept this access token (it answered {answer.status}). Ask the API maintainer for one "
                "(ucdp.uu.se/apidocs); nothing was stored"
            )
        if answer.status == 404:
            raise SyncFailure(f"{label}: UCDP has no dataset version {version!r} (404); nothing was changed")
        if answer.status != 200:
            raise SyncFailure(f"{label}: UCDP answered {answer.status}; nothing was changed")
        body = expect_json_object(answer, label)
        rows = body.get("Result")
        if rows is None and body.get("TotalCount") in (0, "0"):
            rows = []
        if not isinstance(rows, list):
            raise SyncFailure(f"{label}: UCDP's answer has no list of rows ('Result'); nothing was changed")
        try:
            pages = int(body.get("TotalPages") or 0)
            total = int(body.get("TotalCount") or 0)
        except (TypeError, ValueError):
            raise SyncFailure(f"{label}: UCDP's answer has no page count (TotalPages); nothing was changed") from None
        yield {"rows": rows, "number": number + 1, "total": total}
        number += 1


def _latest_year(rows: list, year: int) -> int:
    for row in rows:
        if isinstance(row, dict):
            text = str(row.get("date_start") or "")[:4]
            if text.isdigit():
                year = max(year, int(text))
    return year


def fetch(http: Http, credentials: Mapping[str, Secret], plan: Plan) -> Iterator[Page | Covered]:
    """Every GED row of Mali from ``plan.since`` in the chosen release, then the candidate release's
    rows (provisional), then what the GED release covers (candidate rows up to it are dropped)."""
    token = credentials.get("token")
    if not token:
        raise SyncFailure("UCDP needs the access token UCDP issued to you")
    base = plan.base_url.rstrip("/")
    ged = (plan.options.get("ged_version") or DEFAULT_GED_VERSION).strip()
    candidate = (plan.options.get("candidate_version") or "").strip()
    latest_year = 0
    for page in _pages(http, base, token, ged, plan, "GED"):
        latest_year = _latest_year(page["rows"], latest_year)
        yield Page(page["rows"], "ged", provisional=False, release=ged, number=page["number"], total=page["total"])
    if candidate:
        for page in _pages(http, base, token, candidate, plan, "Candidate events"):
            yield Page(
                page["rows"],
                "candidate",
                provisional=True,
                release=candidate,
                number=page["number"],
                total=page["total"],
            )
    if latest_year:
        yield Covered(through=dt.date(latest_year, 12, 31), release=ged)
    plan.new_state.update(ged_version=ged, candidate_version=candidate)


UCDP_SYNC_ATTRIBUTION = (
    "Contains data from the Uppsala Conflict Data Program (UCDP), ucdp.uu.se: the UCDP Georeferenced Event "
    "Dataset and, marked provisional, UCDP Candidate events; licensed CC BY 4.0; accessed through UCDP's API on "
    "{date}. UCDP types of violence and sides mapped to this dashboard's types and families."
)


SOURCE = SyncSource(
    name="ucdp",
    label="UCDP",
    format="ucdp",
    credentials=(Credential("token", "sync.ucdp.token"),),
    fetch=fetch,
    id_field="id",
    base_url="https://ucdpapi.pcr.uu.se",
    attribution=UCDP_SYNC_ATTRIBUTION,
    shareable=True,
    options=(
        Option("ged_version", "sync.ucdp.ged_version", DEFAULT_GED_VERSION),
        Option("candidate_version", "sync.ucdp.candidate_version", ""),
    ),
    needs="sync.ucdp.needs",
)
