"""An upload joined to the bundled record, for the pages (control stays the bundled record's)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.importers.formats import FORMATS
from geo.importers.pipeline import ImportResult
from geo.schema import TABLES

#: Which events a view uses once a file is loaded.
SOURCE_MODES = ("bundled", "uploaded", "both")


def combine(dataset, result: ImportResult, mode: str = "both"):
    """A Dataset whose events are the bundled ones, the imported ones, or both (control stays bundled)."""
    from geo.dataset import Dataset, prepare_frames

    if mode not in SOURCE_MODES:
        raise ValueError(f"mode must be one of {SOURCE_MODES}")
    if mode == "bundled":
        return dataset
    source_id = f"upload_{result.format}"
    publisher = FORMATS[result.format].publisher
    source = pd.DataFrame(
        [
            {
                "source_id": source_id,
                "title": result.source_name,
                "publisher": publisher,
                "author": None,
                "published": None,
                "url": None,
                "accessed": pd.Timestamp(dt.date.today()),
                "note": "Uploaded in this session",
            }
        ]
    )
    new_actors = result.actors[~result.actors["actor_id"].isin(dataset.actors["actor_id"])]
    actors = pd.concat(
        [
            dataset.actors,
            pd.DataFrame(
                {
                    "actor_id": new_actors["actor_id"],
                    "name": new_actors["name"],
                    "full_name": new_actors["full_name"],
                    "family": new_actors["family"],
                    "successor_of": None,
                    "active_from": None,
                    "active_to": None,
                    "description": f"Named in the uploaded file {result.source_name}.",
                    "source_ids": source_id,
                }
            ),
        ],
        ignore_index=True,
    )
    imported = result.events.copy(deep=False)  # copied on write: the upload's events stay as they are
    if mode == "both":
        clash = imported["event_id"].isin(dataset.events["event_id"])
        imported.loc[clash, "event_id"] = "upload-" + imported.loc[clash, "event_id"]
        events = pd.concat([dataset.events[list(TABLES["events"].columns)], imported], ignore_index=True)
    else:
        events = imported
    as_of = max(dataset.as_of, events["date"].max()) if len(events) else dataset.as_of
    frames = prepare_frames(
        {
            "places": dataset.places.drop(columns=["map_region"], errors="ignore"),
            "actors": actors,
            "control": dataset.control,
            "events": events.astype({"fatalities_low": "Int64", "fatalities_high": "Int64"}),
            "sources": pd.concat([dataset.sources, source], ignore_index=True),
        }
    )
    # Claims about control periods stay; claims about bundled events go with those events.
    claims = dataset.claims if mode == "both" else dataset.claims[dataset.claims["event_id"].isna()]
    # The optional tables (roads, blockades, bases) are the record's, whatever the upload.
    optional = {name: getattr(dataset, name) for name, table in TABLES.items() if table.optional}
    # ... except the attacks on roads, which are bundled events: they go with those events.
    links = optional["route_events"]
    optional["route_events"] = links if mode == "both" else links[links["event_id"].isin(events["event_id"])]
    return Dataset(as_of=pd.Timestamp(as_of).normalize(), claims=claims.reset_index(drop=True), **frames, **optional)
