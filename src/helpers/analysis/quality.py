"""Data quality: rows per table, qualifiers, inferred dates, the audit of every coded row, and text coverage per
source.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import _by_source, place_names
from helpers.analysis.figures import _series_label
from helpers.analysis.statements import speaker_label
from helpers.data.tables import Tables
from helpers.data.words import MISSING, QUALIFIER_WORDS, is_blank, word

__all__ = ["rows_per_table", "quality", "DATE_WORD_COLUMNS", "inferred_dates", "audit", "coverage"]


def rows_per_table(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Coded rows per table, places included (for one source, or all): the same rows `audit` lists."""
    names = ["events", "figures", "measures", "deployments", "statements", "places"]
    if len(t.corrections):  # listed once any report withdraws or corrects a row
        names.insert(5, "corrections")
    return pd.DataFrame({"table": names, "rows": [len(_by_source(getattr(t, n), source_id)) for n in names]})


#: The quality table's key for an exact number that the report says may be higher, and its wording.
_OPEN_EXACT = "exact_may_be_higher"
_OPEN_EXACT_WORDS = "a number the report says may be higher"


def quality(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Figures by qualifier: how many are exact and how many hedged (share as a percentage); `wording`
    names the qualifier in words ('exact number', 'about', 'a vague word')."""
    f = _by_source(t.figures, source_id)
    # an exact number the report says may be higher ("26 … the real figures may be higher") is a floor, not
    # an exact count: it is hedged, under a wording of its own
    open_exact = (f["qualifier"] == "exact") & f["open_upper"].fillna(False).astype(bool)
    f = f.assign(qualifier=f["qualifier"].astype(object).where(~open_exact, _OPEN_EXACT))
    q = f.groupby("qualifier").size().rename("figures").reset_index()
    q["wording"] = q["qualifier"].map(
        lambda x: _OPEN_EXACT_WORDS if x == _OPEN_EXACT else QUALIFIER_WORDS.get(str(x), word(x))
    )
    q["share"] = (q["figures"] / q["figures"].sum() * 100).round(0).astype(int).astype(str) + "%" if len(q) else []
    q["hedged"] = q["qualifier"].map(lambda x: "exact" if x == "exact" else "hedged")
    return q.sort_values(["figures", "qualifier"], ascending=[False, True]).reset_index(drop=True)


#: The columns that hold a row's date words as the coder typed them, per table (start, then end).
DATE_WORD_COLUMNS = {
    "events": ("date_text",),
    "statements": ("date_text",),
    "measures": ("start_text", "end_text"),
    "deployments": ("date_text", "end_text"),
    "figures": ("as_of_text",),
}


def _date_words(df: pd.DataFrame, table: str) -> list[str]:
    """The date words of each row as typed ('Friday morning', 'start: Saturday night; end: January 15').

    Processed tables that do not carry the typed words give '—' rather than a whole evidence sentence."""
    cols = DATE_WORD_COLUMNS[table]
    out = []
    for i in df.index:
        vals = [df.at[i, c] if c in df else pd.NA for c in cols]
        if len(cols) == 1:
            out.append(MISSING if is_blank(vals[0]) else str(vals[0]))
            continue
        if all(is_blank(v) for v in vals):
            out.append(MISSING)
            continue
        out.append(
            "; ".join(f"{k}: {'not given' if is_blank(v) else v}" for k, v in zip(("start", "end"), vals, strict=True))
        )
    return out


def _precision_words(start_prec: object, end_prec: object, has_start: bool, has_end: bool) -> str:
    """'day', or for a measure whose two ends differ: 'start: not given; end: day'."""
    s = word(start_prec) if has_start else "not given"
    e = word(end_prec) if has_end else "not given"
    return s if s == e else f"start: {s}; end: {e}"


def inferred_dates(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Every row whose date was (partly) inferred from context, with the date words it came from
    (as typed, not the whole evidence sentence) and how precise each end is."""
    parts = []
    for table, id_col, prec in [
        ("events", "event_id", "date_precision"),
        ("statements", "statement_id", "date_precision"),
        ("measures", "measure_id", "start_precision"),
        ("deployments", "deployment_id", "date_precision"),
        ("figures", "figure_id", None),
    ]:
        df = _by_source(getattr(t, table), source_id)
        flag = "as_of_inferred" if table == "figures" else "date_inferred"
        df = df[df[flag].astype(bool)]
        if table == "measures":
            precision = [
                _precision_words(sp, ep, pd.notna(s), pd.notna(e))
                for sp, ep, s, e in zip(df["start_precision"], df["end_precision"], df["start"], df["end"], strict=True)
            ]
        else:
            precision = [word(x) for x in df[prec]] if prec else ["day"] * len(df)
        parts.append(
            pd.DataFrame(
                {
                    "table": table,
                    "start": df["as_of"] if table == "figures" else df["start"],
                    "end": df["as_of"] if table == "figures" else df["end"],
                    "date_precision": pd.Series(precision, index=df.index, dtype=object),
                    "date_text": pd.Series(_date_words(df, table), index=df.index, dtype=object),
                    "row_id": df[id_col],
                    "source_id": df["source_id"],
                    "evidence": df["evidence"],
                }
            )
        )
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


def audit(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Every coded row of every table `rows_per_table` counts (places included, as the gazetteer rows the
    reports name) with its evidence quote, for auditing any number."""
    rows = []
    names = place_names(t)
    for table, id_col, claim in [
        (
            "figures",
            "figure_id",
            lambda d: pd.Series(
                [
                    _series_label(m, names.get(p, p), s, not is_blank(po)) + f": {v}"
                    for m, p, s, po, v in zip(
                        d["metric"], d["place_id"], d["subject"], d["part_of"], d["display"], strict=True
                    )
                ],
                index=d.index,
                dtype=object,
            ),
        ),
        ("events", "event_id", lambda d: d["description"]),
        (
            "measures",
            "measure_id",
            lambda d: d["measure"].map(lambda m: word(m).capitalize()) + " · " + d["place_id"].map(names),
        ),
        ("deployments", "deployment_id", lambda d: d["organisation"] + " · " + d["country"]),
        (
            "statements",
            "statement_id",
            lambda d: pd.Series(
                [
                    f"{speaker_label(s, a)}: {m}"
                    for s, a, m in zip(d["speaker"], d["attribution"], d["summary"], strict=True)
                ],
                index=d.index,
                dtype=object,
            ),
        ),
        (
            "corrections",
            "correction_id",
            lambda d: (
                d["target"] + " " + d["action"] + d["replaced_by"].map(lambda r: "" if is_blank(r) else f" to {r}")
            ),
        ),
        ("places", "place_id", lambda d: d["name"] + " (" + d["kind"].map(word) + ")"),
    ]:
        df = _by_source(getattr(t, table), source_id)
        rows.append(
            pd.DataFrame(
                {
                    "table": table,
                    "claim": claim(df),
                    "evidence": df["evidence"],
                    "row_id": df[id_col],
                    "source_id": df["source_id"],
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    fates = {
        str(i): f" ({a} by {c})"
        for i, a, c in zip(
            t.corrections["target"], t.corrections["action"], t.corrections["correction_id"], strict=True
        )
    }
    out["claim"] = out["claim"].astype(str) + out["row_id"].astype(str).map(lambda i: fates.get(i, ""))
    return out


def coverage(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Per source: its title, sentences, the share carrying a coded claim, and spans covered, waived, uncovered."""
    c = t.coverage if source_id is None else t.coverage[t.coverage["source_id"] == source_id]
    cols = ["source_id", "title", "sentences", "coded_sentences", "coded_percent", "spans", "covered", "waived"]
    if c.empty:
        return pd.DataFrame(columns=[*cols, "uncovered", "uncovered_spans"])
    out = (
        c.groupby("source_id")
        .agg(
            sentences=("sentence", "size"),
            coded_sentences=("coded", "sum"),
            spans=("spans", "sum"),
            covered=("covered", "sum"),
            waived=("waived", "sum"),
            uncovered=("uncovered", "sum"),
            uncovered_spans=("uncovered_spans", lambda s: " | ".join(x for x in s.dropna() if x)),
        )
        .reset_index()
    )
    shares = zip(out["coded_sentences"], out["sentences"], strict=True)
    out["coded_percent"] = [f"{100 * c / n:.0f}%" for c, n in shares]
    out["title"] = out["source_id"].map(t.sources.set_index("source_id")["title"])
    return out[[*cols, "uncovered", "uncovered_spans"]]
