"""Synthetic event records in Mali, for the benchmarks (never for tests of facts)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from geo import DEFAULT_ROOT
from geo.schema import EVENT_TYPES, TABLES


def synthetic_events(count: int, actors: list[str], source_id: str, seed: int = 7) -> pd.DataFrame:
    """``count`` events spread over 2012-2026 and over Mali's inhabited south and centre."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 5269, count), unit="D")
    low = rng.integers(0, 30, count)
    return pd.DataFrame(
        {
            "event_id": [f"syn-{i:07d}" for i in range(count)],
            "date": days.strftime("%Y-%m-%d"),
            "date_precision": "day",
            "place_id": "",
            "lat": rng.uniform(11.0, 20.0, count).round(4),
            "lon": rng.uniform(-11.0, 3.5, count).round(4),
            "geo_precision": "exact",
            "event_type": rng.choice(EVENT_TYPES, count),
            "actor_id": rng.choice(actors, count),
            "allies": "",
            "target_id": "",
            "fatalities_low": low,
            "fatalities_high": low + rng.integers(0, 5, count),
            "confidence": "medium",
            "description": "Synthetic event for benchmarking.",
            "description_fr": "",
            "source_ids": source_id,
            "note": "",
        }
    )[list(TABLES["events"].columns)]


def synthetic_record(count: int, folder: Path) -> Path:
    """A copy of the bundled record whose events are replaced by ``count`` synthetic ones."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DEFAULT_ROOT, folder)
    actors = pd.read_csv(folder / "actors.csv")["actor_id"].tolist()
    sources = pd.read_csv(folder / "sources.csv")["source_id"].tolist()
    synthetic_events(count, actors, sources[0]).to_csv(folder / "events.csv", index=False)
    # The bundled claims name bundled events, which are gone: keep only those about control periods.
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    claims[claims["event_id"].eq("")].to_csv(folder / "claims.csv", index=False)
    # So do the attacks on roads (route_events.csv): every row names a bundled event.
    (folder / "route_events.csv").unlink(missing_ok=True)
    meta = json.loads((folder / "dataset.json").read_text())
    meta["as_of"] = "2026-06-04"
    (folder / "dataset.json").write_text(json.dumps(meta))
    return folder
