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

from helpers.data.tables import Tables

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
    "context": "Where in the report",
    "reported": "Report date",
    "as_of": "As of",
    "series": "Count",
    "part_of_text": "Part of a total",
    "history": "Reports",
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
    "listed_because": "Why listed",
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
    """A date as '7 January 2022' (or '7 January'), the one style of every sentence; missing → 'not given'."""
    if _blank(d):
        return "not given"
    ts = pd.Timestamp(d)
    return f"{ts.day} {ts:%B %Y}" if year else f"{ts.day} {ts:%B}"


def short_day(d: object, year: bool = True) -> str:
    """A date as '7 Jan 2022' (or '7 Jan'), the style of table cells; missing → '—'."""
    if _blank(d):
        return MISSING
    ts = pd.Timestamp(d)
    return f"{ts.day} {ts:%b %Y}" if year else f"{ts.day} {ts:%b}"


def span_words(s: object, e: object) -> str:
    """'7 Jan – 19 Jan 2022' (a single day when both ends are the same)."""
    s, e = pd.Timestamp(s), pd.Timestamp(e)
    if s == e:
        return short_day(s)
    return f"{short_day(s, year=s.year != e.year)} – {short_day(e)}"


def days_words(dates: Iterable[object]) -> str:
    """Report dates in words: '8 January 2022', '8 and 11 January 2022', '7, 8 and 11 January 2022'."""
    ds = sorted({pd.Timestamp(d) for d in dates if not _blank(d)})
    if not ds:
        return "not given"
    if len({(d.year, d.month) for d in ds}) == 1:
        nums = [str(d.day) for d in ds]
        head = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + " and " + nums[-1]
        return f"{head} {ds[0]:%B %Y}"
    full = [day(d) for d in ds]
    return full[0] if len(full) == 1 else ", ".join(full[:-1]) + " and " + full[-1]


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 statement', '7 statements', '2 countries' (pass the plural when it is not singular + 's')."""
    n = int(n)
    if n == 1:
        return f"1 {singular}"
    form = plural_form or (
        singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou" else singular + "s"
    )
    return f"{n:,} {form}"


#: Actor kinds whose canonical names are common nouns ('Media reports', 'Officials'), lower-cased mid-sentence.
GENERIC_ACTOR_KINDS = {"outlet", "group", "government", "security_forces"}
#: Actor kinds whose proper names take "the" mid-sentence ('according to the Interior Ministry of Kazakhstan',
#: 'the Almaty health department'); persons, countries and outlets named like TASS take none.
ARTICLE_ACTOR_KINDS = {"ministry", "local_authority", "organisation", "government", "security_forces"}


def actor_words(name: object, kind: object = None) -> str:
    """An actor's name as written mid-sentence, after 'according to': a generic name of a generic kind in
    lower case ('media reports'), a body's proper name with 'the' ('the Interior Ministry of Kazakhstan',
    "the Prosecutor General's Office"), a person, country or named outlet unchanged ('TASS')."""
    if _blank(name):
        return "not attributed"
    text = str(name)
    words = text.split()
    generic = (
        str(kind) in GENERIC_ACTOR_KINDS
        and not words[0].isupper()
        and all(w[:1].islower() or not w[:1].isalpha() for w in words[1:])
    )
    if generic:
        return text[:1].lower() + text[1:]
    possessive = words[0].endswith(("'s", "’s", "s'", "s’"))  # "Belarus's defence ministry"
    if str(kind) in ARTICLE_ACTOR_KINDS and words[0].lower() != "the" and not possessive:
        return f"the {text}"
    return text


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


# ---------------------------------------------------------------- update chains

CHAIN_TABLES = (("figures", "figure_id"), ("measures", "measure_id"), ("deployments", "deployment_id"))


def _row_index(t: Tables) -> pd.DataFrame:
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


def _chain_ids(frame: pd.DataFrame) -> list[list[str]]:
    if "chain_ids" not in frame:
        return [[] for _ in range(len(frame))]
    return [[] if _blank(c) else [x.strip() for x in str(c).split(",") if x.strip()] for c in frame["chain_ids"]]


