"""Timeline: events and fatalities per month by family, the control lanes, the turning points."""

import streamlit as st

import ui
from geo import charts
from geo.i18n import colon, t
from geo.i18n.formats import long_date
from geo.snapshot import event_filters
from geo.timeline import control_lanes, monthly_counts, turning_points

dataset, lang = ui.page_start("timeline.title")
st.caption(t(lang, "timeline.caption"))
ui.time_controls(dataset)
view = ui.current_view()

events = dataset.events_between(dataset.first_date, dataset.as_of, **event_filters(view))
measure = st.radio(
    t(lang, "timeline.metric"),
    ["events", "fatalities"],
    horizontal=True,
    key="timeline_measure",
    format_func=lambda m: t(lang, f"timeline.metric.{m}"),
)
turning = turning_points(dataset)
chart = charts.monthly_chart(monthly_counts(events), view.date, turning, lang, measure)
selection = st.altair_chart(
    chart, width="stretch", on_select="rerun", selection_mode=charts.BRUSH, key="timeline_chart"
)
st.caption(f"{t(lang, 'timeline.turning')}{colon(lang)}{charts.turning_point_legend(turning, lang)}")
period = charts.brushed_range(selection)
if period:
    st.info(t(lang, "timeline.range", start=long_date(period[0], lang), end=long_date(period[1], lang)))
    if st.button(t(lang, "timeline.range_apply"), key="apply_period"):
        ui.show_period(*period)
        st.switch_page("pages/map.py")

st.header(t(lang, "timeline.control"))
st.caption(t(lang, "timeline.control_caption"))
gantt = charts.control_gantt(control_lanes(dataset), view.date, lang)
st.altair_chart(gantt, width="stretch", height=gantt.height)
ui.road_and_base_lanes(dataset, view, lang)

st.header(t(lang, "timeline.events_in_range"))
in_window = dataset.events_between(view.window_start or dataset.first_date, view.date, **event_filters(view))
ui.events_table(in_window.sort_values("date", ascending=False), dataset, lang)
ui.page_end(view, dataset)
