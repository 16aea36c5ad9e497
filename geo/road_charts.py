"""The Timeline page's lanes for roads and bases (Altair): one lane per route, a bar per status
period coloured by status; one lane per base, a bar per operator coloured by its family."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.charts import in_language
from geo.i18n import place_name, t
from geo.schema import FAMILIES, ROUTE_STATUSES
from geo.style import FAMILY_COLORS, ROUTE_STYLES

_DAY = pd.Timedelta(days=1)


def _marker(selected: dt.date) -> alt.Chart:
    return (
        alt.Chart(pd.DataFrame({"date": [pd.Timestamp(selected)]}))
        .mark_rule(color="#b5452b", strokeWidth=2)
        .encode(x="date:T")
    )


def _finish(chart: alt.LayerChart, lanes: int, height_per_lane: int, lang: str, description: str) -> alt.LayerChart:
    # Streamlit fits the whole chart, legend included, in this height; the description is the
    # chart's name for screen readers (issue #19).
    return (
        in_language(chart.properties(height=lanes * height_per_lane + 110, description=description), lang)
        .configure_legend(orient="bottom", columns=4, labelLimit=220)
        .configure_axisY(labelLimit=220)
    )


def route_gantt(periods: pd.DataFrame, selected: dt.date, lang: str, height_per_lane: int = 24) -> alt.LayerChart:
    """``periods``: geo.routes.status_periods (its ``to_day`` ends each bar after its last day)."""
    data = periods.assign(
        route=[place_name(lang, n, f) for n, f in zip(periods["name"], periods["name_fr"], strict=True)],
        status_label=periods["status"].map(lambda s: t(lang, f"route_status.{s}")),
        by=periods["imposed_by_name"].fillna(""),
        cut_label=periods["cut"].map(
            lambda c: ", ".join(t(lang, f"cut.{i}") for i in c.split("|")) if isinstance(c, str) else ""
        ),
        last=periods["to_day"] - _DAY,
        # A one-day attack would be invisible: every bar is at least a week wide.
        bar_end=periods[["to_day"]].assign(week=periods["from_day"] + pd.Timedelta(days=7)).max(axis=1),
    )
    scale = alt.Scale(
        domain=[t(lang, f"route_status.{s}") for s in ROUTE_STATUSES],
        range=[str(ROUTE_STYLES[s]["color"]) for s in ROUTE_STATUSES],
    )
    tooltip = [
        alt.Tooltip("route:N", title=t(lang, "timeline.route")),
        alt.Tooltip("status_label:N", title=t(lang, "timeline.status")),
        alt.Tooltip("by:N", title=t(lang, "col.imposed_by")),
        alt.Tooltip("cut_label:N", title=t(lang, "col.cut")),
        alt.Tooltip("from_day:T", title=t(lang, "timeline.start")),
        alt.Tooltip("last:T", title=t(lang, "timeline.end")),
    ]
    colour = alt.Color("status_label:N", title=t(lang, "timeline.status"), scale=scale)
    description = t(lang, "a11y.chart.routes")
    return _lanes(data, "route", "bar_end", colour, tooltip, selected, height_per_lane, lang, description)


def base_gantt(periods: pd.DataFrame, selected: dt.date, lang: str, height_per_lane: int = 24) -> alt.LayerChart:
    """``periods``: geo.bases.base_periods (bars from the first attestation where no start is known)."""
    data = periods.assign(
        operator=[
            f"{n} ({c})" if isinstance(c, str) else str(n)
            for n, c in zip(periods["operator_name"], periods["contingent"], strict=True)
        ],
        family_label=periods["family"].map(lambda f: t(lang, f"family.{f}")),
        ending=periods["end_reason"].map(lambda r: t(lang, f"end_reason.{r}") if isinstance(r, str) else ""),
        to=periods["handed_to_name"].fillna(""),
        last=periods["to_day"] - _DAY,
    )
    scale = alt.Scale(domain=[t(lang, f"family.{f}") for f in FAMILIES], range=[FAMILY_COLORS[f] for f in FAMILIES])
    tooltip = [
        alt.Tooltip("name:N", title=t(lang, "timeline.base")),
        alt.Tooltip("operator:N", title=t(lang, "timeline.operator")),
        alt.Tooltip("from_day:T", title=t(lang, "timeline.start")),
        alt.Tooltip("last:T", title=t(lang, "timeline.end")),
        alt.Tooltip("ending:N", title=t(lang, "col.end_reason")),
        alt.Tooltip("to:N", title=t(lang, "col.handed_to")),
    ]
    colour = alt.Color("family_label:N", title=t(lang, "timeline.family"), scale=scale)
    description = t(lang, "a11y.chart.bases")
    return _lanes(data, "name", "to_day", colour, tooltip, selected, height_per_lane, lang, description)


def _lanes(
    data, lane: str, bar_end: str, colour, tooltip, selected: dt.date, height_per_lane: int, lang: str, description: str
) -> alt.LayerChart:
    """One lane per ``lane`` value (sorted), a bar per period from ``from_day`` to ``bar_end``, the
    date marked: what the route and base charts share."""
    order = data.sort_values(lane)[lane].unique().tolist()
    bars = (
        alt.Chart(data)
        .mark_bar(height=max(height_per_lane - 4, 6))
        .encode(
            x=alt.X("from_day:T", title=None),
            x2=f"{bar_end}:T",
            y=alt.Y(f"{lane}:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
            color=colour,
            tooltip=tooltip,
        )
    )
    return _finish(alt.layer(bars, _marker(selected)), len(order), height_per_lane, lang, description)
