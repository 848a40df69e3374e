"""Analysis views for the notebooks: pure functions from processed tables to small DataFrames."""

from __future__ import annotations

import pandas as pd

from helpers.tables import Tables

CONTEXT_RANK = {"body": 0, "lede": 1, "headline": 2}


def place_names(t: Tables) -> dict[str, str]:
    """place_id → name."""
    return dict(zip(t.places["place_id"], t.places["name"], strict=True))


def crisis_start(t: Tables) -> pd.Timestamp:
    """The first dated event: the day the crisis began."""
    return t.events["start"].min()


def latest_report(t: Tables) -> pd.Timestamp:
    """The most recent report date."""
    return t.sources["report_date"].max()


def figures_as_of(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Figures known on a day, with place names; `attribution` reads 'not attributed' where the text names no one."""
    f = t.figures.copy()
    if as_of is not None:
        f = f[f["as_of"] <= as_of]
    f["place"] = f["place_id"].map(place_names(t))
    f["attribution"] = f["attributed_to"].fillna("not attributed")
    return f


def headline(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One line per metric and place: the latest, most specific figure (body before lede before headline)."""
    f = figures_as_of(t, as_of)
    if f.empty:
        return f
    f = f.assign(_rank=f["context"].map(CONTEXT_RANK), _spec=f["best"].isna() * 1)
    f = f.sort_values(["metric", "place", "as_of", "_spec", "_rank"], ascending=[True, True, False, True, True])
    top = f.groupby(["metric", "place"], sort=False).head(1)
    cols = [
        "metric",
        "place",
        "subject",
        "display",
        "low",
        "best",
        "high",
        "attribution",
        "as_of",
        "figure_id",
    ]
    return top[cols].reset_index(drop=True)


def trend(t: Tables, metric: str | None = None, place: str | None = None) -> pd.DataFrame:
    """Every figure for a metric and place over as_of dates, one row per figure (the trend view)."""
    f = figures_as_of(t)
    if metric:
        f = f[f["metric"] == metric]
    if place:
        f = f[f["place_id"] == place]
    return f.sort_values(["metric", "place", "as_of", "figure_id"]).reset_index(drop=True)


def changes(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """What changed between the two latest report dates: the headline figure then and now."""
    dates = sorted(t.figures.loc[t.figures["as_of"] <= (as_of or latest_report(t)), "as_of"].unique())
    if len(dates) < 2:
        return pd.DataFrame(columns=["metric", "place", "before", "now", "as_of_before", "as_of_now"])
    now, before = headline(t, dates[-1]), headline(t, dates[-2])
    before = before[before["as_of"] <= dates[-2]]
    m = now.merge(before, on=["metric", "place"], how="outer", suffixes=("_now", "_before"))
    m = m[(m["as_of_now"] == dates[-1]) | m["as_of_now"].isna()]
    return (
        m.rename(columns={"display_now": "now", "display_before": "before"})[
            ["metric", "place", "before", "now", "as_of_before", "as_of_now"]
        ]
        .fillna({"before": "—", "now": "—"})
        .reset_index(drop=True)
    )


def timeline(t: Tables, start=None, end=None, event_types: list[str] | None = None) -> pd.DataFrame:
    """Events and measures on one axis: kind, label, start, end, precision, inferred, day offsets."""
    names = place_names(t)
    day0 = crisis_start(t)
    ev = t.events
    if event_types:
        ev = ev[ev["event_type"].isin(event_types)]
    report = t.sources.set_index("source_id")["report_date"]
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
            "reported": ev["source_id"].map(report),
            "source_id": ev["source_id"],
            "evidence": ev["evidence"],
        }
    )
    ms = t.measures
    label = ms["measure"].str.replace("_", " ").str.capitalize() + ms["level"].fillna("").map(
        lambda lv: f" ({lv})" if lv else ""
    )
    measures = pd.DataFrame(
        {
            "item_id": ms["measure_id"],
            "kind": "measure",
            "type": ms["measure"],
            "label": label,
            "place": ms["place_id"].map(names),
            "start": ms["start"],
            "end": ms["end"],
            "precision": ms["start_precision"],
            "inferred": ms["date_inferred"],
            "reported": ms["source_id"].map(report),
            "source_id": ms["source_id"],
            "evidence": ms["evidence"],
        }
    )
    items = pd.concat([items, measures], ignore_index=True)
    items["dated"] = items["start"].notna()
    items["uncertain"] = items["precision"].isin(["week", "range", "month"]) | ~items["dated"]
    when = items["start"].fillna(items["reported"])
    if start is not None:
        items = items[(items["end"].fillna(when) >= pd.Timestamp(start))]
    if end is not None:
        items = items[when.loc[items.index] <= pd.Timestamp(end)]
    items["day_start"] = (items["start"] - day0).dt.days + 1
    items["day_end"] = (items["end"] - day0).dt.days + 1
    return items.sort_values(["dated", "start", "item_id"], ascending=[False, True, True]).reset_index(drop=True)


def measure_status(t: Tables) -> pd.DataFrame:
    """Each measure with its place, level, span and status as of its report."""
    m = t.measures.copy()
    m["place"] = m["place_id"].map(place_names(t))
    m["span"] = [
        f"{s:%d %b} – {e:%d %b %Y}"
        if pd.notna(s) and pd.notna(e)
        else ("not stated" if pd.isna(s) else f"from {s:%d %b %Y}")
        for s, e in zip(m["start"], m["end"], strict=True)
    ]
    return m[
        [
            "measure_id",
            "measure",
            "level",
            "place",
            "span",
            "status",
            "announced_by",
            "date_inferred",
        ]
    ]


