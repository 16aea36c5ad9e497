"""The actor table of a real ACLED export, as this project's importer files it (issue #18; run by hand).

    .venv/bin/python benchmarks/acled_actor_table.py --file EXPORT.csv \
        [--expected benchmarks/acled_expected_families.csv] [--repo TREE] [--top 40] [--json OUT.json]

``--file``: an ACLED export (CSV, or XLSX), of any mix of countries: its Mali rows are kept in
memory (column ``country``), nothing else of the file is changed, and they go through the
importer as an upload does in the app (``geo.importers.read_events`` on the bytes of a CSV, with
the file's name). An export longer than the importer's row cap (``geo.importers.limits.MAX_ROWS``)
is imported in consecutive parts of at most that many rows, each as its own upload; the
figures add the parts up (the one thing a part changes: a name's family by ACLED actor type is
the type it has most often within its part).

``--repo``: the project tree whose importer to measure (default: the tree holding this script),
to compare commits: ``git worktree add /tmp/old COMMIT`` then ``--repo /tmp/old``.

It prints, for the imported events:

- the share of events by the family of their principal actor (``actor1``), ``other`` first;
- with ``--expected`` (a CSV ``name,expected_family,reason`` judged by hand, one line per
  distinct ACLED name): the events whose principal actor got another family than the judged one
  ("misfiled"), by name, and the events whose name was not judged;
- the events whose imported ``date`` differs from ACLED's ``event_date``, by ACLED's
  ``time_precision`` (1 day, 2 week, 3 month), with how far they moved;
- the principal names the importer cuts into several (its separator ", " then a capital);
- the distinct principal names that ended ``other``, with their number of events and their
  ACLED actor type (``inter1``).

ACLED's terms forbid redistributing its data: keep the export outside the repository. This
script prints only names and counts. Runs offline.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent.parent


def read_export(path: Path) -> pd.DataFrame:
    """Every row of the export as text, column names in lower case; HDX's row of HXL hashtags and
    a saved index column ("Unnamed: 0") left out."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    frame = frame.drop(columns=[c for c in frame.columns if c.startswith("unnamed:")])
    if len(frame) and str(frame.iloc[0].get("event_id_cnty", "")).startswith("#"):
        frame = frame.iloc[1:]
    return frame.reset_index(drop=True)


def acled_dates(text: pd.Series) -> pd.Series:
    """ACLED's ``event_date`` read independently of the importer: ISO (2020-07-31) or the
    older exports' day-first forms (31 July 2020, 31-July-2020, 31/07/2020)."""
    text = text.str.strip()
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d-%b-%y", "%d %b %Y"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    return parsed


def load_importer(repo: Path):
    """``geo.importers`` (and its limits) of the tree ``repo``."""
    sys.path.insert(0, str(repo))
    for name in [m for m in sys.modules if m == "geo" or m.startswith("geo.")]:
        del sys.modules[name]
    importers = importlib.import_module("geo.importers")
    limits = importlib.import_module("geo.importers.limits")
    assert Path(importers.__file__).resolve().is_relative_to(repo.resolve()), importers.__file__
    return importers, getattr(limits, "MAX_ROWS", 100_000)


