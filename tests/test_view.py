"""Reading a shared link: every parameter validated, invalid ones fall back with a notice."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.schema import EVENT_TYPES, FAMILIES
from geo.view import BASES, OVERLAYS, WINDOWS, Choices, View, view_from_params, view_to_params

CHOICES = Choices(
    first=dt.date(2012, 1, 1),
    last=dt.date(2026, 6, 4),
    actors=frozenset({"jnim", "fama", "fla"}),
    regions=frozenset({"Kidal", "Gao"}),
    places=frozenset({"kidal", "gao"}),
)


def test_the_issue_example_link():
    view, notices = view_from_params(
        {"date": "2013-01-28", "window": "90", "families": "jihadist,state", "place": "kidal"}, CHOICES
    )
    assert notices == []
    assert view.date == dt.date(2013, 1, 28)
    assert view.window == 90
    assert set(view.families) == {"jihadist", "state"}
    assert view.place == "kidal"


def test_no_parameters_is_the_default_view_at_the_last_date():
    view, notices = view_from_params({}, CHOICES)
    assert notices == []
    assert view == View(date=CHOICES.last)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("date", "yesterday"),
        ("date", "2012-02-30"),
        ("date", "2030-01-01"),
        ("date", "2011-12-31"),
        ("window", "45"),
        ("window", "-1"),
        ("families", "rebels"),
        ("families", "jihadist,rebels"),
        ("families", ""),
        ("types", "skirmish"),
        ("actors", "nobody"),
        ("layers", "control,fog"),
        ("minfat", "-3"),
        ("minfat", "ten"),
        ("region", "Narnia"),
        ("place", "atlantis"),
        ("base", "watercolor"),
        ("lang", "de"),
        ("from", "2030-01-01"),
        ("from", "soon"),
        ("actor", "nobody"),
        ("zoom", "99"),
        ("zoom", "2"),
        ("zoom", "seven"),
        ("zoom", "1e1"),
        ("center", "14.5"),
        ("center", "95,0"),
        ("center", "14.5,-200"),
        ("center", "14.5, -4"),
    ],
)
def test_invalid_parameter_falls_back_with_a_notice(name, value):
    view, notices = view_from_params({name: value}, CHOICES)
    assert [n.name for n in notices] == [name]
    assert notices[0].value == value
    assert view == View(date=CHOICES.last)


def test_other_parameters_survive_a_bad_one():
    view, notices = view_from_params({"date": "2013-01-28", "window": "45", "lang": "fr"}, CHOICES)
    assert [n.name for n in notices] == ["window"]
    assert (view.date, view.window, view.lang) == (dt.date(2013, 1, 28), 90, "fr")


def test_streamlit_style_list_values_take_the_last():
    view, _ = view_from_params({"date": ["2012-01-05", "2013-01-28"]}, CHOICES)
    assert view.date == dt.date(2013, 1, 28)


def test_layers_none_switches_every_overlay_off():
    view, notices = view_from_params({"layers": "none"}, CHOICES)
    assert notices == [] and view.overlays == ()


def test_window_boundaries():
    view = View(date=dt.date(2013, 1, 28), window=30)
    assert view.window_start == dt.date(2012, 12, 30)
    assert view.previous_window() == (dt.date(2012, 11, 30), dt.date(2012, 12, 29))
    everything = View(date=dt.date(2013, 1, 28), window=0)
    assert everything.window_start is None and everything.previous_window() is None


views = st.builds(
    View,
    date=st.dates(CHOICES.first, CHOICES.last),
    window=st.sampled_from(WINDOWS),
    families=st.lists(st.sampled_from(FAMILIES), unique=True).map(lambda x: tuple(f for f in FAMILIES if f in x)),
    actors=st.lists(st.sampled_from(sorted(CHOICES.actors)), unique=True).map(lambda x: tuple(sorted(x))),
    event_types=st.lists(st.sampled_from(EVENT_TYPES), unique=True).map(
        lambda x: tuple(e for e in EVENT_TYPES if e in x)
    ),
    min_fatalities=st.integers(0, 1000),
    region=st.sampled_from([None, "Kidal", "Gao"]),
    base=st.sampled_from(BASES),
    overlays=st.lists(st.sampled_from(OVERLAYS), unique=True).map(lambda x: tuple(o for o in OVERLAYS if o in x)),
    place=st.sampled_from([None, "kidal", "gao"]),
    lang=st.sampled_from(["en", "fr"]),
    actor=st.sampled_from([None, "jnim", "fla"]),
    zoom=st.one_of(st.none(), st.integers(12, 72).map(lambda quarters: quarters / 4)),
    center=st.one_of(
        st.none(),
        st.tuples(st.integers(-900_000, 900_000), st.integers(-1_800_000, 1_800_000)).map(
            lambda c: (c[0] / 10_000, c[1] / 10_000)
        ),
    ),
).flatmap(
    lambda v: st.sampled_from([None, v.date, v.date - dt.timedelta(days=40)]).map(
        lambda start: replace(v, start=start if start is None or start >= CHOICES.first else None)
    )
)


@given(views)
def test_every_view_survives_the_round_trip_through_a_link(view):
    again, notices = view_from_params(view_to_params(view), CHOICES)
    assert notices == []
    assert again == view


def test_a_custom_period_overrides_the_window():
    view, notices = view_from_params({"date": "2013-01-28", "from": "2013-01-01", "window": "30"}, CHOICES)
    assert notices == []
    assert view.window_start == dt.date(2013, 1, 1)
    assert view.previous_window() == (dt.date(2012, 12, 4), dt.date(2012, 12, 31))


def test_a_period_starting_after_its_end_is_refused():
    view, notices = view_from_params({"date": "2013-01-28", "from": "2013-02-01"}, CHOICES)
    assert [n.name for n in notices] == ["from"] and view.start is None


def test_a_link_keeps_the_maps_zoom_and_centre():
    view, notices = view_from_params({"date": "2013-01-25", "zoom": "7.25", "center": "18.44,1.41"}, CHOICES)
    assert notices == []
    assert view.zoom == 7.25 and view.center == (18.44, 1.41)
    assert view_to_params(view)["zoom"] == "7.25" and view_to_params(view)["center"] == "18.4400,1.4100"
    # A zoom from the map is brought to the map's quarter steps.
    assert view_from_params({"zoom": "7.3"}, CHOICES)[0].zoom == 7.25
