"""Claims (claims.csv) grouped by what they are about, in the reader's language."""

from __future__ import annotations

import pandas as pd


def claim_text(claim, lang: str) -> str:
    """A claim's sentence in ``lang`` (``text_<lang>`` when the table has it and it is filled), else English."""
    localized = getattr(claim, f"text_{lang}", None)
    return localized if isinstance(localized, str) and localized else str(claim.text)


def claims_by_subject(claims: pd.DataFrame | None, lang: str) -> tuple[dict, dict]:
    """The claims' sentences by control period ``(place_id, period_start)`` and by ``event_id``,
    each list oldest claim first, so rival claims read side by side."""
    periods: dict[tuple[str, pd.Timestamp], list[str]] = {}
    events: dict[str, list[str]] = {}
    if claims is None or claims.empty:
        return periods, events
    for claim in claims.sort_values(["claimed_on", "claim_id"]).itertuples(index=False):
        when = f"{claim.claimed_on:%Y-%m}" if claim.claimed_on_precision == "month" else f"{claim.claimed_on:%Y-%m-%d}"
        sentence = f"{claim_text(claim, lang)} ({when})"
        if isinstance(claim.event_id, str):
            events.setdefault(claim.event_id, []).append(sentence)
        else:
            periods.setdefault((claim.place_id, pd.Timestamp(claim.period_start)), []).append(sentence)
    return periods, events