def import_rows(mali: pd.DataFrame, importers, cap: int, name: str):
    """The Mali rows through ``read_events``, in parts of at most ``cap`` rows: (events with
    their principal actor's family and name, rejected rows, warnings)."""
    events, rejected, warnings = [], [], []
    for start in range(0, len(mali), cap):
        part = mali.iloc[start : start + cap]
        upload = io.BytesIO(part.to_csv(index=False).encode("utf-8"))
        upload.name = name
        result = importers.read_events(upload, name=name)
        actors = result.actors.drop_duplicates("actor_id").set_index("actor_id")
        got = result.events[["event_id", "date", "date_precision", "actor_id"]].copy()
        got["family"] = got["actor_id"].map(actors["family"])
        events.append(got)
        rejected.append(result.rejected)
        warnings += result.warnings
    return pd.concat(events, ignore_index=True), pd.concat(rejected, ignore_index=True), warnings


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def measure(path: Path, repo: Path, expected: Path | None, top: int) -> dict:
    frame = read_export(path)
    if "country" not in frame:
        raise SystemExit(f"{path}: no 'country' column; is this an ACLED export?")
    mali = frame[frame["country"].str.strip().str.casefold().eq("mali")].reset_index(drop=True)
    importers, cap = load_importer(repo)
    split = importlib.import_module("geo.importers.actors").split_actors
    events, rejected, warnings = import_rows(mali, importers, cap, path.name)
    source = mali.set_index(mali["event_id_cnty"].str.strip())
    events = events.join(source[["actor1", "inter1", "event_date", "time_precision"]], on="event_id")
    events["name"] = events["actor1"].str.strip()
    total = len(events)
    out: dict = {
        "file": str(path),
        "repo": str(repo),
        "rows": len(frame),
        "mali_rows": len(mali),
        "parts": -(-len(mali) // cap),
        "imported": total,
        "rejected": len(rejected),
        "rejected_reasons": rejected["reason"].value_counts().head(5).to_dict() if len(rejected) else {},
        "first_date": str(events["date"].min().date()) if total else None,
        "last_date": str(events["date"].max().date()) if total else None,
        "distinct_principal_names": int(events["name"].nunique()),
        "names_cut_by_importer": sorted(n for n in events["name"].unique() if split(n) != [n]),
    }
    families = events["family"].value_counts()
    out["families"] = {f: [int(n), percent(n, total)] for f, n in families.items()}
    out["other_share"] = percent(int(families.get("other", 0)), total)

    moved_from = acled_dates(events["event_date"])
    moved = events["date"].dt.normalize().ne(moved_from) & moved_from.notna()
    shift = (events["date"].dt.normalize() - moved_from).dt.days
    out["dates_unreadable_here"] = int(moved_from.isna().sum())
    by_precision = {}
    for precision, group in events.groupby(events["time_precision"].str.strip()):
        m = moved[group.index]
        by_precision[precision] = {
            "events": len(group),
            "moved": int(m.sum()),
            "share": percent(int(m.sum()), len(group)),
            "shift_days_min_max": [int(shift[group.index][m].min()), int(shift[group.index][m].max())]
            if m.any()
            else None,
            "imported_precision": group["date_precision"].value_counts().to_dict(),
        }
    out["dates_moved"] = {"all": [int(moved.sum()), percent(int(moved.sum()), total)], "by_precision": by_precision}

    others = events[events["family"].eq("other")]
    names = others.groupby("name").agg(events=("name", "size"), inter1=("inter1", lambda s: "/".join(sorted(set(s)))))
    names = names.sort_values("events", ascending=False, kind="stable")
    out["other_names"] = [[n, int(r.events), r.inter1] for n, r in names.head(top).iterrows()]
    out["other_names_count"] = len(names)

    if expected is not None:
        judged = pd.read_csv(expected, dtype=str, keep_default_na=False)
        judged["name"] = judged["name"].str.strip()
        bad = judged[~judged["expected_family"].isin(importers_families())]
        if len(bad):
            raise SystemExit(f"{expected}: expected_family not in the vocabulary: {bad['name'].tolist()}")
        table = judged.drop_duplicates("name").set_index("name")
        events["expected"] = events["name"].map(table["expected_family"])
        known = events["expected"].notna()
        wrong = known & events["expected"].ne(events["family"])
        rows = events[wrong].groupby(["name", "family", "expected"]).size().reset_index(name="events")
        rows = rows.sort_values("events", ascending=False, kind="stable")
        out["misfiled"] = {
            "judged_events": int(known.sum()),
            "unjudged_events": int((~known).sum()),
            "unjudged_names": sorted(set(events.loc[~known, "name"])),
            "misfiled_events": int(wrong.sum()),
            "share_of_all_events": percent(int(wrong.sum()), total),
            "names": [
                [r.name, int(r.events), r.family, r.expected, table.loc[r.name, "reason"]] for r in rows.itertuples()
            ],
        }
    out["warnings_about_names"] = [w[:300] for w in warnings if "mapping table" in w]
    return out


def importers_families() -> tuple[str, ...]:
    return importlib.import_module("geo.schema").FAMILIES


def show(out: dict) -> None:
    print(f"File {out['file']}  (importer of {out['repo']})")
    print(
        f"rows {out['rows']}, Mali rows {out['mali_rows']} in {out['parts']} part(s); imported {out['imported']}, "
        f"rejected {out['rejected']} {out['rejected_reasons'] or ''}; dates {out['first_date']} .. {out['last_date']}"
    )
    print(f"distinct principal names {out['distinct_principal_names']}")
    if out["names_cut_by_importer"]:
        print(f"principal names the importer split differently: {out['names_cut_by_importer']}")
    print(f"\n(a) principal actor family (share 'other': {out['other_share']})")
    for family, (n, share) in out["families"].items():
        print(f"  {family:<14}{n:>7}  {share:>6}")
    if "misfiled" in out:
        m = out["misfiled"]
        print(
            f"\n(b) misfiled: {m['misfiled_events']} of {out['imported']} events ({m['share_of_all_events']}); "
            f"judged {m['judged_events']}, not judged {m['unjudged_events']}"
        )
        for name, n, got, want, reason in m["names"]:
            print(f"  {n:>5}  {name}: {got} -> should be {want} ({reason})")
        if m["unjudged_names"]:
            print(f"  names not in the judged list: {m['unjudged_names']}")
    d = out["dates_moved"]
    print(f"\n(c) dates moved: {d['all'][0]} ({d['all'][1]}); unreadable here: {out['dates_unreadable_here']}")
    for precision, row in sorted(d["by_precision"].items()):
        print(
            f"  time_precision {precision}: {row['moved']} of {row['events']} ({row['share']}), shift days "
            f"{row['shift_days_min_max']}, imported as {row['imported_precision']}"
        )
    print(f"\nnames that ended 'other': {out['other_names_count']} (top {len(out['other_names'])})")
    for name, n, inter in out["other_names"]:
        print(f"  {n:>5}  {name}  [inter1 {inter}]")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, required=True, help="an ACLED export (CSV or XLSX)")
    parser.add_argument("--expected", type=Path, help="CSV name,expected_family,reason")
    parser.add_argument("--repo", type=Path, default=HERE, help="the project tree whose importer to run")
    parser.add_argument("--top", type=int, default=40, help="how many 'other' names to list")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    out = measure(args.file, args.repo, args.expected, args.top)
    show(out)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
