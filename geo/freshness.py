"""How recent each layer of the map is: the record's as-of date, the latest event of the
session's own data (synced or uploaded) and when it was synced or loaded; a layer older than
STALE_AFTER days is flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: A layer whose latest information is older than this many days is flagged as stale (ACLED
#: publishes weekly and UCDP's candidate events monthly, so two months behind is a gap).
STALE_AFTER = 60


@dataclass(frozen=True)
class Freshness:
    """One layer: what it is (an i18n key's last part), its latest day, and how old that is."""

    layer: str
    latest: dt.date
    age_days: int
    #: When the data were fetched or loaded (a sync's or an upload's day), if known.
    fetched: dt.date | None = None

    @property
    def stale(self) -> bool:
        return self.age_days > STALE_AFTER


def _day(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def freshness(
    as_of, own_latest=None, own_fetched=None, *, own_layer: str = "upload", today: dt.date | None = None
) -> list[Freshness]:
    """The record's layer, and the session's own events' layer if it has any (``own_layer``:
    "upload", "acled" or "ucdp")."""
    today = today or dt.date.today()
    layers = []
    record = _day(as_of)
    if record is not None:
        layers.append(Freshness("record", record, (today - record).days))
    own = _day(own_latest)
    if own is not None:
        layers.append(Freshness(own_layer, own, (today - own).days, _day(own_fetched)))
    return layers
