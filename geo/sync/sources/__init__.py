"""The sync sources, one module each, as a registry: adding a source is adding one file here
that defines ``SOURCE`` (a :class:`SyncSource`), and a fake of its API in
benchmarks/fake_sources.py for the tests.

The engine (:mod:`geo.sync.engine`) knows none of them by name: it asks a source for its
pages of rows and the ids it withdrew, and hands the rows to the importer of the source's
format (:data:`geo.importers.formats.FORMATS`), unchanged.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from geo.sync.http import Http, Secret


@dataclass(frozen=True)
class Credential:
    """One thing a person types to use a source (never stored)."""

    name: str
    #: i18n key of its label.
    label: str
    #: A password or token: typed hidden, shown nowhere.
    secret: bool = True


@dataclass(frozen=True)
class Option:
    """A setting of a sync that is not a credential (a dataset version), with its default."""

    name: str
    label: str
    default: str = ""
    help: str = ""


@dataclass
class Page:
    """One page of a source's answer: its rows as the API gave them, and what they are."""

    rows: list
    #: Which of the source's datasets (ACLED: "events"; UCDP: "ged" or "candidate").
    dataset: str
    #: Candidate data, to be replaced when the final release covers it.
    provisional: bool = False
    #: The release the rows come from (UCDP's version), or "".
    release: str = ""
    number: int = 1
    #: Rows the source reports in all (for a progress bar), when it says.
    total: int | None = None


@dataclass
class Withdrawn:
    """Event ids the source withdrew (ACLED's deletions), to remove from the store."""

    ids: list[str]


@dataclass
class Covered:
    """A final release covers every day up to ``through``: provisional rows up to it go."""

    through: dt.date
    release: str


@dataclass
class Plan:
    """What one sync asks for: events from ``since``; ``state`` is what the last sync of the
    source left in the store (its cursor); ``options`` the source's options."""

    since: dt.date
    full: bool
    state: Mapping[str, str]
    options: Mapping[str, str]
    base_url: str
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    #: What the source wants kept for its next sync (its cursor), filled in as it fetches.
    new_state: dict[str, str] = field(default_factory=dict)


#: (client, credentials, plan) -> pages, withdrawals and coverage, in order.
Fetch = Callable[[Http, Mapping[str, Secret], Plan], Iterator[Page | Withdrawn | Covered]]


@dataclass(frozen=True)
class SyncSource:
    """One API the map can pull events from, with the user's own access."""

    name: str
    label: str
    #: The importer format its rows are (geo.importers.formats.FORMATS).
    format: str
    credentials: tuple[Credential, ...]
    fetch: Fetch
    #: The field of a row that identifies the event (updates and deletions match on it).
    id_field: str
    #: The API's address; tests and the benchmark point it at a local fake.
    base_url: str
    #: Acknowledgement shown wherever its rows are ({date}: the access date).
    attribution: str
    #: Whether its rows may be shown to other sessions of a hosted instance (ACLED: no).
    shareable: bool
    options: tuple[Option, ...] = ()
    #: What a person needs to get access, for the README and the panel (i18n key).
    needs: str = ""


def _discover() -> dict[str, SyncSource]:
    found = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        source = importlib.import_module(f"{__name__}.{module.name}").SOURCE
        found[source.name] = source
    return found


#: Every source, by name.
SOURCES: dict[str, SyncSource] = _discover()
