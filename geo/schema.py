"""The single description of every table, column and vocabulary in ``data/``.

Everything else (loading, validation, docs test, colours and labels) is keyed by what is
declared here, so there is no second list to drift.  The pandera models check one table
at a time; checks that span tables (references, overlaps, the as-of date) live in
:mod:`geo.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# --- vocabularies -------------------------------------------------------------------

#: Actor families, in the order legends list them.
FAMILIES = ("state", "separatist", "jihadist", "islamic_state", "militia", "foreign", "other")
STATUSES = ("control", "contested", "besieged")
CONFIDENCES = ("high", "medium", "low")
#: How precise a date is: ``week``, the date the sources report, which they place only within a
#: week (ACLED's time precision 2, a UCDP event spanning a few days: its first day).
DATE_PRECISIONS = ("day", "week", "month")
#: How an event's coordinates were obtained.
GEO_PRECISIONS = ("town", "exact", "near", "region", "country")
EVENT_TYPES = (
    "attack",
    "ambush",
    "clash",
    "suicide_bombing",
    "ied",
    "airstrike",
    "drone_strike",
    "massacre",
    "capture",
    "withdrawal",
    "siege",
    "blockade",
    "kidnapping",
    "coup",
    "agreement",
    "deployment",
    "political",
)
PLACE_KINDS = ("capital", "regional_capital", "town", "village", "site")
#: A route's state on a date, from free to shut (issue #15).
ROUTE_STATUSES = ("open", "attacked", "blockaded", "closed")
#: What a blockade or a closed road keeps from passing.
CUTS = ("fuel", "food", "goods", "people", "everything")
#: Where a route's line comes from: real road geometry, or a line drawn through its towns.
ROUTE_GEOMETRIES = ("naturalearth", "osm", "schematic")
BASE_KINDS = ("camp", "airbase", "outpost", "headquarters")
#: How an operator's hold on a base ended.
END_REASONS = ("handover", "withdrawal", "overrun", "destroyed", "closed")
#: What a claim (claims.csv) is about.
CLAIM_KINDS = ("control", "outcome", "fatalities", "responsibility")
#: Event windows the map offers, in days; 0 means everything up to the date.
WINDOWS = (30, 90, 365, 0)

#: Every vocabulary, by the column name(s) that use it.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "family": FAMILIES,
    "status": STATUSES,
    "confidence": CONFIDENCES,
    "date_precision": DATE_PRECISIONS,
    "geo_precision": GEO_PRECISIONS,
    "event_type": EVENT_TYPES,
    "kind": PLACE_KINDS,
    "route_status": ROUTE_STATUSES,
    "cut": CUTS,
    "route_geometry": ROUTE_GEOMETRIES,
    "base_kind": BASE_KINDS,
    "end_reason": END_REASONS,
    "claim kind": CLAIM_KINDS,
}

#: The six places the dashboard is built around; their ids are fixed.
KEY_PLACES = ("kidal", "gao", "timbuktu", "tinzaouatene", "menaka", "bamako")

#: Mali's bounding box (lon -12.24..4.27, lat 10.14..25.0) plus a 0.5 degree margin.
MALI_BBOX = {"lat_min": 9.6, "lat_max": 25.5, "lon_min": -12.8, "lon_max": 4.8}

SLUG = r"^[a-z0-9][a-z0-9_]*$"
ID_LIST = r"^([a-z0-9][a-z0-9_\-]*)(\|[a-z0-9][a-z0-9_\-]*)*$"
# [0-9], not \d: \d also matches the digits of every other script ('٢٠١٢').
PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
URL = r"^https?://\S+$"
#: A `|`-list of road numbers as the sources write them (RN1, RN16, N15).
ROAD_LIST = r"^[A-Z]{1,3}[0-9]{1,4}[a-z]?(\|[A-Z]{1,3}[0-9]{1,4}[a-z]?)*$"
#: A `|`-list of what is cut (the `cut` vocabulary).
CUT_LIST = r"^(" + "|".join(CUTS) + r")(\|(" + "|".join(CUTS) + r"))*$"

#: Every date of the record (and its as-of date) lies in these years: a year like 0000 or
#: 1600 is a typing error, and the queries for "every change" search this span.
FIRST_DAY = pd.Timestamp("1900-01-01")
LAST_DAY = pd.Timestamp("2199-12-31")

#: A claim's id: ``cl-`` then a lowercase slug.
CLAIM_ID = r"^cl-[a-z0-9][a-z0-9_\-]*$"

#: Separator inside multi-valued cells (alt_names, allies, source_ids ...).
LIST_SEP = "|"


def _desc(text: str) -> dict:
    return {"description": text}


# --- tables -------------------------------------------------------------------------


class Places(pa.DataFrameModel):
    """places.csv: every town, village or site a control period or an event refers to."""

    place_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        **_desc("Lowercase ASCII slug; the six key places are kidal, gao, timbuktu, tinzaouatene, menaka, bamako."),
    )
    name: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("English name."))
    name_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("French name (Tombouctou, Ménaka)."))
    alt_names: Series[str] = pa.Field(
        nullable=True, **_desc("Every other common spelling, `|`-separated (Tin Zaouaten|Tin-Zaouatene|Tinzawatene).")
    )
    lat: Series[float] = pa.Field(**_desc("Latitude, WGS84 decimal degrees, from GeoNames where it has the place."))
    lon: Series[float] = pa.Field(**_desc("Longitude, WGS84 decimal degrees."))
    region: Series[str] = pa.Field(
        str_length={"min_value": 1},
        **_desc("Region (admin-1) as GeoNames records it, in English (Timbuktu, Gao, Kidal, Ménaka ...)."),
    )
    kind: Series[str] = pa.Field(isin=PLACE_KINDS, **_desc("One of the `kind` vocabulary."))
    geonames_id: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1, **_desc("GeoNames feature id where GeoNames has the place; empty otherwise.")
    )

    class Config:
        strict = True
        ordered = False


class Actors(pa.DataFrameModel):
    """actors.csv: every armed group, force or government a record names."""

    actor_id: Series[str] = pa.Field(
        unique=True, str_matches=SLUG, **_desc("Lowercase ASCII slug (jnim, fama, wagner).")
    )
    name: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Short name as commonly written (JNIM, FAMa)."))
    full_name: Series[str] = pa.Field(
        str_length={"min_value": 1}, **_desc("Full name, in the language the group uses.")
    )
    family: Series[str] = pa.Field(isin=FAMILIES, **_desc("One of the `family` vocabulary."))
    successor_of: Series[str] = pa.Field(
        nullable=True,
        str_matches=ID_LIST,
        **_desc("actor_id(s) this actor grew out of or replaced, `|`-separated; empty if none."),
    )
    active_from: Series[str] = pa.Field(
        nullable=True,
        str_matches=PARTIAL_DATE,
        **_desc("When it became active: YYYY-MM-DD, YYYY-MM or YYYY, as precise as the sources are."),
    )
    active_to: Series[str] = pa.Field(
        nullable=True,
        str_matches=PARTIAL_DATE,
        **_desc("When it ceased or merged (same format); empty if still active."),
    )
    description: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("One or two factual sentences."))
    source_ids: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("source_id(s) for the lineage and dates, `|`-separated.")
    )

    class Config:
        strict = True
        ordered = False


class Control(pa.DataFrameModel):
    """control.csv: who principally held a place, from `start` to `end` (both inclusive)."""

    place_id: Series[str] = pa.Field(**_desc("The place held (places.csv)."))
    actor_id: Series[str] = pa.Field(**_desc("The principal holder (actors.csv)."))
    allies: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("Other actors present with the holder, `|`-separated actor_ids.")
    )
    start: Series[pa.DateTime] = pa.Field(**_desc("First day of the period, YYYY-MM-DD."))
    start_precision: Series[str] = pa.Field(
        isin=DATE_PRECISIONS, **_desc("`day`, or `month` when sources give only the month (then `start` is the 1st).")
    )
    end: Series[pa.DateTime] = pa.Field(
        nullable=True, **_desc("Last day of the period; empty = still in force at the dataset's as-of date.")
    )
    end_precision: Series[str] = pa.Field(
        nullable=True,
        isin=DATE_PRECISIONS,
        **_desc(
            "Precision of `end`: `day`, or `month` (then `end` is the last day of the month); "
            "empty when `end` is empty."
        ),
    )
    last_confirmed: Series[pa.DateTime] = pa.Field(
        **_desc(
            "Date of the latest source read that describes this holder there (the 1st of its month when "
            "the source gives only the month), between `start` and `end` (or the as-of date); the `start` "
            "when the sources say nothing later (the note then says so)."
        )
    )
    status: Series[str] = pa.Field(isin=STATUSES, **_desc("One of the `status` vocabulary."))
    confidence: Series[str] = pa.Field(isin=CONFIDENCES, **_desc("One of the `confidence` vocabulary."))
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST, **_desc("At least one source_id, `|`-separated."))
    note: Series[str] = pa.Field(
        nullable=True, **_desc("Why: what happened at the start, and any disagreement between sources.")
    )

    class Config:
        strict = True
        ordered = False


class Events(pa.DataFrameModel):
    """events.csv: dated, sourced events, placed at a town or at coordinates."""

    event_id: Series[str] = pa.Field(
        unique=True, str_matches=r"^[a-z0-9][a-z0-9_\-]*$", **_desc("Unique id, `ev-YYYY-MM-DD-slug`.")
    )
    date: Series[pa.DateTime] = pa.Field(**_desc("YYYY-MM-DD; the 1st of the month when `date_precision` is month."))
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, **_desc("One of the `date_precision` vocabulary."))
    place_id: Series[str] = pa.Field(
        nullable=True,
        **_desc("The town where it happened (places.csv); empty with `lat`/`lon`, or for a national event."),
    )
    lat: Series[float] = pa.Field(
        nullable=True, **_desc("Latitude when the event is not at a town's coordinates; empty to use the town's.")
    )
    lon: Series[float] = pa.Field(nullable=True, **_desc("Longitude, as `lat`."))
    geo_precision: Series[str] = pa.Field(
        nullable=True,
        isin=GEO_PRECISIONS,
        **_desc(
            "How `lat`/`lon` were obtained, required with them; `country` when the event has no place; "
            "empty (= town) otherwise."
        ),
    )
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES, **_desc("One of the `event_type` vocabulary."))
    actor_id: Series[str] = pa.Field(**_desc("The principal perpetrator or initiator (actors.csv)."))
    allies: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("Other actors on the initiator's side, `|`-separated.")
    )
    target_id: Series[str] = pa.Field(nullable=True, **_desc("The actor attacked or affected; empty if none."))
    fatalities_low: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, **_desc("Lowest death toll a source gives; empty when unknown (never a made-up 0).")
    )
    fatalities_high: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, **_desc("Highest death toll a source gives (a party's claim counts, with low confidence).")
    )
    confidence: Series[str] = pa.Field(isin=CONFIDENCES, **_desc("One of the `confidence` vocabulary."))
    description: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("One factual sentence."))
    description_fr: Series[str] = pa.Field(
        nullable=True,
        **_desc("The same sentence in French; empty until translated (French pages then show `description`)."),
    )
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST, **_desc("At least one source_id, `|`-separated."))
    note: Series[str] = pa.Field(nullable=True, **_desc("Disagreements between sources, whose claim a figure is."))

    class Config:
        strict = True
        ordered = False


class Sources(pa.DataFrameModel):
    """sources.csv: every article, page or dataset a record cites."""

    source_id: Series[str] = pa.Field(
        unique=True, str_matches=r"^[a-z0-9][a-z0-9_\-]*$", **_desc("Short slug (wp_kidal_offensive, seed_lwj_2023).")
    )
    title: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Title as published."))
    publisher: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Publisher or outlet."))
    author: Series[str] = pa.Field(nullable=True, **_desc("Author(s) where named."))
    published: Series[str] = pa.Field(
        nullable=True,
        str_matches=PARTIAL_DATE,
        **_desc("Publication date, YYYY-MM-DD, YYYY-MM or YYYY; empty for encyclopedia articles."),
    )
    url: Series[str] = pa.Field(
        nullable=True,
        str_matches=URL,
        **_desc("Address of the page actually read; empty when only a mirror or a file copy was read."),
    )
    accessed: Series[pa.DateTime] = pa.Field(**_desc("Day the source was read, YYYY-MM-DD."))
    note: Series[str] = pa.Field(nullable=True, **_desc("How it was read (mirror, seed file) and caveats."))

    class Config:
        strict = True
        ordered = False


class Claims(pa.DataFrameModel):
    """claims.csv: what a party says about an event or a control period, kept apart from the facts."""

    claim_id: Series[str] = pa.Field(unique=True, str_matches=CLAIM_ID, **_desc("Unique id, `cl-` then a slug."))
    event_id: Series[str] = pa.Field(
        nullable=True,
        **_desc("The event the claim is about (events.csv); empty when it is about a control period."),
    )
    place_id: Series[str] = pa.Field(
        nullable=True,
        **_desc("With `period_start`: the control period the claim is about (places.csv); empty with `event_id`."),
    )
    period_start: Series[pa.DateTime] = pa.Field(
        nullable=True,
        **_desc("The `start` of that place's period in control.csv, YYYY-MM-DD; empty with `event_id`."),
    )
    claimant_id: Series[str] = pa.Field(
        **_desc("Who makes the claim (actors.csv); `unidentified` only when the sources do not say.")
    )
    claimed_on: Series[pa.DateTime] = pa.Field(
        **_desc("When the claim was made, YYYY-MM-DD; the 1st of the month when `claimed_on_precision` is month.")
    )
    claimed_on_precision: Series[str] = pa.Field(
        isin=DATE_PRECISIONS, **_desc("One of the `date_precision` vocabulary.")
    )
    kind: Series[str] = pa.Field(isin=CLAIM_KINDS, **_desc("One of the `claim kind` vocabulary."))
    fatalities_low: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, **_desc("Lowest toll the claimant gives (kind `fatalities` only).")
    )
    fatalities_high: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, **_desc("Highest toll the claimant gives (kind `fatalities` only).")
    )
    text: Series[str] = pa.Field(
        str_length={"min_value": 1},
        **_desc("One English sentence saying who claims what (The army says it killed 20 assailants.)."),
    )
    text_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("The same sentence in French."))
    source_ids: Series[str] = pa.Field(
        str_matches=ID_LIST, **_desc("At least one source_id reporting the claim, `|`-separated.")
    )
    note: Series[str] = pa.Field(nullable=True, **_desc("How the claim was reported, what contradicts it."))

    class Config:
        strict = True
        ordered = False


class Tours(pa.DataFrameModel):
    """tours.csv: a narrated walk through the record; its chapters are in tour_chapters.csv."""

    tour_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, **_desc("Lowercase ASCII slug (war, blockade)."))
    title: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Title in English."))
    title_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Title in French."))
    summary: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("What the tour tells, one sentence."))
    summary_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("The same in French."))

    class Config:
        strict = True
        ordered = False


class TourChapters(pa.DataFrameModel):
    """tour_chapters.csv: one chapter of a tour: a view of the map and a sourced caption."""

    tour_id: Series[str] = pa.Field(**_desc("The tour (tours.csv)."))
    chapter: Series[pd.Int64Dtype] = pa.Field(ge=1, **_desc("1, 2, 3 ... in reading order, no gaps."))
    date: Series[pa.DateTime] = pa.Field(**_desc("The map's date, inside the record (first event to as-of)."))
    window: Series[pd.Int64Dtype] = pa.Field(
        isin=list(WINDOWS), **_desc("Days of events shown up to the date: 30, 90 or 365; 0 for everything.")
    )
    layers: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("Map layers shown, `|`-separated overlay codes; empty = default.")
    )
    actors: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("Only these actors' events, `|`-separated actor_ids; empty = all.")
    )
    focus_place_id: Series[str] = pa.Field(
        nullable=True, **_desc("The place the map centres on (places.csv); empty = all of Mali.")
    )
    zoom: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=4, le=12, **_desc("Zoom level 4 to 12 with a focus place; empty = the map's default.")
    )
    highlight: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("Places ringed on the map, `|`-separated place_ids.")
    )
    title: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Chapter heading in English."))
    title_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Chapter heading in French."))
    caption: Series[str] = pa.Field(
        str_length={"min_value": 1}, **_desc("Two to four sentences in English, saying only what the sources say.")
    )
    caption_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("The same in French."))
    source_ids: Series[str] = pa.Field(
        str_matches=ID_LIST, **_desc("The sources (sources.csv) of what the caption says, `|`-separated.")
    )

    class Config:
        strict = True
        ordered = False


# --- roads, blockades and bases (issue #15): optional tables, empty when their file is absent ---

_PERIOD_DATES = {
    "start_precision": "`day`, or `month` when sources give only the month (then `start` is the 1st).",
    "end": "Last day; empty = still in force at the dataset's as-of date.",
    "end_precision": "Precision of `end` (`day`, or `month`: then `end` is the last day of the month); "
    "empty when `end` is empty.",
}


class Routes(pa.DataFrameModel):
    """routes.csv: a road corridor between two towns, through the towns it passes in order."""

    route_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, **_desc("Lowercase ASCII slug (bamako_kayes)."))
    name: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("English name (Bamako–Kayes)."))
    name_fr: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("French name."))
    road_numbers: Series[str] = pa.Field(
        nullable=True,
        str_matches=ROAD_LIST,
        **_desc("Road numbers, `|`-separated (RN1|RN3), only where a source gives them; empty otherwise."),
    )
    from_place_id: Series[str] = pa.Field(**_desc("The town where the route starts (places.csv)."))
    to_place_id: Series[str] = pa.Field(**_desc("The town where it ends (places.csv)."))
    via: Series[str] = pa.Field(
        nullable=True, str_matches=ID_LIST, **_desc("The towns between, in order, `|`-separated place_ids.")
    )
    geometry: Series[str] = pa.Field(
        isin=ROUTE_GEOMETRIES,
        **_desc(
            "One of the `route_geometry` vocabulary: `schematic` routes are drawn as straight lines "
            "through their towns and labelled so on the map."
        ),
    )
    note: Series[str] = pa.Field(nullable=True, **_desc("What the route is, where its line comes from."))
    source_ids: Series[str] = pa.Field(
        str_matches=ID_LIST, **_desc("At least one source_id for the route and its towns, `|`-separated.")
    )

    class Config:
        strict = True
        ordered = False


class RouteStatus(pa.DataFrameModel):
    """route_status.csv: the state of one route from `start` to `end` (both inclusive)."""

    route_id: Series[str] = pa.Field(**_desc("The route (routes.csv)."))
    status: Series[str] = pa.Field(isin=ROUTE_STATUSES, **_desc("One of the `route_status` vocabulary."))
    imposed_by: Series[str] = pa.Field(
        nullable=True, **_desc("Who attacks, blockades or closes it (actors.csv); empty for `open`.")
    )
    cut: Series[str] = pa.Field(
        nullable=True,
        str_matches=CUT_LIST,
        **_desc("What cannot pass, `|`-separated from the `cut` vocabulary; empty for `open`."),
    )
    start: Series[pa.DateTime] = pa.Field(**_desc("First day, YYYY-MM-DD."))
    start_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, **_desc(_PERIOD_DATES["start_precision"]))
    end: Series[pa.DateTime] = pa.Field(nullable=True, **_desc(_PERIOD_DATES["end"]))
    end_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS, **_desc(_PERIOD_DATES["end_precision"]))
    confidence: Series[str] = pa.Field(isin=CONFIDENCES, **_desc("One of the `confidence` vocabulary."))
    claimant_id: Series[str] = pa.Field(
        nullable=True, **_desc("The actor whose own claim the row rests on (actors.csv); empty when it is not a claim.")
    )
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST, **_desc("At least one source_id, `|`-separated."))
    note: Series[str] = pa.Field(nullable=True, **_desc("What happened, and any disagreement between sources."))

    class Config:
        strict = True
        ordered = False


class RouteEvents(pa.DataFrameModel):
    """route_events.csv: an event (a convoy attacked, a mine on the road) that a source places on a
    route; the route's popup and its place's page list them."""

    route_id: Series[str] = pa.Field(**_desc("The route (routes.csv)."))
    event_id: Series[str] = pa.Field(**_desc("The event (events.csv); one row per route and event."))
    source_ids: Series[str] = pa.Field(
        str_matches=ID_LIST,
        **_desc("At least one source_id that puts the event on this road (often the event's own), `|`-separated."),
    )
    note: Series[str] = pa.Field(nullable=True, **_desc("Where on the road, as the sources place it."))
    note_fr: Series[str] = pa.Field(nullable=True, **_desc("The same in French (shown on French pages)."))

    class Config:
        strict = True
        ordered = False


class Blockades(pa.DataFrameModel):
    """blockades.csv: a siege or blockade of one town, from `start` to `end` (both inclusive)."""

    place_id: Series[str] = pa.Field(**_desc("The town blockaded (places.csv)."))
    imposed_by: Series[str] = pa.Field(**_desc("Who imposes it (actors.csv)."))
    cut: Series[str] = pa.Field(
        nullable=True, str_matches=CUT_LIST, **_desc("What cannot pass, `|`-separated from the `cut` vocabulary.")
    )
    start: Series[pa.DateTime] = pa.Field(**_desc("First day, YYYY-MM-DD."))
    start_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, **_desc(_PERIOD_DATES["start_precision"]))
    end: Series[pa.DateTime] = pa.Field(nullable=True, **_desc(_PERIOD_DATES["end"]))
    end_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS, **_desc(_PERIOD_DATES["end_precision"]))
    confidence: Series[str] = pa.Field(isin=CONFIDENCES, **_desc("One of the `confidence` vocabulary."))
    claimant_id: Series[str] = pa.Field(
        nullable=True, **_desc("The actor whose own claim the row rests on (actors.csv); empty when it is not a claim.")
    )
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST, **_desc("At least one source_id, `|`-separated."))
    note: Series[str] = pa.Field(nullable=True, **_desc("What happened, and any disagreement between sources."))

    class Config:
        strict = True
        ordered = False


class Bases(pa.DataFrameModel):
    """bases.csv: a military base, camp or outpost, at a town or at its own coordinates."""

    base_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, **_desc("Lowercase ASCII slug (gao_camp)."))
    name: Series[str] = pa.Field(str_length={"min_value": 1}, **_desc("Name as the sources write it."))
    place_id: Series[str] = pa.Field(**_desc("The town it is at or next to (places.csv)."))
    lat: Series[float] = pa.Field(
        nullable=True, **_desc("Latitude when not at the town's coordinates; empty = the town's.")
    )
    lon: Series[float] = pa.Field(nullable=True, **_desc("Longitude, as `lat`."))
    kind: Series[str] = pa.Field(isin=BASE_KINDS, **_desc("One of the `base_kind` vocabulary."))
    note: Series[str] = pa.Field(nullable=True, **_desc("What the base is; where its position comes from."))
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST, **_desc("At least one source_id, `|`-separated."))

    class Config:
        strict = True
        ordered = False


class BasePeriods(pa.DataFrameModel):
    """base_periods.csv: who operated a base from `start` to `end` (both inclusive), and how it ended."""

    base_id: Series[str] = pa.Field(**_desc("The base (bases.csv)."))
    operator_id: Series[str] = pa.Field(**_desc("Who held it (actors.csv): france, minusma, fama, wagner ..."))
    contingent: Series[str] = pa.Field(
        nullable=True,
        **_desc("The national contingent(s) of a MINUSMA camp (Chad, `|`-separated if several); empty otherwise."),
    )
    start: Series[pa.DateTime] = pa.Field(
        nullable=True,
        **_desc(
            "First day, YYYY-MM-DD; empty when no source read gives it (the map then shows the base "
            "from its first attestation: see below)."
        ),
    )
    start_precision: Series[str] = pa.Field(
        nullable=True,
        isin=DATE_PRECISIONS,
        **_desc(_PERIOD_DATES["start_precision"] + " Empty when `start` is empty."),
    )
    end: Series[pa.DateTime] = pa.Field(nullable=True, **_desc(_PERIOD_DATES["end"]))
    end_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS, **_desc(_PERIOD_DATES["end_precision"]))
    end_reason: Series[str] = pa.Field(
        nullable=True, isin=END_REASONS, **_desc("One of the `end_reason` vocabulary; empty while still held.")
    )
    handed_to: Series[str] = pa.Field(
        nullable=True, **_desc("Who took it over (actors.csv), for a `handover` or an `overrun`; empty otherwise.")
    )
    confidence: Series[str] = pa.Field(isin=CONFIDENCES, **_desc("One of the `confidence` vocabulary."))
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST, **_desc("At least one source_id, `|`-separated."))
    note: Series[str] = pa.Field(nullable=True, **_desc("What happened at the start and the end."))

    class Config:
        strict = True
        ordered = False


@dataclass(frozen=True)
class Table:
    """One CSV file of the dataset and the model that describes it."""

    name: str
    model: type[pa.DataFrameModel]
    key: str | None
    #: An optional table may be absent from a folder: it is then empty (a record of towns and
    #: events alone is still a record).
    optional: bool = False

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> dict[str, pa.Column]:
        return self.model.to_schema().columns


TABLES: dict[str, Table] = {
    "places": Table("places", Places, "place_id"),
    "actors": Table("actors", Actors, "actor_id"),
    "control": Table("control", Control, None),
    "events": Table("events", Events, "event_id"),
    "sources": Table("sources", Sources, "source_id"),
    "routes": Table("routes", Routes, "route_id", optional=True),
    "route_status": Table("route_status", RouteStatus, None, optional=True),
    "route_events": Table("route_events", RouteEvents, None, optional=True),
    "blockades": Table("blockades", Blockades, None, optional=True),
    "bases": Table("bases", Bases, "base_id", optional=True),
    "base_periods": Table("base_periods", BasePeriods, None, optional=True),
    "claims": Table("claims", Claims, "claim_id"),
}

#: The tours told over the record (geo.tours): checked against it, not part of it.
TOUR_TABLES: dict[str, Table] = {
    "tours": Table("tours", Tours, "tour_id"),
    "tour_chapters": Table("tour_chapters", TourChapters, None),
}

#: Metadata file next to the tables: {"as_of": "YYYY-MM-DD", ...}.
META_FILE = "dataset.json"


def column_kind(column: pa.Column) -> str:
    """'date', 'int', 'float' or 'str': how the loader parses the CSV text of a column."""
    dtype = str(column.dtype)
    if dtype.startswith("datetime"):
        return "date"
    if dtype == "Int64":
        return "int"
    if dtype.startswith("float"):
        return "float"
    return "str"


def vocabulary_of(column_name: str) -> tuple[str, ...] | None:
    """The vocabulary a column draws from, if any."""
    return VOCABULARIES.get(column_name)


def split_list(cell: object) -> list[str]:
    """Split a `|`-separated cell into its items; empty or missing gives []."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [item.strip() for item in str(cell).split(LIST_SEP) if item.strip()]


_KIND_WORDS = {"str": "text", "int": "whole number", "float": "number", "date": "date"}


def markdown_column_tables() -> str:
    """The column tables of data/README.md, generated from the models above."""
    parts = []
    for table in (*TABLES.values(), *TOUR_TABLES.values()):
        parts += [
            f"### {table.file}",
            "",
            table.model.__doc__.strip(),
            "",
            "| column | type | required | meaning |",
            "|---|---|---|---|",
        ]
        for name, column in table.columns.items():
            meaning = column.description.replace("|", "\\|")
            required = "no" if column.nullable else "yes"
            parts.append(f"| `{name}` | {_KIND_WORDS[column_kind(column)]} | {required} | {meaning} |")
        parts.append("")
    return "\n".join(parts)
