"""Analysis views for the notebooks: pure functions from processed tables to small DataFrames.

Every view answers "as of date D" (default: the latest report). A *series* is what a reader follows
over time: a figure's (metric, place, subject), a measure's (measure, place), a deployment's
(organisation, country). Per series a view takes the latest row reported on or before D and keeps the
older rows as history. A figure that is `part_of` a total has its own series and is never added to,
or drawn on the line of, its total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from helpers.tables import Tables

CONTEXT_RANK = {"body": 0, "lede": 1, "headline": 2}
FIGURE_SERIES = ["metric", "place_id", "subject"]
MEASURE_SERIES = ["measure", "place_id"]
DEPLOYMENT_SERIES = ["organisation", "country_id"]
MISSING = "—"

#: Reader-facing column headers, used by `readable`.
HEADERS = {
    "metric": "Count",
    "place": "Place",
    "subject": "Who",
    "value_text": "As written",
    "display": "Figure",
    "low": "Low",
    "best": "Number given",
    "high": "High",
    "attribution": "According to",
    "context": "Part of the report",
    "reported": "Report date",
    "as_of": "As of",
    "series": "Count",
    "part_of_text": "Part of",
    "history": "Earlier figures",
    "start": "From",
    "end": "To",
    "when": "When",
    "precision": "Date precision",
    "date_precision": "Date precision",
    "inferred": "Date inferred",
    "date_inferred": "Date inferred",
    "kind": "Kind",
    "label": "What",
    "type": "Type",
    "event_type": "Event type (our coding)",
    "description": "What happened",
    "measure": "Measure",
    "level": "Level",
    "span": "Span",
    "status": "Status",
    "announced_by": "Announced by",
    "country": "Country",
    "organisation": "Organisation",
    "window": "Arrived (window)",
    "duration_text": "Duration, as written",
    "mandate": "Mandate (our summary)",
    "speaker": "Speaker",
    "speaker_label": "Speaker",
    "speaker_role": "Role",
    "quote_text": "Quote",
    "summary": "Summary (ours)",
    "concerns": "About",
    "name": "Name",
    "admin1": "Region",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "qualifier": "Wording",
    "figures": "Figures",
    "share": "Share",
    "hedged": "Hedged or exact",
    "table": "Table",
    "rows": "Rows",
    "claim": "Claim",
    "evidence": "Quote from the report",
    "date_text": "Words the date comes from",
    "title": "Report",
    "stay": "Stays until",
    "publisher": "Publisher",
    "report_date": "Report date",
    "date_note": "How the report date is known",
    "before": "Earlier figure",
    "reported_before": "Earlier report",
    "now": "Latest figure",
    "reported_now": "Latest report",
    "day_start": "First day",
    "day_end": "Last day",
    "day": "Day of the crisis",
    "quote": "Quote",
    "speakers": "Statements",
}

#: Vocabulary codes as words.
WORDS = {
    "state_of_emergency": "state of emergency",
    "counter_terrorist_operation": "anti-terrorist operation",
    "lethal_force_authorisation": "lethal-force order",
    "terror_threat_level": "terror threat level",
    "to_be_lifted": "to be lifted",
    "in_force": "in force",
    "security_measure": "security measure",
    "more_than": "more than",
    "at_least": "at least",
    "indirect": "paraphrase",
    "direct": "direct quote",
}
CODE_COLUMNS = {
    "metric",
    "measure",
    "status",
    "event_type",
    "type",
    "kind",
    "qualifier",
    "context",
    "precision",
    "date_precision",
}


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    """A column, or an all-missing string column when the table predates it."""
    if name in df:
        return df[name]
    return pd.Series(pd.NA, index=df.index, dtype="string")


def _blank(v: object) -> bool:
    return v is None or (not isinstance(v, (list, tuple, dict)) and bool(pd.isna(v))) or v == ""


def word(code: object) -> str:
    """A vocabulary code as words ('to_be_lifted' → 'to be lifted')."""
    if _blank(code):
        return MISSING
    return WORDS.get(str(code), str(code).replace("_", " "))


def day(d: object, year: bool = True) -> str:
    """A date as '07 January 2022' (or '07 January'); missing → 'not given'."""
    if _blank(d):
        return "not given"
    return f"{pd.Timestamp(d):%d %B %Y}" if year else f"{pd.Timestamp(d):%d %B}"


# ---------------------------------------------------------------- basics


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


def crisis_day(t: Tables, d: pd.Timestamp) -> int:
    """Day number since the crisis began (day 1 = first dated event)."""
    return int((d - crisis_start(t)).days) + 1


def _reported(t: Tables, df: pd.DataFrame) -> pd.Series:
    return df["source_id"].map(report_dates(t))


def _upto(t: Tables, df: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    df = df.assign(reported=_reported(t, df))
    if as_of is not None:
        df = df[df["reported"] <= as_of]
    return df


# ---------------------------------------------------------------- sources


def sources_for(t: Tables, *frames: pd.DataFrame | Iterable[str]) -> pd.DataFrame:
    """The source reports that rows rest on: title, publisher, report date and how that date is known.

    Pass frames with a `source_id` column (or iterables of source ids); no argument means every source.
    """
    ids: set[str] = set()
    for f in frames:
        if isinstance(f, pd.DataFrame):
            ids |= set(f["source_id"].dropna()) if "source_id" in f else set()
        else:
            ids |= set(f)
    s = t.sources if not frames else t.sources[t.sources["source_id"].isin(ids)]
    s = s.sort_values(["report_date", "source_id"])
    how = [
        f"inferred: {n}" if bool(inf) and not _blank(n) else ("inferred" if bool(inf) else "stated in the report")
        for inf, n in zip(s["report_date_inferred"], _col(s, "report_date_note"), strict=True)
    ]
    return pd.DataFrame(
        {
            "source_id": s["source_id"],
            "title": s["title"],
            "publisher": _col(s, "publisher").fillna("not given").replace("", "not given"),
            "report_date": s["report_date"],
            "date_note": how,
            "evidence": s["evidence"],
        }
    ).reset_index(drop=True)


def sources_sentence(src: pd.DataFrame) -> str:
    """'This page rests on 1 report, of 07 January 2022.' / '… on 3 reports, from 07 to 09 January 2022.'"""
    n = len(src)
    if n == 0:
        return "Nothing on this page rests on a coded report."
    if n == 1:
        return f"This page rests on one report, of {day(src['report_date'].iloc[0])}."
    lo, hi = src["report_date"].min(), src["report_date"].max()
    span = f"of {day(lo)}" if lo == hi else f"from {day(lo)} to {day(hi)}"
    return f"This page rests on {n} reports, {span}."


# ---------------------------------------------------------------- figures


def figures_as_of(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Figures reported on or before a day, with place names, series labels and parts marked.

    `attribution` reads 'not attributed' where the text names no one; `is_part` marks a figure that is
    part of a total (`part_of`), and `part_of_text` gives the total it belongs to.
    """
    f = _upto(t, t.figures, as_of).copy()
    f["updates"] = _col(f, "updates")
    f["part_of"] = _col(f, "part_of")
    names = place_names(t)
    f["place"] = f["place_id"].map(names)
    f["attribution"] = f["attributed_to"].fillna("not attributed")
    f["is_part"] = f["part_of"].fillna("").astype(str) != ""
    totals = t.figures.set_index("figure_id")["display"]
    f["part_of_text"] = [
        f"part of {totals.get(p, p)} ({p})" if part else "" for p, part in zip(f["part_of"], f["is_part"], strict=True)
    ]
    f["series"] = [
        _series_label(m, pl, s, part)
        for m, pl, s, part in zip(f["metric"], f["place"], f["subject"], f["is_part"], strict=True)
    ]
    f["_spec"] = f["best"].isna() * 1
    f["_rank"] = f["context"].map(CONTEXT_RANK).fillna(3)
    return f