def measure_spans(t: Tables) -> pd.DataFrame:
    """Measures with a known start, labelled 'measure · place' for span charts."""
    m = t.measures.dropna(subset=["start"])
    return m.assign(label=m["measure"].str.replace("_", " ") + " · " + m["place_id"].map(place_names(t)))


def place_profile(t: Tables, place_id: str) -> dict[str, pd.DataFrame]:
    """Everything known about one place: the gazetteer row, figures, events, measures, deployments."""
    return {
        "place": t.places[t.places["place_id"] == place_id],
        "figures": figures_as_of(t).query("place_id == @place_id"),
        "events": t.events[t.events["place_id"] == place_id],
        "measures": t.measures[t.measures["place_id"] == place_id],
        "deployments": t.deployments[t.deployments["country_id"] == place_id],
        "statements": t.statements[
            t.statements["event_id"].isin(t.events.loc[t.events["place_id"] == place_id, "event_id"])
        ],
    }


def statements(t: Tables, speaker: str | None = None) -> pd.DataFrame:
    """Statements with the event they concern."""
    s = t.statements.merge(
        t.events[["event_id", "description"]].rename(columns={"description": "concerns"}),
        on="event_id",
        how="left",
    )
    if speaker:
        s = s[s["speaker"] == speaker]
    return s.sort_values(["start", "statement_id"], na_position="last").reset_index(drop=True)


def quality(t: Tables) -> pd.DataFrame:
    """Share of exact and hedged numbers, by qualifier."""
    q = t.figures.groupby("qualifier").size().rename("figures").reset_index()
    q["share"] = (q["figures"] / q["figures"].sum()).round(3)
    q["kind"] = q["qualifier"].map(lambda x: "exact" if x == "exact" else "hedged")
    return q.sort_values("figures", ascending=False).reset_index(drop=True)


def inferred_dates(t: Tables) -> pd.DataFrame:
    """Every row whose date was (partly) inferred from context, with the text it came from."""
    parts = [
        t.events.loc[t.events["date_inferred"], ["event_id", "date_text", "start", "end", "date_precision"]].rename(
            columns={"event_id": "id"}
        ),
        t.statements.loc[t.statements["date_inferred"], ["statement_id", "start", "end", "date_precision"]].rename(
            columns={"statement_id": "id"}
        ),
        t.measures.loc[t.measures["date_inferred"], ["measure_id", "start", "end", "start_precision"]].rename(
            columns={"measure_id": "id", "start_precision": "date_precision"}
        ),
        t.deployments.loc[t.deployments["date_inferred"], ["deployment_id", "start", "end", "date_precision"]].rename(
            columns={"deployment_id": "id"}
        ),
    ]
    return pd.concat(parts, ignore_index=True)


def audit(t: Tables) -> pd.DataFrame:
    """Every coded row of every claim table with its evidence quote, for auditing any number."""
    rows = []
    for table, id_col, what in [
        ("figures", "figure_id", "display"),
        ("events", "event_id", "description"),
        ("measures", "measure_id", "measure"),
        ("deployments", "deployment_id", "country"),
        ("statements", "statement_id", "summary"),
    ]:
        df = getattr(t, table)
        rows.append(
            pd.DataFrame(
                {
                    "table": table,
                    "id": df[id_col],
                    "claim": df[what],
                    "source_id": df["source_id"],
                    "evidence": df["evidence"],
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def headline_sentences(head: pd.DataFrame) -> list[str]:
    """One plain sentence per headline figure, wording ranges as "at least" or "almost"."""
    out = []
    for r in head.itertuples():
        who = "no source named" if r.attribution == "not attributed" else f"according to {r.attribution}"
        subject = "" if r.subject == "people" else f" ({r.subject})"
        out.append(f"{r.metric.capitalize()} in {r.place}{subject}: {r.display}, {who}, as of {r.as_of:%d %B %Y}.")
    return out


def deployments(t: Tables) -> pd.DataFrame:
    """Contributors with their timing window, duration wording and mandate."""
    d = t.deployments.copy()
    d["window"] = [
        f"{s:%d %b} – {e:%d %b %Y} ({p})" if pd.notna(s) else "not stated"
        for s, e, p in zip(d["start"], d["end"], d["date_precision"], strict=True)
    ]
    return d


def speakers(t: Tables) -> pd.DataFrame:
    """Statements per speaker, direct quotes and paraphrases counted apart."""
    s = t.statements.groupby(["speaker", "kind"]).size().unstack(fill_value=0)
    s["total"] = s.sum(axis=1)
    return s.sort_values("total", ascending=False).reset_index()


def coverage(t: Tables) -> pd.DataFrame:
    """Per source: sentences, the share carrying a coded claim, and spans covered, waived and uncovered."""
    c = t.coverage
    out = (
        c.groupby("source_id")
        .agg(
            sentences=("sentence", "size"),
            coded_sentences=("coded", "sum"),
            spans=("spans", "sum"),
            covered=("covered", "sum"),
            waived=("waived", "sum"),
            uncovered=("uncovered", "sum"),
        )
        .reset_index()
    )
    out["coded_percent"] = (100 * out["coded_sentences"] / out["sentences"]).round(1)
    return out[
        ["source_id", "sentences", "coded_sentences", "coded_percent", "spans", "covered", "waived", "uncovered"]
    ]
