"""Hostile input: links, data folders and exports built to crash or trick the app.

Every case here was found by an audit. The rules: bad input gets a clear message (a
notice, a listed problem), never a traceback; nothing is silently dropped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.i18n import LANGUAGES
from geo.schema import EVENT_TYPES, FAMILIES
from geo.view import BASES, MAX_PARAM, OVERLAYS, WINDOWS, Choices, View, view_from_params, view_to_params

# --- A. links ---------------------------------------------------------------------------

CHOICES = Choices(
    first=dt.date(2012, 1, 1),
    last=dt.date(2026, 6, 4),
    actors=frozenset({"jnim", "fama", "fla"}),
    regions=frozenset({"Kidal", "Gao", "Ségou"}),
    places=frozenset({"kidal", "gao"}),
)
PARAMS = ("date", "from", "window", "families", "types", "actors", "layers", "minfat", "region", "place", "actor")
PARAMS += ("base", "lang")

HOSTILE_VALUES = [
    "²",  # str.isdigit() is True, int() raises
    "³⁰",
    "٣٠",  # Arabic-Indic digits: int() accepts them, a link should not
    "９０",  # fullwidth digits
    "9" * 5000,  # int() of more than 4300 digits raises
    "1" + "0" * 100,
    "-0",
    "+30",
    " 30",
    "0000-01-01",  # year 0: pandas parses it, then date() raises
    "1600-01-01",
    "99999-01-01",
    "٢٠١٣-٠١-٢٨",
    "20130128  ",  # ten characters that pandas reads as a date
    "2013-02-30",
    "now",
    "NaT",
    "nan",
    "kıdal",
    "K\u0130dal",
    "\x00",
    "\ud800",  # a lone surrogate cannot even be encoded
    "\u202eladik",  # right-to-left override
    "😀" * 1000,
    "x" * 100_000,
    ",",
    "," * 10_000,
    "none,",
    "[Click](https://example.org)",
]


@pytest.mark.parametrize("name", PARAMS)
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: repr(v[:12]) + f"x{len(v)}")
def test_a_hostile_parameter_falls_back_to_its_default_with_a_notice(name, value):
    view, notices = view_from_params({name: value}, CHOICES)
    assert view == View(date=CHOICES.last)
    assert [n.name for n in notices] == [name]
    assert len(notices[0].value) <= MAX_PARAM + 1
    notices[0].value.encode("utf-8")  # the notice can be shown


@pytest.mark.parametrize("name", PARAMS)
def test_a_repeated_parameter_takes_its_last_value(name):
    good = view_to_params(
        View(
            date=dt.date(2013, 1, 28),
            window=30,
            families=("jihadist",),
            actors=("fama",),
            event_types=("clash",),
            min_fatalities=5,
            region="Gao",
            base="dark",
            overlays=("events",),
            place="gao",
            lang="fr",
            start=dt.date(2013, 1, 1),
            actor="fla",
        )
    )
    value = good[name]
    alone, _ = view_from_params({name: value}, CHOICES)
    again, notices = view_from_params({name: ["²", "9" * 5000, value]}, CHOICES)
    assert notices == [] and again == alone
    again, notices = view_from_params({name: [value, "²"]}, CHOICES)
    assert [n.name for n in notices] == [name]


@pytest.mark.parametrize("value", [[], [None], None, 30, 3.5, ["30", ["90"]], b"30", object()])
def test_values_that_are_not_text_never_raise(value):
    view, notices = view_from_params({name: value for name in PARAMS}, CHOICES)
    assert CHOICES.first <= view.date <= CHOICES.last
    assert all(n.name in PARAMS for n in notices)


def test_a_long_notice_is_cut():
    _, notices = view_from_params({"place": "x" * 100_000}, CHOICES)
    assert notices[0].value == "x" * MAX_PARAM + "…"


def test_a_long_but_valid_list_of_actors_is_still_read():
    actors = frozenset(f"actor_with_a_rather_long_id_{i:03d}" for i in range(60))
    choices = Choices(first=CHOICES.first, last=CHOICES.last, actors=actors)
    view = View(date=CHOICES.last, actors=tuple(sorted(actors)))
    assert len(view_to_params(view)["actors"]) > MAX_PARAM
    assert view_from_params(view_to_params(view), choices) == (view, [])


def _valid(view: View, choices: Choices) -> None:
    assert choices.first <= view.date <= choices.last
    assert view.window in WINDOWS
    assert set(view.families) <= set(FAMILIES)
    assert set(view.actors) <= choices.actors
    assert set(view.event_types) <= set(EVENT_TYPES)
    assert set(view.overlays) <= set(OVERLAYS)
    assert isinstance(view.min_fatalities, int) and 0 <= view.min_fatalities <= 100_000
    assert view.region is None or view.region in choices.regions
    assert view.place is None or view.place in choices.places
    assert view.actor is None or view.actor in choices.actors
    assert view.base in BASES
    assert view.lang in LANGUAGES
    assert view.start is None or choices.first <= view.start <= view.date


texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), max_size=8),  # digits of every script
    st.sampled_from(HOSTILE_VALUES),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.integers(-(10**30), 10**30).map(str),
    st.lists(st.sampled_from([*FAMILIES, *EVENT_TYPES, *OVERLAYS, "jnim", "x", "", " "])).map(",".join),
)
hostile_params = st.dictionaries(
    st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)),
    st.one_of(texts, st.lists(texts, max_size=3)),
    max_size=len(PARAMS) + 3,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_params)
def test_no_link_raises_and_every_view_read_is_valid(params):
    view, notices = view_from_params(params, CHOICES)
    _valid(view, CHOICES)
    assert {n.name for n in notices} <= set(params) & set(PARAMS)
    for notice in notices:
        assert len(notice.value) <= MAX_PARAM + 1
        notice.value.encode("utf-8")
    # What was read is a view a link can carry: it survives the round trip unchanged.
    assert view_from_params(view_to_params(view), CHOICES) == (view, [])