def _series_label(metric: str, place: str, subject: str, part: bool = False) -> str:
    who = "" if subject == "people" else f" ({subject})"
    return f"{str(metric).capitalize()} in {place}{who}" + (" — part of a total" if part else "")


def _preferred(f: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per key: the latest report's most specific figure (a number given beats a range; body > lede > headline)."""
    f = f.sort_values(
        [*keys, "reported", "as_of", "_spec", "_rank", "figure_id"],
        ascending=[True] * len(keys) + [False, False, True, True, True],
    )
    return f.groupby(keys, sort=False, dropna=False).head(1)


def latest_figures(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per series (metric, place, subject): its latest figure, with how many earlier ones it has."""
    f = figures_as_of(t, as_of)
    if f.empty:
        return f
    top = _preferred(f, FIGURE_SERIES)
    sizes = f.groupby(FIGURE_SERIES, dropna=False).size().rename("history").reset_index()
    top = top.merge(sizes, on=FIGURE_SERIES, how="left")
    top["history"] = top["history"] - 1
    return top.sort_values(["metric", "is_part", "place", "subject"]).reset_index(drop=True)


def headline(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One line per metric and place: the latest, most specific figure that is not part of a total.

    `older` is true where that figure comes from a report older than the latest one on or before as_of.
    """
    f = figures_as_of(t, as_of)
    f = f[~f["is_part"]]
    if f.empty:
        return f.assign(older=pd.Series(dtype=bool))
    top = _preferred(f, ["metric", "place_id"])
    latest = latest_report(t, as_of)
    top = top.assign(older=top["reported"] < latest, latest=latest)
    order = {m: i for i, m in enumerate(("detained", "killed", "injured"))}
    top = top.assign(_m=top["metric"].map(order).fillna(9), _k=top["place_id"] != "kazakhstan")
    top = top.sort_values(["_m", "_k", "place"]).drop(columns=["_m", "_k"])
    return top.reset_index(drop=True)


def headline_sentences(head: pd.DataFrame) -> list[str]:
    """One plain sentence per headline figure; figures from an older report say so."""
    out = []
    for r in head.itertuples():
        who = "no source named" if r.attribution == "not attributed" else f"according to {r.attribution}"
        subject = "" if r.subject == "people" else f" ({r.subject})"
        when = f"as of {day(r.as_of)}"
        if getattr(r, "older", False):
            when += f", from an older report (the latest is of {day(r.latest)})"
        out.append(f"{r.metric.capitalize()} in {r.place}{subject}: {r.display}, {who}, {when}.")
    return out


def caveats(head: pd.DataFrame) -> list[str]:
    """Sentences for figures whose report adds a caveat (the hedge column), one per attribution and hedge."""
    h = head[head["hedge"].fillna("") != ""]
    out = []
    for (who, hedge), g in h.groupby(["attribution", "hedge"], sort=True):
        counts = ", ".join(f"{m} in {p}" for m, p in zip(g["metric"], g["place"], strict=True))
        src = "The report" if who == "not attributed" else f"The report says of {who}'s counts ({counts}) that"
        out.append(f"{src} the real figures {hedge}: they are lower bounds.")
    return out


def parts(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Figures that are part of a total, with the total they belong to (never added to it)."""
    f = latest_figures(t, as_of)
    return f[f["is_part"]].reset_index(drop=True) if not f.empty else f


def trend(t: Tables, metric: str | None = None, place: str | None = None, as_of=None) -> pd.DataFrame:
    """Every figure for a metric and place, one row per figure, ordered by series and date."""
    f = figures_as_of(t, as_of)
    if metric:
        f = f[f["metric"] == metric]
    if place:
        f = f[f["place_id"] == place]
    return f.sort_values(["metric", "is_part", "place", "subject", "reported", "figure_id"]).reset_index(drop=True)


def trend_lines(figs: pd.DataFrame) -> pd.DataFrame:
    """Series given on two or more dates, one figure per series and date, ready for `plots.trend_chart`.

    `place` holds the line's label (place, subject, 'part of a total'), so a part gets its own line and
    is never joined to its total; bounds are floats so open ranges draw without casting errors.
    """
    if figs.empty:
        return figs.assign(line=pd.Series(dtype="string"))
    one = _preferred(figs, [*FIGURE_SERIES, "as_of"])
    dates = one.groupby(FIGURE_SERIES, dropna=False)["as_of"].transform("nunique")
    one = one[dates >= 2].copy()
    if one.empty:
        return one.assign(line=pd.Series(dtype="string"))
    one["place"] = [
        p + ("" if s == "people" else f" ({s})") + (", part of a total" if part else "")
        for p, s, part in zip(one["place"], one["subject"], one["is_part"], strict=True)
    ]
    for c in ("low", "best", "high"):
        one[c] = pd.to_numeric(one[c], errors="coerce").astype("float64")
    one["line"] = one["place"] + ": " + one["metric"]
    return one.sort_values(["metric", "place", "as_of"]).reset_index(drop=True)


def single_date_series(figs: pd.DataFrame) -> list[str]:
    """Labels of the series given on one date only (no trend to draw)."""
    if figs.empty:
        return []
    n = figs.groupby("series")["as_of"].nunique()
    return sorted(n[n < 2].index)


def changes(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each series the latest report gives, with its figure in the previous report that had one.

    The earlier figure is the row it `updates` when coded, else the series' latest earlier figure.
    """
    f = figures_as_of(t, as_of)
    cols = ["series", "before", "reported_before", "now", "reported_now", "figure_id", "source_id", "evidence"]
    dates = sorted(f["reported"].dropna().unique())
    if len(dates) < 2:
        return pd.DataFrame(columns=cols)
    now_d = dates[-1]
    now = _preferred(f[f["reported"] == now_d], FIGURE_SERIES)
    earlier = f[f["reported"] < now_d]
    by_id = f.set_index("figure_id")
    prev = _preferred(earlier, FIGURE_SERIES).set_index(FIGURE_SERIES)
    rows = []
    for r in now.itertuples():
        upd = r.updates if not _blank(r.updates) else None
        if upd and upd in by_id.index:
            b = by_id.loc[upd]
        else:
            key = (r.metric, r.place_id, r.subject)
            b = prev.loc[key] if key in prev.index else None
        rows.append(
            {
                "series": r.series,
                "before": MISSING if b is None else b["display"],
                "reported_before": "not reported before" if b is None else day(b["reported"]),
                "now": r.display,
                "reported_now": day(r.reported),
                "figure_id": r.figure_id,
                "source_id": r.source_id,
                "evidence": r.evidence,
                "_order": (r.metric, r.is_part, r.place),
            }
        )
    out = pd.DataFrame(rows).sort_values("_order", key=lambda s: s.map(str)).drop(columns="_order")
    return out[cols].reset_index(drop=True)


def changes_sentence(ch: pd.DataFrame, t: Tables, as_of: pd.Timestamp | None = None) -> str:
    """What the changes table compares, or why there is nothing to compare."""
    latest = latest_report(t, as_of)
    if ch.empty:
        n = t.sources[t.sources["report_date"] <= latest]["report_date"].nunique()
        if n < 2:
            return f"All coded reports are of one date ({day(latest)}): there is no earlier figure to compare with."
        return f"The latest report ({day(latest)}) gives no count."
    new = int((ch["reported_before"] == "not reported before").sum())
    return (
        f"The latest report, of {day(latest)}, gives {len(ch)} count(s); "
        f"{len(ch) - new} were reported before and {new} are new."
    )


# ---------------------------------------------------------------- measures and deployments


def _id_col(df: pd.DataFrame) -> str:
    return next(c for c in df.columns if c.endswith("_id") and c not in ("source_id", "event_id", "place_id"))


def _phases(g: pd.DataFrame) -> list[dict]:
    """A measure series' rows, oldest report first, folded into phases.

    A row that `changed` the measure (a new level) closes the phase before it on the day of the change
    and opens a new one; a row that lifts it ends the phase (on the day given, else by its report date);
    any other row (in force, extended, ...) refreshes the phase's status and, when given, its end.
    """
    g = g.sort_values(["reported", "measure_id"])
    phases: list[dict] = []
    cur: dict | None = None
    for r in g.to_dict("records"):
        if cur is None:
            cur = {**r, "ids": [r["measure_id"]]}
        elif r["status"] == "changed":
            if pd.notna(r["start"]):
                cur["end"] = r["start"]
            phases.append(cur)
            level = r["level"] if not _blank(r["level"]) else cur["level"]
            cur = {**r, "level": level, "ids": [r["measure_id"]]}
        else:
            ids = [*cur["ids"], r["measure_id"]]
            start = cur["start"] if pd.notna(cur["start"]) else r["start"]
            if r["status"] == "lifted":
                end = r["end"] if pd.notna(r["end"]) else (r["start"] if pd.notna(r["start"]) else r["reported"])
            else:
                end = r["end"] if pd.notna(r["end"]) else cur["end"]
            level = r["level"] if not _blank(r["level"]) else cur["level"]
            prec = cur["start_precision"] if pd.notna(cur["start"]) else r["start_precision"]
            inferred = bool(cur["date_inferred"]) or bool(r["date_inferred"])
            cur = {**r, "start": start, "end": end, "level": level, "start_precision": prec}
            cur.update(ids=ids, date_inferred=inferred)
    if cur is not None:
        phases.append(cur)
    return phases


def _measure_frame(t: Tables, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    res = pd.DataFrame(rows, columns=[*columns, "ids"]) if rows else pd.DataFrame(columns=[*columns, "ids"])
    res["history"] = [", ".join(i[:-1]) for i in res["ids"]]
    res = res.drop(columns="ids")
    res["place"] = res["place_id"].map(place_names(t))
    res["label"] = [
        f"{word(ms).capitalize()}{'' if _blank(lv) else f' ({lv})'} · {p}"
        for ms, lv, p in zip(res["measure"], res["level"], res["place"], strict=True)
    ]
    for c in ("start", "end", "reported"):
        res[c] = pd.to_datetime(res[c])
    res["date_inferred"] = res["date_inferred"].astype(bool)
    res["span"] = [_span_text(s, e) for s, e in zip(res["start"], res["end"], strict=True)]
    return res.sort_values(["start", "place", "measure"], na_position="last").reset_index(drop=True)


def measure_phases(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every phase of every measure as of a day: a level change starts a new phase (for timelines)."""
    m = _upto(t, t.measures, as_of)
    rows = [ph for _, g in m.groupby(MEASURE_SERIES, sort=False, dropna=False) for ph in _phases(g)]
    return _measure_frame(t, rows, list(m.columns))


def measures_as_of(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per measure series (measure, place): its latest status, level and span as of a day.

    The span runs from the first row that dates it to the latest row that ends it: a curfew lifted on
    8 January ends on the 8th, whatever end an earlier report announced. `history` lists the ids of
    the earlier rows; a level change (status `changed`) starts the span afresh.
    """
    m = _upto(t, t.measures, as_of)
    rows = [_phases(g)[-1] for _, g in m.groupby(MEASURE_SERIES, sort=False, dropna=False)]
    return _measure_frame(t, rows, list(m.columns))


def _span_text(s: object, e: object) -> str:
    if _blank(s) and _blank(e):
        return "not stated"
    if _blank(e):
        return f"from {day(s)}"
    if _blank(s):
        return f"until {day(e)}"
    return f"{pd.Timestamp(s):%d %b} – {pd.Timestamp(e):%d %b %Y}"


def measure_status(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each measure's latest state (one row per measure and place)."""
    return measures_as_of(t, as_of)


def measure_spans(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Measure phases with a known start, labelled 'Measure (level) · place' for span charts."""
    m = measure_phases(t, as_of)
    m = m.dropna(subset=["start"]).copy()
    m["open_end"] = m["end"].isna()
    m["end"] = m["end"].fillna(m[["start", "reported"]].max(axis=1))
    return m.reset_index(drop=True)


def measures_sentence(ms: pd.DataFrame) -> str:
    """How many measures carry dates, naming the undated ones."""
    if ms.empty:
        return "No official measure is coded."
    dated = ms[ms["start"].notna()]
    undated = ms[ms["start"].isna()]
    s = f"{len(dated)} of {len(ms)} measures carry a start date"
    if len(undated):
        s += "; the reports give no start for: " + "; ".join(undated["label"])
    lifted = ms[ms["status"] == "lifted"]
    for r in lifted.itertuples():
        s += f". {r.label} was lifted: it ended on {day(r.end)}"
    return s + "."


def deployments_as_of(t: Tables, organisation: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per contributor (organisation, country) with its arrival window and latest known end.

    The arrival comes from the first row that dates it (`start` … `arrived_by`, a window when the text
    says "earlier this week"); `until` is the latest end a later row gives (NaT when none does).
    `end` is the end drawn on charts: `until` when known, else the arrival window's last day.
    """
    d = _upto(t, t.deployments, as_of)
    if organisation:
        d = d[d["organisation"] == organisation]
    out = []
    for _, g in d.groupby(DEPLOYMENT_SERIES, sort=False, dropna=False):
        g = g.sort_values(["reported", "deployment_id"])
        recs = g.to_dict("records")
        dated = [r for r in recs if pd.notna(r["start"])]
        first = dated[0] if dated else recs[0]
        later_ends = [r for r in recs if r is not first and pd.notna(r["end"])]
        last = recs[-1]
        duration = next((r["duration_text"] for r in reversed(recs) if not _blank(r["duration_text"])), pd.NA)
        mandate = next((r["mandate"] for r in reversed(recs) if not _blank(r["mandate"])), pd.NA)
        mev = next((r["mandate_evidence"] for r in reversed(recs) if not _blank(r["mandate_evidence"])), pd.NA)
        until = later_ends[-1]["end"] if later_ends else pd.NaT
        out.append(
            {
                **last,
                "start": first["start"],
                "arrived_by": first["end"],
                "date_precision": first["date_precision"],
                "date_inferred": any(bool(r["date_inferred"]) for r in recs),
                "until": until,
                "end": until if pd.notna(until) else first["end"],
                "duration_text": duration,
                "mandate": mandate,
                "mandate_evidence": mev,
                "event_id": first["event_id"] if not _blank(first["event_id"]) else last["event_id"],
                "history": ", ".join(r["deployment_id"] for r in recs[:-1]),
            }
        )
    cols = [*d.columns, "arrived_by", "until", "history"]
    res = pd.DataFrame(out, columns=cols) if out else pd.DataFrame(columns=cols)
    for c in ("start", "end", "reported", "arrived_by", "until"):
        res[c] = pd.to_datetime(res[c])
    res["window"] = [
        "not stated" if _blank(s) else _span_text(s, e) + (f" ({word(p)})" if p in ("week", "range") else "")
        for s, e, p in zip(res["start"], res["arrived_by"], res["date_precision"], strict=True)
    ]
    res["stay"] = [
        f"until {day(u)}" if not _blank(u) else ("not given" if _blank(dt) else f"not given (“{dt}”)")
        for u, dt in zip(res["until"], res["duration_text"], strict=True)
    ]
    res["label"] = [
        f"{c} (until {u:%d %b})" if not _blank(u) else f"{c} (arrival window; end not given)"
        for c, u in zip(res["country"], res["until"], strict=True)
    ]
    return res.sort_values(["country"]).reset_index(drop=True)


def deployments(t: Tables, organisation: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Alias of `deployments_as_of` (one row per contributor)."""
    return deployments_as_of(t, organisation, as_of)


def deployment_sentence(deps: pd.DataFrame, organisation: str) -> str:
    """Who contributed to an organisation's deployment, and which contributors have a known end."""
    if deps.empty:
        return f"No deployment by {organisation} is coded."
    n = len(deps)
    s = f"{n} {'country' if n == 1 else 'countries'} contributed forces to the {organisation} deployment: "
    s += ", ".join(deps["country"]) + "."
    ends = deps[deps["until"].notna()]
    if len(ends):
        s += " A later report gives an end for " + "; ".join(
            f"{c} (until {day(u)})" for c, u in zip(ends["country"], ends["until"], strict=True)
        )
        s += "."
    if len(ends) < n:
        s += f" No end is given for {n - len(ends)} of them."
    return s


# ---------------------------------------------------------------- statements and quotes


def quote_parts(quote: object) -> list[str]:
    """A coded quote split into its verbatim fragments ('a … b' is two quotes, not one)."""
    if _blank(quote):
        return []
    return [q.strip() for q in re.split(r"\s*…\s*", str(quote)) if q.strip()]


def quote_text(quote: object) -> str:
    """Each verbatim fragment in its own quotation marks: '“bandits and terrorists” … “nonsense”'."""
    parts = quote_parts(quote)
    return " … ".join(f"“{p}”" for p in parts) if parts else MISSING


def speaker_label(speaker: object, attribution: object) -> str:
    """The speaker as the report gives them: 'X (implied: not named in the report)' for implied speakers."""
    return f"{speaker} (implied: not named in the report)" if attribution == "implied" else str(speaker)


def statements(t: Tables, speaker: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Statements with the event they concern, speaker labels that mark implied speakers, split quotes."""
    s = _upto(t, t.statements, as_of).merge(
        t.events[["event_id", "description"]].rename(columns={"description": "concerns"}),
        on="event_id",
        how="left",
    )
    if speaker:
        s = s[s["speaker"] == speaker]
    s = s.assign(
        speaker_label=[speaker_label(a, b) for a, b in zip(s["speaker"], s["attribution"], strict=True)],
        quote_text=s["quote"].map(quote_text),
    )
    return s.sort_values(["start", "statement_id"], na_position="last").reset_index(drop=True)


def speakers(t: Tables, speaker: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Statements per speaker, implied attributions counted apart, quotes and paraphrases apart."""
    s = statements(t, speaker, as_of)
    if s.empty:
        return pd.DataFrame(columns=["speaker", "direct", "indirect", "total"])
    c = s.groupby(["speaker_label", "kind"]).size().unstack(fill_value=0)
    for k in ("direct", "indirect"):
        if k not in c:
            c[k] = 0
    c["total"] = c["direct"] + c["indirect"]
    c = c.reset_index().rename(columns={"speaker_label": "speaker"})
    return c.sort_values(["total", "speaker"], ascending=[False, True]).reset_index(drop=True)[
        ["speaker", "direct", "indirect", "total"]
    ]


def speakers_sentence(said: pd.DataFrame) -> str:
    """Who has the most statements on this page, and how many are implied."""
    if said.empty:
        return "No statement matches this page's parameters."
    counts = said["speaker_label"].value_counts()
    top, n = counts.index[0], int(counts.iloc[0])
    implied = int((said["attribution"] == "implied").sum())
    s = f"{len(said)} statement(s) from {said['speaker'].nunique()} speaker(s); {top} has the most ({n})."
    if implied:
        s += (
            f" {implied} of them {'is' if implied == 1 else 'are'} attributed by context only (implied): "
            "the report does not name the speaker, and they are counted apart."
        )
    return s


def mandate_quotes(t: Tables, deps: pd.DataFrame) -> pd.DataFrame:
    """Each quoted fragment of a deployment's mandate with its own speaker (one quote, one speaker).

    The speaker is that of the statement whose evidence holds the fragment; a fragment no statement
    holds is shown with 'speaker not coded'. Statements linked to the deployment's event are added.
    """
    s = statements(t)
    rows = []
    seen = set()
    for ev, src in deps[["mandate_evidence", "source_id"]].drop_duplicates().itertuples(index=False):
        for frag in quote_parts(ev):
            if frag in seen:
                continue
            seen.add(frag)
            hit = s[s["evidence"].str.contains(frag, regex=False, na=False)]
            if len(hit):
                h = hit.iloc[0]
                rows.append(
                    {
                        "quote": frag,
                        "speaker": h["speaker_label"],
                        "row_id": h["statement_id"],
                        "source_id": h["source_id"],
                        "evidence": h["evidence"],
                    }
                )
            else:
                dep = deps[deps["mandate_evidence"] == ev].iloc[0]
                rows.append(
                    {
                        "quote": frag,
                        "speaker": "speaker not named in the coded statements",
                        "row_id": dep["deployment_id"],
                        "source_id": src,
                        "evidence": ev,
                    }
                )
    linked = s[s["event_id"].isin(deps["event_id"].dropna()) & s["quote"].notna()]
    for h in linked.itertuples():
        if h.statement_id in {r["row_id"] for r in rows}:
            continue
        for frag in quote_parts(h.quote):
            rows.append(
                {
                    "quote": frag,
                    "speaker": h.speaker_label,
                    "row_id": h.statement_id,
                    "source_id": h.source_id,
                    "evidence": h.evidence,
                }
            )
    cols = ["quote", "speaker", "row_id", "source_id", "evidence"]
    return pd.DataFrame(rows, columns=cols)


def mandate_notes(mandate: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """'Speaker: “fragment”' sentences, each with its row (cite with id_col='row_id')."""
    return row_notes(
        mandate,
        [f"{s}, in the report's words: “{q}”" for s, q in zip(mandate["speaker"], mandate["quote"], strict=True)],
    )


# ---------------------------------------------------------------- timeline


def timeline(t: Tables, start=None, end=None, event_types: list[str] | None = None, as_of=None) -> pd.DataFrame:
    """Events and measures on one axis: kind, label, start, end, precision, inferred, day offsets.

    Measures are one row per series with their reconciled span. With `event_types`, only events of
    those types are kept, and only measures linked to such an event.
    """
    names = place_names(t)
    day0 = crisis_start(t)
    ev = _upto(t, t.events, as_of)
    if event_types:
        ev = ev[ev["event_type"].isin(event_types)]
    items = pd.DataFrame(
        {
            "item_id": ev["event_id"],
            "kind": "event",
            "type": ev["event_type"],
            "label": ev["description"],
            "place": ev["place_id"].map(names),
            "start": ev["start"],
            "end": ev["end"],
            "precision": ev["date_precision"],
            "inferred": ev["date_inferred"],
            "reported": ev["reported"],
            "source_id": ev["source_id"],
            "evidence": ev["evidence"],
        }
    )
    ms = measure_phases(t, as_of)
    if event_types:
        types = t.events.set_index("event_id")["event_type"]
        ms = ms[ms["event_id"].map(types).isin(event_types)]
    measures = pd.DataFrame(
        {
            "item_id": ms["measure_id"],
            "kind": "measure",
            "type": ms["measure"],
            "label": ms["label"],
            "place": ms["place"],
            "start": ms["start"],
            "end": ms["end"],
            "precision": ms["start_precision"],
            "inferred": ms["date_inferred"].astype(bool) | (ms["start"].notna() & ms["end"].isna()),
            "reported": ms["reported"],
            "open_end": ms["start"].notna() & ms["end"].isna(),
            "source_id": ms["source_id"],
            "evidence": ms["evidence"],
        }
    )
    items = (
        pd.concat([x for x in (items, measures) if len(x)], ignore_index=True) if len(items) + len(measures) else items
    )
    items["start"] = pd.to_datetime(items["start"])
    items["end"] = pd.to_datetime(items["end"])
    items["open_end"] = items["open_end"].fillna(False).astype(bool) if "open_end" in items else False
    items["end"] = items["end"].fillna(items["start"].where(~items["open_end"], items["reported"]))
    items["end"] = items[["start", "end"]].max(axis=1).where(items["start"].notna(), items["end"])
    items["dated"] = items["start"].notna()
    items["uncertain"] = items["precision"].isin(["week", "range", "month"]) | ~items["dated"] | items["open_end"]
    when = items["start"].fillna(items["reported"])
    if start is not None and start != "":
        items = items[items["end"].fillna(when) >= pd.Timestamp(start)]
    if end is not None and end != "":
        items = items[when.loc[items.index] <= pd.Timestamp(end)]
    items = items.copy()
    items["day_start"] = ((items["start"] - day0).dt.days + 1).astype("Int64")
    items["day_end"] = ((items["end"] - day0).dt.days + 1).astype("Int64")
    items["when"] = [_when(r) for r in items.itertuples()]
    return items.sort_values(["dated", "start", "item_id"], ascending=[False, True, True]).reset_index(drop=True)


def _when(r) -> str:
    if not r.dated:
        return f"undated, reported by {day(r.reported)}"
    if r.open_end:
        return f"from {r.start:%d %b %Y}, no end given"
    if r.end is not None and pd.notna(r.end) and r.end != r.start:
        s = f"{r.start:%d %b} – {r.end:%d %b %Y}"
        return s + (f" ({word(r.precision)} window)" if r.precision in ("week", "range") else "")
    return f"{r.start:%d %b %Y}"


def timeline_sentence(items: pd.DataFrame, t: Tables) -> str:
    """What the timeline shows: how many items, from which day to which."""
    dated = items[items["dated"]]
    if dated.empty:
        return "No dated event or measure falls in this window."
    first, last = dated.iloc[0], dated.sort_values("end").iloc[-1]
    return (
        f"{len(dated)} dated item(s), from day {first['day_start']} ({day(first['start'])}: {first['label']}) "
        f"to day {last['day_end']} ({day(last['end'])}: {last['label']}); "
        f"{int((~items['dated']).sum())} more are reported without a date."
    )


# ---------------------------------------------------------------- places


def place_profile(t: Tables, place_id: str, as_of=None) -> dict[str, pd.DataFrame]:
    """Everything known about one place: the gazetteer row, figures, events, measures, deployments."""
    ev = _upto(t, t.events, as_of)
    ev = ev[ev["place_id"] == place_id]
    dep = deployments_as_of(t, as_of=as_of)
    ms = measures_as_of(t, as_of)
    return {
        "place": t.places[t.places["place_id"] == place_id],
        "figures": trend(t, place=place_id, as_of=as_of),
        "events": ev.assign(when=[_event_when(r) for r in ev.itertuples()]),
        "measures": ms[ms["place_id"] == place_id].reset_index(drop=True),
        "deployments": dep[dep["country_id"] == place_id].reset_index(drop=True),
        "statements": statements(t, as_of=as_of).query("event_id in @ev.event_id").reset_index(drop=True),
    }


def _event_when(r) -> str:
    if pd.isna(r.start):
        return f"undated, reported by {day(r.reported)}"
    if pd.notna(r.end) and r.end != r.start:
        return f"{r.start:%d %b} – {r.end:%d %b %Y} ({word(r.date_precision)})"
    return f"{r.start:%d %b %Y}"


def places_named(t: Tables) -> set[str]:
    """Places with a count, an event or a measure."""
    return set(t.figures["place_id"]) | set(t.events["place_id"].dropna()) | set(t.measures["place_id"])


def place_sentence(t: Tables, place_id: str, prof: dict[str, pd.DataFrame]) -> str:
    """'Almaty (city, Almaty): 3 counts, 2 events, 1 measure, 0 statements.'"""
    p = prof["place"].iloc[0]
    where = p["kind"] + ("" if _blank(p["admin1"]) else f", {p['admin1']}")
    n = {k: len(v) for k, v in prof.items()}
    return (
        f"{p['name']} ({where}): {n['figures']} count(s), {n['events']} event(s), {n['measures']} measure(s), "
        f"{n['deployments']} deployment(s) and {n['statements']} statement(s) in the coded reports."
    )


# ---------------------------------------------------------------- quality


def _by_source(df: pd.DataFrame, source_id: str | None) -> pd.DataFrame:
    return df[df["source_id"] == source_id] if source_id else df


def rows_per_table(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Coded rows per claim table (for one source, or all)."""
    names = ["events", "figures", "measures", "deployments", "statements", "places"]
    return pd.DataFrame({"table": names, "rows": [len(_by_source(getattr(t, n), source_id)) for n in names]})


def quality(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Figures by qualifier: how many are exact and how many hedged (share as a percentage)."""
    f = _by_source(t.figures, source_id)
    q = f.groupby("qualifier").size().rename("figures").reset_index()
    q["share"] = (q["figures"] / q["figures"].sum() * 100).round(0).astype(int).astype(str) + "%" if len(q) else []
    q["hedged"] = q["qualifier"].map(lambda x: "exact" if x == "exact" else "hedged")
    return q.sort_values(["figures", "qualifier"], ascending=[False, True]).reset_index(drop=True)


def quality_sentence(q: pd.DataFrame) -> str:
    """'8 of 11 figures are hedged ranges rather than exact counts.'"""
    if q.empty:
        return "No figure is coded for this source."
    hedged = int(q.loc[q["hedged"] == "hedged", "figures"].sum())
    return f"{hedged} of {int(q['figures'].sum())} figures are hedged ranges rather than exact counts."


def inferred_dates(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Every row whose date was (partly) inferred from context, with the words it came from."""
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
        parts.append(
            pd.DataFrame(
                {
                    "row_id": df[id_col],
                    "table": table,
                    "start": df["as_of"] if table == "figures" else df["start"],
                    "end": df["as_of"] if table == "figures" else df["end"],
                    "date_precision": df[prec] if prec else "day",
                    "date_text": _col(df, "date_text").fillna(df["evidence"]),
                    "source_id": df["source_id"],
                    "evidence": df["evidence"],
                }
            )
        )
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


def audit(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Every coded row of every claim table with its evidence quote, for auditing any number."""
    rows = []
    names = place_names(t)
    for table, id_col, claim in [
        (
            "figures",
            "figure_id",
            lambda d: pd.Series(
                [
                    _series_label(m, names.get(p, p), s, not _blank(po)) + f": {v}"
                    for m, p, s, po, v in zip(
                        d["metric"], d["place_id"], d["subject"], _col(d, "part_of"), d["display"], strict=True
                    )
                ],
                index=d.index,
                dtype=object,
            ),
        ),
        ("events", "event_id", lambda d: d["description"]),
        ("measures", "measure_id", lambda d: d["measure"].map(word) + " · " + d["place_id"].map(names)),
        ("deployments", "deployment_id", lambda d: d["organisation"] + " · " + d["country"]),
        ("statements", "statement_id", lambda d: d["speaker"] + ": " + d["summary"]),
    ]:
        df = _by_source(getattr(t, table), source_id)
        rows.append(
            pd.DataFrame(
                {
                    "row_id": df[id_col],
                    "table": table,
                    "claim": claim(df),
                    "source_id": df["source_id"],
                    "evidence": df["evidence"],
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


# ---------------------------------------------------------------- reader tables


def readable(frame: pd.DataFrame, columns: list[str], headers: dict[str, str] | None = None) -> pd.DataFrame:
    """The given columns for readers: human headers, dates as '07 Jan 2022', yes/no, codes as words,
    integers with thousands separators and '—' for anything missing. Every cell is text."""
    heads = {**HEADERS, **(headers or {})}
    out = {}
    for c in columns:
        s = frame[c] if c in frame else pd.Series(pd.NA, index=frame.index)
        if pd.api.types.is_datetime64_any_dtype(s):
            v = [MISSING if pd.isna(x) else f"{x:%d %b %Y}" for x in s]
        elif pd.api.types.is_bool_dtype(s):
            v = [MISSING if pd.isna(x) else ("yes" if x else "no") for x in s]
        elif pd.api.types.is_numeric_dtype(s):
            v = [MISSING if pd.isna(x) else f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}" for x in s]
        elif c in CODE_COLUMNS:
            v = [word(x) for x in s]
        else:
            v = [MISSING if _blank(x) else str(x) for x in s]
        out[heads.get(c, c.replace("_", " ").capitalize())] = v
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


# ---------------------------------------------------------------- sentences for pages


def row_notes(frame: pd.DataFrame, sentences: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """Pair each sentence with the one row it is about (for `plots.note(text, cite=row)`)."""
    return [(s, frame.iloc[[i]]) for i, s in enumerate(sentences)]


def headline_notes(head: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Headline sentences, each with its figure row."""
    return row_notes(head, headline_sentences(head))


def parts_sentences(t: Tables, as_of: pd.Timestamp | None = None) -> list[tuple[str, pd.DataFrame]]:
    """One sentence per figure that is part of a total, naming the total it belongs to."""
    p = parts(t, as_of)
    totals = t.figures.set_index("figure_id")
    out = []
    for i, r in enumerate(p.itertuples()):
        tot = totals.loc[r.part_of] if r.part_of in totals.index else None
        of = f"{tot['display']} reported as of {day(tot['as_of'])}" if tot is not None else r.part_of
        out.append(
            (
                f"Of the {of} ({r.metric} in {r.place}), {r.display} were {r.subject}: a part of that total, "
                "not added to it.",
                p.iloc[[i]],
            )
        )
    return out


def situation_sentence(t: Tables, as_of: pd.Timestamp | None = None) -> str:
    """'Situation as of Tuesday 11 January 2022 (the latest report), day 10 of the crisis.'"""
    latest = latest_report(t)
    d = as_of if as_of is not None else latest
    which = (
        "the date of the latest report" if d == latest else f"an earlier date; the latest report is of {day(latest)}"
    )
    return f"Situation as of {d:%A %d %B %Y} ({which}), day {crisis_day(t, d)} of the crisis."


def window_sentence(t: Tables, start=None, end=None, event_types: list[str] | None = None) -> str:
    """The window and event types a timeline page shows (defaults: the data's whole range, all types)."""
    lo, hi = data_range(t)
    s = pd.Timestamp(start) if start not in (None, "") else lo
    e = pd.Timestamp(end) if end not in (None, "") else hi
    out = f"Shown: {day(s)} (day {crisis_day(t, s)}) to {day(e)} (day {crisis_day(t, e)})"
    if event_types:
        out += (
            f"; events of type {', '.join(word(x) for x in event_types)} only (our coding), "
            "and the measures linked to such events"
        )
    else:
        out += "; every event type and every measure"
    return out + "."


def counts_scope(t: Tables, metric: str | None, place: str | None, figs: pd.DataFrame) -> str:
    """Which counts a counts page shows and how many figures and reports they come from."""
    what = f"people {metric}" if metric else "people detained, killed and injured"
    where = f"in {place_name(t, place)}" if place else "in every place the reports name"
    if figs.empty:
        return f"No figure for {what} {where} is coded."
    n_rep = figs["source_id"].nunique()
    return (
        f"Counts of {what} {where}: {len(figs)} figure(s) in {len(figs['series'].unique())} series, "
        f"from {n_rep} report(s)."
    )


def trend_sentence(figs: pd.DataFrame, lines: pd.DataFrame) -> str:
    """Which series have a trend (two or more dates) and which are given on one date only."""
    multi = sorted(set(lines["series"])) if len(lines) else []
    single = single_date_series(figs)
    parts_ = []
    if multi:
        parts_.append(f"{len(multi)} series given on two or more dates: {'; '.join(multi)}")
    if single:
        parts_.append(f"{len(single)} given on one date only (no trend to draw): {'; '.join(single)}")
    if not parts_:
        return "No figure matches these parameters."
    s = ". ".join(parts_) + "."
    if len(lines) and lines["is_part"].any():
        s += " A part of a total has its own line and is never added to its total."
    return s


def quality_scope(t: Tables, source_id: str | None) -> str:
    """What a data-quality page covers."""
    if source_id:
        s = t.sources.set_index("source_id").loc[source_id]
        return f"This page covers one report: “{s['title']}”, of {day(s['report_date'])}."
    n = len(t.sources)
    return f"This page covers all {n} coded report(s)."


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


def coverage_sentence(cov: pd.DataFrame) -> str:
    """How much of the selected texts is coded, and what no quote or waiver covers."""
    if cov.empty:
        return "No source text is coded in this selection."
    n, coded = int(cov["sentences"].sum()), int(cov["coded_sentences"].sum())
    spans, unc = int(cov["spans"].sum()), int(cov["uncovered"].sum())
    share = f"{100 * coded / n:.0f}%" if n else "0%"
    s = (
        f"{coded} of {n} sentences ({share}) in {len(cov)} report(s) carry at least one coded claim. "
        f"Of {spans:,} numbers, dates and names found in the text, {int(cov['covered'].sum()):,} lie inside an "
        f"evidence quote and {int(cov['waived'].sum()):,} are deliberately left uncoded, with a reason"
    )
    return s + (f"; {unc:,} are not yet coded." if unc else "; none is left uncoded.")
