"""ACLED exports (including the Humanitarian Data Exchange variant with its row of HXL hashtags).

Columns and codes as in ACLED's codebook; event types mapped to the project's by sub-event type,
else by event type; actors mapped to families through data/actor_families.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.importers.cells import TOO_LARGE, Rows, col, numbers, parse_dates, require, shown, whole_numbers
from geo.importers.formats import ImportFormat

#: The columns of ACLED's export, in the codebook's order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
)


ACLED_REQUIRED = ("event_date", "event_type", "actor1", "latitude", "longitude", "fatalities")


ACLED_OPTIONAL = tuple(c for c in ACLED_COLUMNS if c not in ACLED_REQUIRED)


#: ACLED sub-event (or event) type -> the project's event type.
ACLED_TYPES = {
    "armed clash": "clash",
    "government regains territory": "capture",
    "non-state actor overtakes territory": "capture",
    "non-violent transfer of territory": "capture",
    "air/drone strike": "airstrike",
    "suicide bomb": "suicide_bombing",
    "remote explosive/landmine/ied": "ied",
    "shelling/artillery/missile attack": "attack",
    "grenade": "attack",
    "chemical weapon": "attack",
    "attack": "attack",
    "sexual violence": "attack",
    "abduction/forced disappearance": "kidnapping",
    "looting/property destruction": "attack",
    "agreement": "agreement",
    "headquarters or base established": "deployment",
    "arrests": "political",
    "change to group/activity": "political",
    "disrupted weapons use": "political",
    "other": "political",
    "peaceful protest": "political",
    "protest with intervention": "political",
    "excessive force against protesters": "attack",
    "violent demonstration": "clash",
    "mob violence": "clash",
    # event_type fallbacks
    "battles": "clash",
    "explosions/remote violence": "attack",
    "violence against civilians": "attack",
    "protests": "political",
    "riots": "clash",
    "strategic developments": "political",
}


#: Geographic precision codes -> the project's geo_precision.
ACLED_GEO = {"1": "exact", "2": "near", "3": "region"}


_ACLED_USED = (
    *ACLED_REQUIRED,
    "event_id_cnty",
    "time_precision",
    "sub_event_type",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "admin1",
    "location",
    "geo_precision",
    "source",
    "notes",
)


def _from_acled(frame: pd.DataFrame, rows: Rows, warnings: list[str]) -> pd.DataFrame:
    require(frame, ACLED_REQUIRED, "ACLED")
    sub = col(frame, "sub_event_type").str.strip().str.lower()
    main = col(frame, "event_type").str.strip().str.lower()
    event_type = sub.map(ACLED_TYPES).fillna(main.map(ACLED_TYPES))
    rows.reject(event_type.isna(), "event type " + shown(main.where(main.ne(""), "(empty)")) + " is not an ACLED type")
    precision = col(frame, "time_precision").str.strip()
    low, bad_low, large_low = whole_numbers(col(frame, "fatalities"))
    toll = shown(col(frame, "fatalities").str.strip())
    rows.reject(bad_low, "fatalities " + toll + " is not a whole number >= 0")
    rows.reject(large_low, "fatalities " + toll + " " + TOO_LARGE)
    ids = col(frame, "event_id_cnty").str.strip()
    return pd.DataFrame(
        {
            "event_id": ids.where(ids.ne(""), None),
            "date": parse_dates(col(frame, "event_date")),
            "date_text": col(frame, "event_date"),
            # ACLED's time precision: 1 the day, 2 the week (its date is kept), 3 the month.
            "date_precision": np.select([precision.eq("2"), precision.eq("3")], ["week", "month"], "day"),
            "lat": numbers(col(frame, "latitude")),
            "lon": numbers(col(frame, "longitude")),
            "geo_precision": col(frame, "geo_precision").str.strip().map(ACLED_GEO).fillna("exact"),
            "location": col(frame, "location"),
            "admin1": col(frame, "admin1"),
            "country": col(frame, "country"),
            "event_type": event_type,
            "actor1": col(frame, "actor1"),
            "allies": col(frame, "assoc_actor_1"),
            "target": col(frame, "actor2"),
            # ACLED's actor types, for names the mapping table lacks (geo.importers.actors).
            "actor1_type": col(frame, "inter1").str.strip().str.lower(),
            "target_type": col(frame, "inter2").str.strip().str.lower(),
            "fatalities_low": low,
            "fatalities_high": low,
            "description": col(frame, "notes"),
            "note": (
                "ACLED "
                + col(frame, "event_type")
                + " / "
                + col(frame, "sub_event_type")
                + np.where(precision.isin(["2", "3"]), "; ACLED time precision " + precision, "")
                + np.where(col(frame, "source").ne(""), "; ACLED sources: " + col(frame, "source"), "")
            ),
        },
        index=frame.index,
    )


#: Said wherever a view uses uploaded ACLED rows (ACLED's attribution policy asks that the data be
#: acknowledged as ACLED's, publicly available, with a link, the access date and how it was changed).
ACLED_ATTRIBUTION = (
    "Contains data from the Armed Conflict Location & Event Data project (ACLED), www.acleddata.com, publicly "
    "available; uploaded by the user of this session on {date} from {name}. Filtered to Mali; ACLED event types "
    "and actors mapped to this dashboard's types and families (data/actor_families.csv). ACLED's terms of use "
    "apply and forbid redistributing its raw data."
)


FORMAT = ImportFormat(
    name="acled",
    label="an ACLED export",
    required=ACLED_REQUIRED,
    used=_ACLED_USED,
    signature="event_id_cnty",
    convert=_from_acled,
    publisher="ACLED (uploaded export)",
    attribution=ACLED_ATTRIBUTION,
)