def chain_rows(t: Tables, frame: pd.DataFrame, id_col: str | None = None) -> pd.DataFrame:
    """The other rows of each row's update chain (the earlier rows that give a start or an arrival,
    the later ones that give an end or a new figure), ready to cite: `id_col`, source_id, evidence.

    Rows already in `frame` are left out, so citing `frame` and these together cites each row once."""
    col = id_col or _id_col(frame)
    idx = _row_index(t)
    own = set(frame[col].dropna().astype(str)) if col in frame else set()
    ids = list(dict.fromkeys(i for c in _chain_ids(frame) for i in c if i not in own and i in idx.index))
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


def chain_notes(t: Tables, frame: pd.DataFrame, label_col: str = "label") -> list[tuple[str, pd.DataFrame]]:
    """For each row whose shown dates or figures rest on more than one report: one sentence saying which
    reports give them, with the rows to cite (cite with id_col='row_id')."""
    idx = _row_index(t)
    out = []
    for (_, r), ids in zip(frame.iterrows(), _chain_ids(frame), strict=True):
        ids = [i for i in ids if i in idx.index]
        if len(ids) < 2:
            continue
        what = r[label_col] if label_col in frame and not _blank(r[label_col]) else r.get("series", "")
        if "before_id" in frame:
            when = r["reported_before_day"] if "reported_before_day" in frame else r["reported_before"]
            words = f"the earlier figure, {r['before']}, is from the report of {day(when)}"
        elif "history_words" in frame and not _blank(r.get("history_words")):
            words = r["history_words"]
        elif "history" in frame and not _blank(r.get("history")):
            words = r["history"]
        else:
            words = f"reported {days_words(idx.loc[ids, 'reported'])}"
        out.append((f"{what}: {words}.", idx.loc[ids, ["row_id", "source_id", "evidence"]].reset_index(drop=True)))
    return out


