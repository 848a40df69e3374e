"""Shared basics of every view: place names, report dates and the as-of cut, the crisis start, update chains and
the sources rows rest on.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.data.tables import Tables
from helpers.data.words import is_blank

__all__ = [
    "chain_id_lists",
    "chain_row_index",
    "CONTEXT_RANK",
    "FIGURE_SERIES",
    "MEASURE_SERIES",
    "DEPLOYMENT_SERIES",
    "place_names",
    "place_name",
    "crisis_start",
    "report_dates",
    "latest_report",
    "data_range",
    "crisis_day",
    "CHAIN_TABLES",
    "chain_rows",
    "with_chain",
    "chain_cites",
    "sources_for",
    "corrections_upto",
    "withdrawn_ids",
]


CONTEXT_RANK = {"body": 0, "lede": 1, "headline": 2}


FIGURE_SERIES = ["metric", "place_id", "subject"]


MEASURE_SERIES = ["measure", "place_id"]


DEPLOYMENT_SERIES = ["organisation", "country_id"]


def place_names(t: Tables) -> dict[str, str]:
    """place_id → name."""
    return dict(zip(t.places["place_id"], t.places["name"], strict=True))


def place_name(t: Tables, place_id: str | None) -> str:
    """The name of a place id (the id itself when unknown)."""
    return place_names(t).get(place_id or "", place_id or "")


def crisis_start(t: Tables) -> pd.Timestamp:
    """The first dated event: the day the crisis began."""
    return t.events["start"].min()


def report_dates(t: Tables) -> pd.Series:
    """source_id → report date."""
    return t.sources.set_index("source_id")["report_date"]


def latest_report(t: Tables, as_of: pd.Timestamp | None = None) -> pd.Timestamp:
    """The most recent report date (on or before as_of)."""
    d = t.sources["report_date"]
    if as_of is not None:
        d = d[d <= as_of]
    return d.max()


def data_range(t: Tables) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day any table mentions (the default window of a timeline)."""
    cols = [
        t.events["start"],
        t.events["end"],
        t.measures["start"],
        t.measures["end"],
        t.deployments["start"],
        t.deployments["end"],
        t.statements["start"],
        t.statements["end"],
        t.sources["report_date"],
        t.figures["as_of"],
    ]
    days = pd.concat([c.dropna() for c in cols])
    return days.min(), days.max()


def crisis_day(t: Tables, d: pd.Timestamp) -> int | None:
    """Day number since the crisis began (day 1 = first dated event); None when no event is dated."""
    start = crisis_start(t)
    return None if pd.isna(start) or pd.isna(d) else int((d - start).days) + 1


def _reported(t: Tables, df: pd.DataFrame) -> pd.Series:
    return df["source_id"].map(report_dates(t))


