"""What every format's converter shares: reading text cells as dates and numbers, quoting them
in rejection reasons, and collecting each row's first rejection reason."""

from __future__ import annotations

import re

import pandas as pd

from geo.importers.actors import full_key
from geo.importers.limits import MAX_FATALITIES
from geo.importers.reading import ImportFailure

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%B %d, %Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
)


def require(frame: pd.DataFrame, required, label: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportFailure(f"this looks like a {label} file but lacks the column(s): {', '.join(missing)}")


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates in any of the common formats; NaT where none fits. Day-first for slashes (ACLED/UCDP usage)."""
    text = text.str.strip()
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    remaining = text.ne("")
    for fmt in DATE_FORMATS:
        if not remaining.any():
            break
        parsed = pd.to_datetime(text[remaining], format=fmt, errors="coerce")
        hit = parsed.notna()
        result.loc[hit[hit].index] = parsed[hit].astype("datetime64[us]")
        remaining &= result.isna()
    return result.dt.normalize()


def numbers(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.str.strip().str.replace(",", ".", regex=False), errors="coerce")


def whole_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(values, bad, large): values as nullable ints; bad marks non-empty cells that are not whole
    numbers >= 0, large whole numbers over MAX_FATALITIES (NA in values, so no sum overflows)."""
    stripped = text.str.strip()
    values = pd.to_numeric(stripped, errors="coerce").astype("float64")
    bad = stripped.ne("") & (values.isna() | (values < 0) | (values % 1 != 0))
    large = ~bad & (values > MAX_FATALITIES)
    return values.where(~bad & ~large).round().astype("Int64"), bad, large


def shown(text: pd.Series, size: int = 60) -> pd.Series:
    """Cells as a rejection reason quotes them: at most ``size`` characters."""
    return text.where(text.str.len() <= size, text.str.slice(0, size - 1) + "…")


TOO_LARGE = f"is more than {MAX_FATALITIES:,} for one event"


def slug(name: str) -> str:
    """An id's text for a name: its whole name (parentheses too: "Islamic State (Sahel)" and
    "Islamic State (Greater Sahara)" stay two actors)."""
    return re.sub(r"[^a-z0-9]+", "_", full_key(name)).strip("_")[:60] or "unnamed"


class Rows:
    """Collects per-row rejection reasons, first reason wins."""

    def __init__(self, index: pd.Index, first_row: int):
        self.reason = pd.Series("", index=index, dtype=object)
        self.first_row = first_row

    def reject(self, mask: pd.Series, reason) -> None:
        mask = mask & self.reason.eq("")
        if mask.any():
            self.reason[mask] = reason[mask] if isinstance(reason, pd.Series) else reason

    @property
    def ok(self) -> pd.Series:
        return self.reason.eq("")

    def report(self) -> pd.DataFrame:
        bad = self.reason[self.reason.ne("")]
        return pd.DataFrame({"row": (bad.index + self.first_row).astype("int64"), "reason": bad.to_numpy()})


def col(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].astype(str) if name in frame.columns else pd.Series("", index=frame.index, dtype=object)