# ---------------------------------------------------------------- sources


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
            chained |= {i for c in _chain_ids(f) for i in c}
        else:
            ids |= set(f)
    if chained:
        idx = _row_index(t)
        ids |= set(idx.loc[[i for i in chained if i in idx.index], "source_id"].dropna())
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

    `attribution` reads 'not attributed' where the text names no one (`attribution_words` is the same
    name as written mid-sentence); `is_part` marks a figure that is part of a total (`part_of`), and
    `part_of_text` names that total in words for a table cell ('part of the 44 killed reported on 8 Jan 2022').
    `label` tells every row apart in charts: the series, the as-of day and, where those repeat, the
    part of the report and who gives it.
    """
    f = _upto(t, t.figures, as_of).copy()
    f["updates"] = _col(f, "updates")
    f["part_of"] = _col(f, "part_of")
    names = place_names(t)
    f["place"] = f["place_id"].map(names)
    f["attribution"] = f["attributed_to"].fillna("not attributed")
    kinds = _actor_kinds(t)
    f["attribution_words"] = [
        actor_words(a, kinds.get(i)) for a, i in zip(f["attributed_to"], _col(f, "attributed_to_id"), strict=True)
    ]
    f["is_part"] = f["part_of"].fillna("").astype(str) != ""
    totals = _upto(t, t.figures, None).set_index("figure_id")
    f["part_of_text"] = [
        _part_of_words(totals, p) if part else "" for p, part in zip(f["part_of"], f["is_part"], strict=True)
    ]
    f["series"] = [
        _series_label(m, pl, s, part)
        for m, pl, s, part in zip(f["metric"], f["place"], f["subject"], f["is_part"], strict=True)
    ]
    f["_spec"] = f["best"].isna() * 1
    f["_rank"] = f["context"].map(CONTEXT_RANK).fillna(3)
    f["label"] = _figure_labels(f)
    return f


def _actor_kinds(t: Tables) -> dict[str, str]:
    a = getattr(t, "actors", None)
    if a is None or a.empty or "kind" not in a:
        return {}
    return dict(zip(a["actor_id"], a["kind"], strict=True))


def _part_of_words(totals: pd.DataFrame, total_id: object) -> str:
    if total_id not in totals.index:
        return "part of a total not coded"
    tot = totals.loc[total_id]
    return f"part of the {tot['display']} {tot['metric']} reported on {short_day(tot['reported'])}"


def _figure_labels(f: pd.DataFrame, dated: bool = True) -> list[str]:
    """One distinct label per figure: series · as-of day, then the part of the report, then who gives it.

    With dated=False the as-of day is added only where the series repeats (the headline, whose sentences
    give each date in words already, so its chart labels do not repeat it in another style)."""
    if f.empty:
        return []
    days = pd.Series([short_day(a, year=False) for a in f["as_of"]], index=f.index)
    if dated:
        labels = f["series"].astype(str) + " · " + days
        extras = []
    else:
        labels = f["series"].astype(str)
        extras = [days]
    for extra in (
        *extras,
        f["context"].map(lambda c: MISSING if _blank(c) else word(c)),
        f["attribution"],
        f["figure_id"],
    ):
        dup = labels.duplicated(keep=False)
        if not dup.any():
            break
        labels = labels.where(~dup, labels + " · " + extra.astype(str))
    return list(labels)


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
    top["label"] = _figure_labels(top)  # told apart within what is shown, not the whole table
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
    top["label"] = _figure_labels(top, dated=False)  # the sentences give the dates; labels only tell apart
    return top.reset_index(drop=True)


def headline_sentences(head: pd.DataFrame) -> list[str]:
    """One plain sentence per headline figure; figures from an older report say so."""
    out = []
    for r in head.itertuples():
        words = getattr(r, "attribution_words", r.attribution)
        who = "no source named" if r.attribution == "not attributed" else f"according to {words}"
        subject = "" if r.subject == "people" else f" ({r.subject})"
        when = f"as of {day(r.as_of)}"
        if getattr(r, "older", False):
            when += f", from an older report (the latest is of {day(r.latest)})"
        out.append(f"{r.metric.capitalize()} in {r.place}{subject}: {r.display}, {who}, {when}.")
    return out


def caveats(head: pd.DataFrame) -> list[str]:
    """Sentences for figures whose report adds a caveat (the hedge column), one per attribution and hedge."""
    h = head[head["hedge"].fillna("") != ""]
    if "attribution_words" not in h:
        h = h.assign(attribution_words=h["attribution"])
    out = []
    for (who, words, hedge), g in h.groupby(["attribution", "attribution_words", "hedge"], sort=True):
        counts = ", ".join(f"{m} in {p}" for m, p in zip(g["metric"], g["place"], strict=True))
        src = "The report" if who == "not attributed" else f"The report says of {words}'s counts ({counts}) that"
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
    f = f.assign(label=_figure_labels(f))  # told apart within what is shown, not the whole table
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
    cols = [
        "series",
        "before",
        "reported_before",
        "now",
        "reported_now",
        "reported_before_day",
        "figure_id",
        "source_id",
        "evidence",
        "before_id",
        "chain_ids",
    ]
    dates = sorted(f["reported"].dropna().unique())
    if len(dates) < 2:
        return pd.DataFrame(columns=cols)
    now_d = dates[-1]
    now = _preferred(f[f["reported"] == now_d], FIGURE_SERIES)
    earlier = f[f["reported"] < now_d]
    by_id = f.set_index("figure_id", drop=False)
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
                "reported_before": "not reported before" if b is None else short_day(b["reported"]),
                "reported_before_day": pd.NaT if b is None else b["reported"],
                "now": r.display,
                "reported_now": short_day(r.reported),
                "figure_id": r.figure_id,
                "source_id": r.source_id,
                "evidence": r.evidence,
                "before_id": pd.NA if b is None else b["figure_id"],
                "chain_ids": r.figure_id if b is None else f"{b['figure_id']}, {r.figure_id}",
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
    old = len(ch) - new
    return (
        f"The latest report, of {day(latest)}, gives {plural(len(ch), 'count')}; "
        f"{old} {'was' if old == 1 else 'were'} reported before and {new} {'is' if new == 1 else 'are'} new."
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
                cur["end_by"] = r["measure_id"]
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


UPDATE_VERBS = {
    "lifted": "lifted",
    "extended": "extended",
    "changed": "changed",
    "to_be_lifted": "to be lifted",
}


def _history_words(steps: list[tuple[object, object]], short: bool = False) -> str:
    """Where a row's shown values come from, in words: 'first reported 7 January 2022; lifted in the
    report of 8 January 2022' (for a sentence), or with '7 Jan 2022' dates for a table cell (short).
    `steps` are (report date, status) of the chain's rows, oldest first."""
    if not steps:
        return MISSING
    when = short_day if short else day
    out = f"first reported {when(steps[0][0])}"
    later: dict[str, list[object]] = {}
    for reported, status in steps[1:]:
        later.setdefault(UPDATE_VERBS.get(str(status), "updated"), []).append(reported)
    for verb, dates in later.items():
        n = len({pd.Timestamp(d) for d in dates})
        said = "; ".join(short_day(d) for d in sorted({pd.Timestamp(d) for d in dates})) if short else days_words(dates)
        out += f"; {verb} in the report{'s' if n > 1 else ''} of {said}"
    return out