def corrections_upto(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Withdrawals and corrections reported on or before a day (every one when as_of is None)."""
    c = t.corrections.assign(reported=_reported(t, t.corrections))
    return c if as_of is None else c[c["reported"] <= as_of]


def withdrawn_ids(t: Tables, as_of: pd.Timestamp | None = None) -> set[str]:
    """Ids of the rows withdrawn or corrected by a report on or before a day: never current from then on."""
    return set(corrections_upto(t, as_of)["target"].dropna().astype(str))


def _upto(t: Tables, df: pd.DataFrame, as_of: pd.Timestamp | None, withdrawn: bool = False) -> pd.DataFrame:
    """Rows reported on or before as_of, with their report date; rows withdrawn or corrected by then are
    left out (withdrawn=True keeps them, for history and notices)."""
    df = df.assign(reported=_reported(t, df))
    if as_of is not None:
        df = df[df["reported"] <= as_of]
    if not withdrawn:
        col = next((c for _, c in CHAIN_TABLES if c in df.columns), None)
        gone = withdrawn_ids(t, as_of) if col else set()
        if gone:
            df = df[~df[col].astype(str).isin(gone)]
    return df


CHAIN_TABLES = (("figures", "figure_id"), ("measures", "measure_id"), ("deployments", "deployment_id"))


def chain_row_index(t: Tables) -> pd.DataFrame:
    """Every row that can be part of an update chain, by id: its table, source, quote and report date."""
    parts = [
        pd.DataFrame(
            {
                "row_id": getattr(t, name)[id_col],
                "table": name,
                "source_id": getattr(t, name)["source_id"],
                "evidence": getattr(t, name)["evidence"],
            }
        )
        for name, id_col in CHAIN_TABLES
    ]
    rows = pd.concat(parts, ignore_index=True)
    rows["reported"] = rows["source_id"].map(report_dates(t))
    return rows.set_index("row_id", drop=False)


def chain_id_lists(frame: pd.DataFrame) -> list[list[str]]:
    if "chain_ids" not in frame:
        return [[] for _ in range(len(frame))]
    return [[] if is_blank(c) else [x.strip() for x in str(c).split(",") if x.strip()] for c in frame["chain_ids"]]


def chain_rows(t: Tables, frame: pd.DataFrame, id_col: str | None = None) -> pd.DataFrame:
    """The other rows of each row's update chain (the earlier rows that give a start or an arrival,
    the later ones that give an end or a new figure), ready to cite: `id_col`, source_id, evidence.

    Rows already in `frame` are left out, so citing `frame` and these together cites each row once."""
    col = id_col or _id_col(frame)
    idx = chain_row_index(t)
    own = set(frame[col].dropna().astype(str)) if col in frame else set()
    ids = list(dict.fromkeys(i for c in chain_id_lists(frame) for i in c if i not in own and i in idx.index))
    rows = (
        idx.loc[ids, ["row_id", "source_id", "evidence", "reported"]]
        if ids
        else idx.iloc[:0][["row_id", "source_id", "evidence", "reported"]]
    )
    return rows.rename(columns={"row_id": col}).reset_index(drop=True)


def with_chain(t: Tables, frame: pd.DataFrame, id_col: str | None = None) -> pd.DataFrame:
    """`frame`'s rows and every other row of their update chains, to pass as a chart's `sources`."""
    col = id_col or _id_col(frame)
    own = frame[[col, "source_id", "evidence"]]
    more = chain_rows(t, frame, col)[[col, "source_id", "evidence"]]
    return pd.concat([x for x in (own, more) if len(x)] or [own], ignore_index=True)


def chain_cites(t: Tables, frame: pd.DataFrame, id_col: str | None = None) -> list[pd.DataFrame]:
    """Per row of `frame`, the row and every other row of its update chain (the row first), for a table's
    Source column: a deployment's arrival window from one report and its 'in place' from another cite both."""
    col = id_col or _id_col(frame)
    return [with_chain(t, frame.iloc[[i]], col) for i in range(len(frame))]


def sources_for(t: Tables, *frames: pd.DataFrame | Iterable[str]) -> pd.DataFrame:
    """The source reports that rows rest on: title, publisher, report date and how that date is known.

    Pass frames with a `source_id` column (or iterables of source ids); no argument means every source.
    The reports of every row of a frame's update chains (`chain_ids`) count too.
    """
    ids: set[str] = set()
    chained: set[str] = set()
    for f in frames:
        if isinstance(f, pd.DataFrame):
            ids |= set(f["source_id"].dropna()) if "source_id" in f else set()
            chained |= {i for c in chain_id_lists(f) for i in c}
        else:
            ids |= set(f)
    if chained:
        idx = chain_row_index(t)
        ids |= set(idx.loc[[i for i in chained if i in idx.index], "source_id"].dropna())
    s = t.sources if not frames else t.sources[t.sources["source_id"].isin(ids)]
    s = s.sort_values(["report_date", "source_id"])
    how = [
        f"inferred: {n}" if bool(inf) and not is_blank(n) else ("inferred" if bool(inf) else "stated in the report")
        for inf, n in zip(s["report_date_inferred"], s["report_date_note"], strict=True)
    ]
    return pd.DataFrame(
        {
            "source_id": s["source_id"],
            "title": s["title"],
            "publisher": s["publisher"].fillna("not given").replace("", "not given"),
            "report_date": s["report_date"],
            "date_note": how,
            "evidence": s["evidence"],
        }
    ).reset_index(drop=True)


def _id_col(df: pd.DataFrame) -> str:
    return next(c for c in df.columns if c.endswith("_id") and c not in ("source_id", "event_id", "place_id"))


def _by_source(df: pd.DataFrame, source_id: str | None) -> pd.DataFrame:
    return df[df["source_id"] == source_id] if source_id else df
