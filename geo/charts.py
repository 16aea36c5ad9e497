"""Charts of the analysis pages (Altair), keyed by the schema's vocabularies and colours."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.i18n import place_name, t
from geo.i18n.formats import vega_locale
from geo.schema import FAMILIES
from geo.style import FAMILY_COLORS

BRUSH = "brush"


def in_language(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """``chart`` with its axes' and tooltips' months, days and numbers in ``lang`` (Vega's own
    locale, from geo.i18n.formats.vega_locale); unchanged in the default language. Apply it
    before any other ``configure_*``: it sets the chart's config."""
    locale = vega_locale(lang)
    return chart.configure(locale=locale) if locale else chart


def _family_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[t(lang, f"family.{f}") for f in FAMILIES], range=[FAMILY_COLORS[f] for f in FAMILIES])


def monthly_chart(
    monthly: pd.DataFrame, selected: dt.date, turning: pd.DataFrame, lang: str, measure: str = "events"
) -> alt.LayerChart:
    """Stacked bars per month by family, a rule at the selected date, turning points, and an x brush."""
    data = monthly.assign(family_label=monthly["family"].map(lambda f: t(lang, f"family.{f}")))
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    label = t(lang, f"timeline.metric.{measure}")
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title=t(lang, "timeline.month")),
            y=alt.Y(f"sum({measure}):Q", title=label),
            color=alt.Color("family_label:N", title=t(lang, "timeline.family"), scale=_family_scale(lang)),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title=t(lang, "timeline.month")),
                alt.Tooltip("family_label:N", title=t(lang, "timeline.family")),
                alt.Tooltip(f"sum({measure}):Q", title=label),
            ],
        )
        .add_params(brush)
    )
    marker = (
        alt.Chart(pd.DataFrame({"date": [pd.Timestamp(selected)], "label": [t(lang, "timeline.selected")]}))
        .mark_rule(color="#b5452b", strokeWidth=2)
        .encode(x="date:T", tooltip=[alt.Tooltip("date:T", title="")])
    )
    points = turning.assign(
        text=turning["label"].map(lambda key: t(lang, key)), number=[str(i + 1) for i in range(len(turning))]
    )
    tips = [alt.Tooltip("date:T", title=t(lang, "col.date")), alt.Tooltip("text:N", title="")]
    rules = alt.Chart(points).mark_rule(color="#555", strokeDash=[3, 3]).encode(x="date:T", tooltip=tips)
    # Numbered badges at the top of each rule; the numbers are explained under the chart.
    badges = (
        alt.Chart(points)
        .mark_circle(size=170, color="#fff", stroke="#555", opacity=1)
        .encode(x="date:T", y=alt.value(8), tooltip=tips)
    )
    texts = (
        alt.Chart(points)
        .mark_text(fontSize=9, fontWeight="bold", color="#333")
        .encode(x="date:T", y=alt.value(8), text="number:N", tooltip=tips)
    )
    # The description names the chart for screen readers (issue #19). Drawn on a canvas: in SVG,
    # Vega-Lite draws the brush as two unnamed role="graphics-symbol" marks that no spec option
    # can name or hide (axe svg-img-alt); on a canvas the chart is one named image, and the brush
    # and tooltips work as before.
    chart = alt.layer(bars, rules, marker, badges, texts).properties(
        height=340,
        description=t(lang, "a11y.chart.monthly", measure=label.lower()),
        usermeta={"embedOptions": {"renderer": "canvas"}},
    )
    return in_language(chart, lang).configure_legend(orient="bottom", columns=4, labelLimit=220)


def control_gantt(lanes: pd.DataFrame, selected: dt.date, lang: str, height_per_lane: int = 24) -> alt.LayerChart:
    """One lane per town, a bar per control period coloured by the holder's family."""
    data = lanes.assign(
        town=[place_name(lang, n, f) for n, f in zip(lanes["name"], lanes["name_fr"])],
        family_label=lanes["family"].map(lambda f: t(lang, f"family.{f}")),
        status_label=lanes["status"].map(lambda s: t(lang, f"status.{s}")),
    )
    order = data.sort_values("town")["town"].unique().tolist()
    bars = (
        alt.Chart(data)
        .mark_bar(height=max(height_per_lane - 4, 6))
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            y=alt.Y("town:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color("family_label:N", title=t(lang, "timeline.family"), scale=_family_scale(lang)),
            opacity=alt.condition(alt.datum.status == "control", alt.value(1.0), alt.value(0.55)),
            tooltip=[
                alt.Tooltip("town:N", title=t(lang, "timeline.town")),
                alt.Tooltip("actor_name:N", title=t(lang, "timeline.holder")),
                alt.Tooltip("status_label:N", title=t(lang, "timeline.status")),
                alt.Tooltip("start:T", title=t(lang, "timeline.start")),
                alt.Tooltip("end:T", title=t(lang, "timeline.end")),
            ],
        )
    )
    marker = (
        alt.Chart(pd.DataFrame({"date": [pd.Timestamp(selected)]}))
        .mark_rule(color="#b5452b", strokeWidth=2)
        .encode(x="date:T")
    )
    # Streamlit fits the whole chart, legend included, in this height.
    return (
        in_language(
            alt.layer(bars, marker).properties(
                height=len(order) * height_per_lane + 110, description=t(lang, "a11y.chart.control")
            ),
            lang,
        )
        .configure_legend(orient="bottom", columns=4, labelLimit=220)
        .configure_axisY(labelLimit=160)
    )


def brushed_range(selection: object) -> tuple[dt.date, dt.date] | None:
    """The (start, end) dates of an Altair x-brush as st.altair_chart reports it, if any."""
    try:
        values = selection["selection"][BRUSH]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if not values:
        return None
    interval = next(iter(values.values()))
    if not isinstance(interval, list | tuple) or len(interval) != 2:
        return None
    start, end = (pd.to_datetime(v, unit="ms") if isinstance(v, int | float) else pd.Timestamp(v) for v in interval)
    return start.date(), end.date()


def lineage_dot(edges: list[tuple[str, str]], actors: pd.DataFrame, focus: str) -> str:
    """A Graphviz DOT graph of actor lineage, nodes coloured by family, the chosen actor outlined."""
    table = actors.set_index("actor_id")
    nodes = {focus} | {a for edge in edges for a in edge}

    def quote(text: object) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph lineage {", "rankdir=LR;", 'node [shape=box, style="rounded,filled", fontname="sans-serif"];']
    for node in sorted(nodes):
        family = table.at[node, "family"] if node in table.index else "other"
        name = table.at[node, "name"] if node in table.index else node
        width = 3 if node == focus else 1
        lines.append(
            f"{quote(node)} [label={quote(name)}, fillcolor={quote(FAMILY_COLORS[family] + '55')}, penwidth={width}];"
        )
    lines += [f"{quote(a)} -> {quote(b)};" for a, b in edges]
    lines.append("}")
    return "\n".join(lines)


def turning_point_legend(turning: pd.DataFrame, lang: str) -> str:
    """The numbered turning points as one line of markdown, matching the chart's badges."""
    items = [f"**{i + 1}** {row.date:%Y-%m-%d} {t(lang, row.label)}" for i, row in enumerate(turning.itertuples())]
    return " · ".join(items)