def _measure_frame(t: Tables, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    cols = [*columns, "ids", "end_by"]
    res = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    m = _upto(t, t.measures, None).set_index("measure_id")
    chains = [[*i, *([] if _blank(e) else [e])] for i, e in zip(res["ids"], res["end_by"], strict=True)]
    res["chain_ids"] = [", ".join(c) for c in chains]
    steps = [[(m.loc[i, "reported"], m.loc[i, "status"]) for i in c] for c in chains]
    res["history"] = [_history_words(st, short=True) for st in steps]  # a table cell: '7 Jan 2022'
    res["history_words"] = [_history_words(st) for st in steps]  # the same in a sentence: '7 January 2022'
    res = res.drop(columns=["ids", "end_by"])
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
        return f"from {short_day(s)}"
    if _blank(s):
        return f"until {short_day(e)}"
    return span_words(s, e)


def measure_status(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each measure's latest state (one row per measure and place)."""
    return measures_as_of(t, as_of)


def measure_spans(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Measure phases with a date, labelled 'Measure (level) · place' for span charts.

    A phase with an end but no start ("until 15 January") starts at the date of the report that gives
    it (`no_start` is true and its label says so); one with neither is left out."""
    m = measure_phases(t, as_of)
    m = m[m["start"].notna() | m["end"].notna()].copy()
    m["no_start"] = m["start"].isna()
    m["start"] = m["start"].fillna(m[["reported", "end"]].min(axis=1))
    m["open_end"] = m["end"].isna()
    m["end"] = m["end"].fillna(m[["start", "reported"]].max(axis=1))
    m["label"] = [
        f"{lb} (no start given: from the report date)" if ns else lb
        for lb, ns in zip(m["label"], m["no_start"], strict=True)
    ]
    return m.sort_values(["start", "place", "measure"]).reset_index(drop=True)


def measures_sentence(ms: pd.DataFrame) -> str:
    """How many measures carry dates, naming the undated ones."""
    if ms.empty:
        return "No official measure is coded."
    dated = ms[ms["start"].notna()]
    undated = ms[ms["start"].isna()]
    s = f"{len(dated)} of {plural(len(ms), 'measure')} {'carries' if len(dated) == 1 else 'carry'} a start date"
    if len(undated):
        s += "; the reports give no start for: " + "; ".join(
            lb if _blank(e) else f"{lb} (until {day(e)})"
            for lb, e in zip(undated["label"], undated["end"], strict=True)
        )
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
                "history": _history_words([(r["reported"], "updated") for r in recs], short=True),
                "history_words": _history_words([(r["reported"], "updated") for r in recs]),
                "chain_ids": ", ".join(r["deployment_id"] for r in recs),
            }
        )
    cols = [*d.columns, "arrived_by", "until", "history", "history_words", "chain_ids"]
    res = pd.DataFrame(out, columns=cols) if out else pd.DataFrame(columns=cols)
    for c in ("start", "end", "reported", "arrived_by", "until"):
        res[c] = pd.to_datetime(res[c])
    res["window"] = [
        "not stated" if _blank(s) else _span_text(s, e) + (f" ({word(p)})" if p in ("week", "range") else "")
        for s, e, p in zip(res["start"], res["arrived_by"], res["date_precision"], strict=True)
    ]
    res["stay"] = [
        f"until {short_day(u)}" if not _blank(u) else ("not given" if _blank(dt) else f"not given (“{dt}”)")
        for u, dt in zip(res["until"], res["duration_text"], strict=True)
    ]
    res["label"] = [
        f"{c} (until {short_day(u, year=False)})" if not _blank(u) else f"{c} (arrival window; end not given)"
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
    s = f"{plural(len(said), 'statement')} from {plural(said['speaker'].nunique(), 'speaker')}"
    s += f"; {top} has the most ({n})." if said["speaker"].nunique() > 1 else "."
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
            "no_start": ms["start"].isna() & ms["end"].notna(),
            "source_id": ms["source_id"],
            "evidence": ms["evidence"],
            "chain_ids": ms["chain_ids"],
        }
    )
    items = (
        pd.concat([x for x in (items, measures) if len(x)], ignore_index=True) if len(items) + len(measures) else items
    )
    items["start"] = pd.to_datetime(items["start"])
    items["end"] = pd.to_datetime(items["end"])
    for flag in ("open_end", "no_start"):
        items[flag] = items[flag].fillna(False).astype(bool) if flag in items else False
    # a measure with an end but no start ("until 15 January") is drawn from its report date to its end
    items["start"] = items["start"].where(~items["no_start"], items[["reported", "end"]].min(axis=1))
    items["end"] = items["end"].fillna(items["start"].where(~items["open_end"], items["reported"]))
    items["end"] = items[["start", "end"]].max(axis=1).where(items["start"].notna(), items["end"])
    items["dated"] = items["start"].notna()
    items["uncertain"] = (
        items["precision"].isin(["week", "range", "month"]) | ~items["dated"] | items["open_end"] | items["no_start"]
    )
    when = items["start"].fillna(items["reported"])
    if start is not None and start != "":
        items = items[items["end"].fillna(when) >= pd.Timestamp(start)]
    if end is not None and end != "":
        items = items[when.loc[items.index] <= pd.Timestamp(end)]
    items = items.copy()
    items["day_start"] = ((items["start"] - day0).dt.days + 1).astype("Int64").mask(items["no_start"])
    items["day_end"] = ((items["end"] - day0).dt.days + 1).astype("Int64")
    items["when"] = [_when(r) for r in items.itertuples()]
    return date_order(items, "item_id")


#: Precisions whose days the report does not give ("earlier this week"); a "range" ("January 2 to
#: Friday") names both ends, so it is a dated span.
WINDOW_WORDS = ("week", "month")


def date_order(frame: pd.DataFrame, id_col: str) -> pd.DataFrame:
    """Rows in date order: dated rows by start (then end), then windows ("earlier this week") by start,
    then undated rows by report date."""
    if frame.empty:
        return frame.reset_index(drop=True)
    prec = frame["precision"] if "precision" in frame else _col(frame, "date_precision")
    undated = ~frame["dated"].astype(bool) if "dated" in frame else frame["start"].isna()
    key = pd.DataFrame(
        {
            "_u": undated.astype(int),
            "_w": prec.isin(WINDOW_WORDS).astype(int),
            "_s": frame["start"],
            "_e": frame["end"],
            "_r": frame["reported"] if "reported" in frame else frame["start"],
            "_i": frame[id_col],
        },
        index=frame.index,
    )
    order = key.sort_values(["_u", "_w", "_s", "_e", "_r", "_i"], na_position="last").index
    return frame.loc[order].reset_index(drop=True)


def _when(r) -> str:
    if not r.dated:
        return f"undated, reported by {short_day(r.reported)}"
    if getattr(r, "no_start", False):
        return f"until {short_day(r.end)}; no start given (drawn from the report of {short_day(r.reported)})"
    if r.open_end:
        return f"from {short_day(r.start)}, no end given"
    if r.end is not None and pd.notna(r.end) and r.end != r.start:
        s = span_words(r.start, r.end)
        return s + (f" ({word(r.precision)} window)" if r.precision in WINDOW_WORDS else "")
    return short_day(r.start)


def timeline_sentence(items: pd.DataFrame, t: Tables) -> str:
    """What the timeline shows: how many items, from which day to which."""
    dated = items[items["dated"]]
    if dated.empty:
        return "No dated event or measure falls in this window."
    first, last = dated.sort_values(["start", "end"]).iloc[0], dated.sort_values("end").iloc[-1]
    first_day = crisis_day(t, first["start"])
    n_undated = int((~items["dated"]).sum())
    s = (
        f"{plural(len(dated), 'dated item')}, from day {first_day} ({day(first['start'])}: {first['label']}) "
        f"to day {last['day_end']} ({day(last['end'])}: {last['label']}); "
    )
    s += f"{plural(n_undated, 'more item')} {'is' if n_undated == 1 else 'are'} reported without a date."
    no_start = int(dated["no_start"].sum()) if "no_start" in dated else 0
    if no_start:
        s += (
            f" {plural(no_start, 'measure')} {'has' if no_start == 1 else 'have'} an end but no start: "
            "drawn from the date of the report that gives it."
        )
    return s


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
        "events": date_order(ev.assign(when=[_event_when(r) for r in ev.itertuples()]), "event_id"),
        "measures": ms[ms["place_id"] == place_id].reset_index(drop=True),
        "deployments": dep[dep["country_id"] == place_id].reset_index(drop=True),
        "statements": _place_statements(t, place_id, set(ev["event_id"]), as_of),
    }


def place_words(t: Tables, place_id: str) -> list[str]:
    """The names a place goes by: its name and its aliases (places.csv, ';'-separated)."""
    p = t.places[t.places["place_id"] == place_id]
    if p.empty:
        return []
    r = p.iloc[0]
    aliases = [] if "aliases" not in p or _blank(r["aliases"]) else str(r["aliases"]).split(";")
    return [w.strip() for w in [str(r["name"]), *aliases] if w.strip()]


def _names_place(text: object, names: list[str]) -> bool:
    """True when a text names the place as a whole word ('Almaty' in "Almaty's city centre", not 'Almatyx')."""
    if _blank(text):
        return False
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", str(text)) for n in names)


def _place_statements(t: Tables, place_id: str, event_ids: set[str], as_of=None) -> pd.DataFrame:
    """Statements linked to an event at the place, and those whose own words (summary or quote) name the
    place or one of its aliases; `listed_because` says which."""
    s = statements(t, as_of=as_of)
    names = place_words(t, place_id)
    linked = s["event_id"].isin(event_ids)
    named = pd.Series(
        [_names_place(a, names) or _names_place(b, names) for a, b in zip(s["summary"], s["quote"], strict=True)],
        index=s.index,
        dtype=bool,
    )
    out = s[linked | named].copy()
    out["listed_because"] = ["linked to an event here" if lk else "names the place" for lk in linked[linked | named]]
    return out.reset_index(drop=True)


def place_statements_sentence(name: str, stm: pd.DataFrame) -> str:
    """Which statements a place page lists, counted: linked to an event there, or naming the place."""
    if stm.empty:
        return f"No statement is linked to an event in {name} or names {name} in its words or summary."
    linked = int((stm["listed_because"] == "linked to an event here").sum())
    named = len(stm) - linked
    parts_ = []
    if linked:
        parts_.append(f"{plural(linked, 'statement')} linked to an event in {name}")
    if named:
        parts_.append(f"{plural(named, 'statement')} whose words or summary name {name}")
    return "Listed: " + " and ".join(parts_) + "."


def is_country(t: Tables, place_id: str) -> bool:
    """True for a country (only countries contribute forces)."""
    p = t.places[t.places["place_id"] == place_id]
    return not p.empty and str(p.iloc[0]["kind"]) == "country"


def place_deployments_sentence(t: Tables, place_id: str, prof: dict[str, pd.DataFrame]) -> str | None:
    """For a country, what forces it contributed in the coded reports; None for any other place (cities
    contribute no forces, so their pages say nothing about forces)."""
    if not is_country(t, place_id):
        return None
    name = place_name(t, place_id)
    dep = prof["deployments"]
    if dep.empty:
        return f"The coded reports name no forces contributed by {name}."
    orgs = sorted({str(o) for o in dep["organisation"].dropna()})
    to = f" to the {' and the '.join(orgs)} deployment" if orgs else ""
    return f"{name} contributed forces{to} in the coded reports."


def _event_when(r) -> str:
    if pd.isna(r.start):
        return f"undated, reported by {short_day(r.reported)}"
    if pd.notna(r.end) and r.end != r.start:
        return f"{span_words(r.start, r.end)} ({word(r.date_precision)})"
    return short_day(r.start)


def places_named(t: Tables) -> set[str]:
    """Places with a count, an event or a measure."""
    return set(t.figures["place_id"]) | set(t.events["place_id"].dropna()) | set(t.measures["place_id"])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def places_caption(t: Tables, named: Iterable[str]) -> str:
    """The places map's caption, computed: which places are in colour and why (their counts, events and
    measures), and why each other place is on the map (forces it contributed, or named only)."""
    on = set(named)
    names = place_names(t)
    counted = {
        "count": t.figures["place_id"].value_counts(),
        "event": t.events["place_id"].dropna().value_counts(),
        "measure": t.measures["place_id"].value_counts(),
    }
    deployed = t.deployments["country_id"].value_counts()
    order = t.places.sort_values("name")["place_id"]
    lit = []
    for pid in (p for p in order if p in on):
        what = [plural(int(c[pid]), k) for k, c in counted.items() if pid in c.index]
        lit.append(f"{names.get(pid, pid)} ({', '.join(what)})")
    forces = [names.get(p, p) for p in order if p not in on and p in deployed.index]
    only = [names.get(p, p) for p in order if p not in on and p not in deployed.index]
    out = []
    if lit:
        out.append(f"In colour, the {plural(len(lit), 'place')} with a count, an event or a measure: {'; '.join(lit)}.")
    else:
        out.append("No place has a count, an event or a measure.")
    if forces:
        out.append(f"Not in colour: {_and(forces)}, which contributed forces but have no count, event or measure.")
    if only:
        out.append(f"Also not in colour, named in the reports only: {_and(only)}.")
    return " ".join(out)


def place_sentence(t: Tables, place_id: str, prof: dict[str, pd.DataFrame]) -> str:
    """'Almaty (city, Almaty): 3 counts, 2 events, 1 measure, 0 statements.'"""
    p = prof["place"].iloc[0]
    where = p["kind"] + ("" if _blank(p["admin1"]) else f", {p['admin1']}")
    n = {k: len(v) for k, v in prof.items()}
    deployed = f", {plural(n['deployments'], 'deployment')}" if p["kind"] == "country" else ""
    return (
        f"{p['name']} ({where}): {plural(n['figures'], 'count')}, {plural(n['events'], 'event')}, "
        f"{plural(n['measures'], 'measure')}{deployed} and "
        f"{plural(n['statements'], 'statement')} in the coded reports."
    )


# ---------------------------------------------------------------- quality


def _by_source(df: pd.DataFrame, source_id: str | None) -> pd.DataFrame:
    return df[df["source_id"] == source_id] if source_id else df


def rows_per_table(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Coded rows per table, places included (for one source, or all): the same rows `audit` lists."""
    names = ["events", "figures", "measures", "deployments", "statements", "places"]
    return pd.DataFrame({"table": names, "rows": [len(_by_source(getattr(t, n), source_id)) for n in names]})


#: How the data-quality page names each qualifier: the words a report uses, never the code.
QUALIFIER_WORDS = {
    "exact": "exact number",
    "almost": "almost",
    "approximately": "about",
    "at_least": "at least",
    "more_than": "more than, over",
    "at_most": "up to",
    "less_than": "fewer than",
    "vague": "a vague word",
}


def quality(t: Tables, source_id: str | None = None) -> pd.DataFrame:
    """Figures by qualifier: how many are exact and how many hedged (share as a percentage); `wording`
    names the qualifier in words ('exact number', 'about', 'a vague word')."""
    f = _by_source(t.figures, source_id)
    q = f.groupby("qualifier").size().rename("figures").reset_index()
    q["wording"] = q["qualifier"].map(lambda x: QUALIFIER_WORDS.get(str(x), word(x)))
    q["share"] = (q["figures"] / q["figures"].sum() * 100).round(0).astype(int).astype(str) + "%" if len(q) else []
    q["hedged"] = q["qualifier"].map(lambda x: "exact" if x == "exact" else "hedged")
    return q.sort_values(["figures", "qualifier"], ascending=[False, True]).reset_index(drop=True)


def quality_sentence(q: pd.DataFrame) -> str:
    """'8 of 11 figures are hedged ranges rather than exact counts.'"""
    if q.empty:
        return "No figure is coded for this source."
    hedged = int(q.loc[q["hedged"] == "hedged", "figures"].sum())
    return f"{hedged} of {int(q['figures'].sum())} figures are hedged ranges rather than exact counts."


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
            out.append(MISSING if _blank(vals[0]) else str(vals[0]))
            continue
        if all(_blank(v) for v in vals):
            out.append(MISSING)
            continue
        out.append(
            "; ".join(f"{k}: {'not given' if _blank(v) else v}" for k, v in zip(("start", "end"), vals, strict=True))
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
        (
            "measures",
            "measure_id",
            lambda d: d["measure"].map(lambda m: word(m).capitalize()) + " · " + d["place_id"].map(names),
        ),
        ("deployments", "deployment_id", lambda d: d["organisation"] + " · " + d["country"]),
        ("statements", "statement_id", lambda d: d["speaker"] + ": " + d["summary"]),
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
    return pd.concat(rows, ignore_index=True)


# ---------------------------------------------------------------- reader tables


def readable(frame: pd.DataFrame, columns: list[str], headers: dict[str, str] | None = None) -> pd.DataFrame:
    """The given columns for readers: human headers, dates as '7 Jan 2022', yes/no, codes as words,
    integers with thousands separators and '—' for anything missing. Every cell is text."""
    heads = {**HEADERS, **(headers or {})}
    out = {}
    for c in columns:
        s = frame[c] if c in frame else pd.Series(pd.NA, index=frame.index)
        if pd.api.types.is_datetime64_any_dtype(s):
            v = [short_day(x) for x in s]
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
    return f"Situation as of {d:%A} {day(d)} ({which}), day {crisis_day(t, d)} of the crisis."


def window_sentence(
    t: Tables, start=None, end=None, event_types: list[str] | None = None, items: pd.DataFrame | None = None
) -> str:
    """The window and event types a timeline page shows (defaults: the data's whole range, all types).

    With a type filter and the page's `items`, it says what is shown and over which days, and that the
    window itself is the data's whole range when no start or end is set."""
    lo, hi = data_range(t)
    s = pd.Timestamp(start) if start not in (None, "") else lo
    e = pd.Timestamp(end) if end not in (None, "") else hi
    window = f"{day(s)} (day {crisis_day(t, s)}) to {day(e)} (day {crisis_day(t, e)})"
    whole = start in (None, "") and end in (None, "")
    if not event_types:
        return f"Shown: {window}; every event type and every measure."
    types = ", ".join(word(x) for x in event_types)
    out = f"Shown: events of type {types} only (our coding), and the measures linked to such events"
    if items is not None:
        dated = items[items["dated"].astype(bool)] if "dated" in items else items
        if len(dated):
            out += (
                f": {plural(len(dated), 'dated item')}, from {day(dated['start'].min())} to {day(dated['end'].max())}"
            )
        else:
            out += ": no dated item"
    which = "the whole range of the data" if whole else "the parameters' window"
    return out + f". The window is {which}, {window}."


def counts_scope(t: Tables, metric: str | None, place: str | None, figs: pd.DataFrame) -> str:
    """Which counts a counts page shows and how many figures and reports they come from."""
    what = f"people {metric}" if metric else "people detained, killed and injured"
    where = f"in {place_name(t, place)}" if place else "in every place the reports name"
    if figs.empty:
        return f"No figure for {what} {where} is coded."
    n_rep = figs["source_id"].nunique()
    return (
        f"Counts of {what} {where}: {plural(len(figs), 'figure')} in "
        f"{plural(figs['series'].nunique(), 'series', 'series')}, from {plural(n_rep, 'report')}."
    )


def rise_sentence(lines: pd.DataFrame) -> str | None:
    """For a drawn trend whose counts rise between report dates, a caution naming those lines: a rise may
    reflect more complete counting as well as more harm. None when no trend is drawn or none rises."""
    if lines.empty:
        return None
    rising = []
    for line, g in lines.sort_values("as_of").groupby("line", sort=True):
        low = g["low"].dropna()
        if len(low) >= 2 and low.iloc[-1] > low.iloc[0]:
            rising.append(str(line))
    if not rising:
        return None
    which = "; ".join(rising)
    return (
        f"{plural(len(rising), 'line')} {'rises' if len(rising) == 1 else 'rise'} between report dates "
        f"({which}): a rise may reflect more complete counting as well as more harm."
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
    return "This page covers the one coded report." if n == 1 else f"This page covers all {n} coded reports."


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
        f"{coded} of {plural(n, 'sentence')} ({share}) in {plural(len(cov), 'report')} carry at least one coded "
        f"claim. Of {spans:,} numbers, dates and names found in the text, {int(cov['covered'].sum()):,} lie inside "
        f"an evidence quote and {int(cov['waived'].sum()):,} are deliberately left uncoded, with a reason"
    )
    if unc:
        return s + f"; {unc:,} {'is' if unc == 1 else 'are'} not yet coded."
    return s + ("; nothing else is left uncoded." if int(cov["waived"].sum()) else "; nothing is left uncoded.")
