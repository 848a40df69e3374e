"""Figures (counts) as of a day: every figure with its series and label, the latest per series, the headline,
parts of totals, trends and changes between reports.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import CONTEXT_RANK, FIGURE_SERIES, _upto, corrections_upto, latest_report, place_names
from helpers.data import vocab
from helpers.data.tables import Tables
from helpers.data.vocab import POLICIES, PREFER_KINDS
from helpers.data.words import MISSING, actor_words, is_blank, short_day, word

__all__ = [
    "reconcile",
    "disagree",
    "figures_as_of",
    "latest_figures",
    "headline",
    "parts",
    "largest_counts",
    "trend",
    "trend_lines",
    "disputes",
    "single_date_series",
    "changes",
]


def figures_as_of(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Figures reported on or before a day, with place names, series labels and parts marked.

    `attribution` reads 'not attributed' where the text names no one (`attribution_words` is the same
    name as written mid-sentence); `is_part` marks a figure that is part of a total (`part_of`), and
    `part_of_text` names that total in words for a table cell ('part of the 44 killed reported on 8 Jan 2022').
    `label` tells every row apart in charts: the series, the as-of day and, where those repeat, the
    part of the report and who gives it.
    """
    f = _upto(t, t.figures, as_of).copy()
    names = place_names(t)
    f["place"] = f["place_id"].map(names)
    f["attribution"] = f["attributed_to"].fillna("not attributed")
    kinds = _actor_kinds(t)
    f["attribution_words"] = [
        actor_words(a, kinds.get(i)) for a, i in zip(f["attributed_to"], f["attributed_to_id"], strict=True)
    ]
    f["is_part"] = f["part_of"].fillna("").astype(str) != ""
    totals = _upto(t, t.figures, None, withdrawn=True).set_index("figure_id")
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
    return dict(zip(t.actors["actor_id"], t.actors["kind"], strict=True))


def _part_of_words(totals: pd.DataFrame, total_id: object) -> str:
    if total_id not in totals.index:
        return "part of a total not coded"
    tot = totals.loc[total_id]
    return f"part of the {tot['display']} {word(tot['metric'])} reported on {short_day(tot['reported'])}"


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
        f["context"].map(lambda c: MISSING if is_blank(c) else word(c)),
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
    return f"{word(metric).capitalize()} in {place}{who}" + (" — part of a total" if part else "")


def _preferred(f: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per key: the latest report's most specific figure (a number given beats a range; body > lede > headline)."""
    f = f.sort_values(
        [*keys, "reported", "as_of", "_spec", "_rank", "figure_id"],
        ascending=[True] * len(keys) + [False, False, True, True, True],
    )
    return f.groupby(keys, sort=False, dropna=False).head(1)


def _voices(f: pd.DataFrame) -> pd.Series:
    """Who gives each figure: the actor id, else the name as written, else 'not attributed'."""
    ids = f["attributed_to_id"].astype("object")
    return ids.where(ids.notna() & (ids.astype(str) != ""), f["attribution"].astype("object")).astype(str)


def _tops(g: pd.DataFrame) -> pd.Series:
    high = pd.to_numeric(g["high"], errors="coerce").astype("float64")
    open_ = g["open_upper"].fillna(True).astype(bool) | high.isna()
    return high.where(~open_, float("inf"))


def disagree(g: pd.DataFrame) -> bool:
    """True when claims cannot all be true at once: the highest low lies above the lowest high (an
    open-ended claim has no high). 'Almost 4,000' and 'thousands' agree; 7,939 and 'about 6,000' do not."""
    if len(g) < 2:
        return False
    low = pd.to_numeric(g["low"], errors="coerce").astype("float64")
    return bool(low.max() > _tops(g).min())


def _prefer_rank(t: Tables, f: pd.DataFrame) -> pd.Series:
    kinds = _actor_kinds(t)
    order = {k: i for i, k in enumerate(PREFER_KINDS)}
    return pd.Series(
        [
            order.get(kinds.get(str(i), ""), len(order)) if not is_blank(i) else len(order) + 1
            for i in f["attributed_to_id"]
        ],
        index=f.index,
    )


def reconcile(t: Tables, f: pd.DataFrame, keys: list[str], policy: str = "all") -> pd.DataFrame:
    """Per key, the claims of the latest report that gives it, reconciled by a policy (codebook, "Claims
    that disagree"). Withdrawn and corrected claims are already out of `f` (figures_as_of drops them).

    Where the claims agree (or one body gives them), the one figure shown is the latest, most specific one,
    as ever. Where bodies disagree, `contested` is true and `policy` decides: `all` keeps one row per body;
    `conservative` the lowest claim; `range` one row from the lowest low to the highest high (no best);
    `prefer` the claim of the body ranked first by kind (vocab.PREFER_KINDS; a tie falls back to the lowest).
    Every row carries `claim_ids`, the ids of all the claims of its key (for citations), `claim_words`,
    each claim's wording and who gives it, and `policy_applied` (empty where nothing was contested).
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}: one of {', '.join(POLICIES)}")
    extra = ["contested", "claim_ids", "claim_words", "policy_applied", "voices"]
    if f.empty:
        return f.assign(**{c: pd.Series(dtype="object") for c in extra})
    f = f.assign(_voice=_voices(f))
    newest = f.groupby(keys, dropna=False)["reported"].transform("max")
    f = f[f["reported"] == newest]
    per_voice = _preferred(f, [*keys, "_voice"])
    per_voice = per_voice.assign(_lo=pd.to_numeric(per_voice["low"], errors="coerce"), _top=_tops(per_voice))
    grouped = per_voice.groupby(keys, sort=False, dropna=False)
    pairs = pd.Series(
        list(zip(per_voice["display"].astype(str), per_voice["attribution_words"].astype(str), strict=True)),
        index=per_voice.index,
        dtype=object,
    )
    stats = pd.DataFrame(
        {
            "_n": grouped["_voice"].size(),
            "_maxlo": grouped["_lo"].max(),
            "_mintop": grouped["_top"].min(),
            "claim_ids": per_voice["figure_id"]
            .astype(str)
            .groupby([per_voice[k] for k in keys], sort=False, dropna=False)
            .agg(", ".join),
            "claim_words": pairs.groupby([per_voice[k] for k in keys], sort=False, dropna=False).agg(list),
        }
    )
    stats["contested"] = (stats["_n"] >= 2) & (stats["_maxlo"] > stats["_mintop"])
    stats["voices"] = stats["_n"]
    stats = stats.drop(columns=["_n", "_maxlo", "_mintop"]).reset_index()
    calm = _preferred(f, keys).merge(stats[~stats["contested"]], on=keys, how="inner")
    out = [calm.assign(policy_applied="")]
    hot = per_voice.merge(stats[stats["contested"]][keys], on=keys, how="inner")
    if len(hot):
        hot = hot.assign(_best=pd.to_numeric(hot["best"], errors="coerce"))
        order = [*keys, "_lo", "_best", "figure_id"]
        if policy == "prefer":
            hot = hot.assign(_rank=_prefer_rank(t, hot))
            order = [*keys, "_rank", "_lo", "_best", "figure_id"]
        hot = hot.sort_values(order)
        grouped = hot.groupby(keys, sort=False, dropna=False)
        if policy == "all":
            pick = hot
        elif policy in ("conservative", "prefer"):
            pick = grouped.head(1)
        else:  # range: the lowest claim's row, stretched from the lowest low to the highest high
            lo, hi = grouped["_lo"].transform("min"), grouped["_top"].transform("max")
            who = grouped["attribution"].transform(lambda x: "; ".join(dict.fromkeys(x.astype(str))))
            words = grouped["attribution_words"].transform(lambda x: " and ".join(dict.fromkeys(x.astype(str))))
            hot = hot.assign(_rlo=lo, _rhi=hi, _who=who, _words=words)
            pick = hot.groupby(keys, sort=False, dropna=False).head(1)
            bounded = pick["_rhi"] != float("inf")
            pick = pick.assign(
                low=pick["_rlo"].astype("int64"),
                best=pd.NA,
                high=[int(h) if b else pd.NA for h, b in zip(pick["_rhi"], bounded, strict=True)],
                open_upper=~bounded,
                qualifier=["range" if b else "at_least" for b in bounded],
                display=[
                    f"between {int(lo_):,} and {int(h):,}" if b else f"at least {int(lo_):,}"
                    for lo_, h, b in zip(pick["_rlo"], pick["_rhi"], bounded, strict=True)
                ],
                attribution=pick["_who"],
                attribution_words=pick["_words"],
            ).drop(columns=["_rlo", "_rhi", "_who", "_words"])
        pick = pick.drop(columns=[c for c in ("_lo", "_top", "_best", "_rank") if c in pick])
        out.append(pick.merge(stats, on=keys, how="left").assign(policy_applied=policy))
    res = pd.concat(out, ignore_index=True).drop(columns="_voice")
    return res


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


def headline(t: Tables, as_of: pd.Timestamp | None = None, policy: str = "all") -> pd.DataFrame:
    """One line per metric and place: the latest, most specific figure that is not part of a total, or,
    where the bodies of the latest report that gives it disagree, what the policy shows (see reconcile).

    `older` is true where that figure comes from a report older than the latest one on or before as_of.
    """
    f = figures_as_of(t, as_of)
    f = f[~f["is_part"]]
    if f.empty:
        return reconcile(t, f, ["metric", "place_id"], policy).assign(older=pd.Series(dtype=bool))
    top = reconcile(t, f, ["metric", "place_id"], policy)
    latest = latest_report(t, as_of)
    top = top.assign(older=top["reported"] < latest, latest=latest)
    order = {m: i for i, m in enumerate(vocab.METRICS)}  # the casualty counts, then crowd sizes
    top = top.assign(_m=top["metric"].map(order).fillna(9), _k=top["place_id"] != "kazakhstan")
    top = top.sort_values(["_m", "_k", "place"], kind="stable").drop(columns=["_m", "_k"])
    top["label"] = _figure_labels(top, dated=False)  # the sentences give the dates; labels only tell apart
    top["label"] = [
        (f"{sr} · {who} (sources disagree)" if pol == "all" else f"{sr} (sources disagree)") if c else lb
        for lb, sr, who, c, pol in zip(
            top["label"], top["series"], top["attribution"], top["contested"], top["policy_applied"], strict=True
        )
    ]
    return top.reset_index(drop=True)


def largest_counts(t: Tables, as_of: pd.Timestamp | None = None) -> dict[str, float]:
    """place_id → the largest lowest value among the place's current counts of people detained, killed or
    injured (not crowd sizes, not parts, not withdrawn), for sizing a map's dots: the most a reader can be
    sure of there."""
    head = headline(t, as_of)
    head = head[head["metric"] != "participants"]  # crowd sizes are not counts of harm
    if head.empty:
        return {}
    low = pd.to_numeric(head["low"], errors="coerce")
    return {str(k): float(v) for k, v in low.groupby(head["place_id"]).max().dropna().items()}


def parts(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Figures that are part of a total, with the total they belong to (never added to it)."""
    f = latest_figures(t, as_of)
    return f[f["is_part"]].reset_index(drop=True) if not f.empty else f


def trend(t: Tables, metric: str | None = None, place: str | None = None, as_of=None) -> pd.DataFrame:
    """Every figure for a metric and place, one row per figure, ordered by series and date; the label of a
    claim that disagrees with another body's in the same report ends '(sources disagree)'."""
    f = figures_as_of(t, as_of)
    if metric:
        f = f[f["metric"] == metric]
    if place:
        f = f[f["place_id"] == place]
    f = f.assign(label=_figure_labels(f))  # told apart within what is shown, not the whole table
    if len(f):  # a chart marks the claims of a report that disagree with each other
        hot = reconcile(t, f, [*FIGURE_SERIES, "reported"], "conservative")
        hot = hot[hot["contested"].astype(bool)]
        ids = {i.strip() for c in hot["claim_ids"] for i in str(c).split(",")}
        f["label"] = [
            f"{lb} (sources disagree)" if i in ids else lb for lb, i in zip(f["label"], f["figure_id"], strict=True)
        ]
    return f.sort_values(["metric", "is_part", "place", "subject", "reported", "figure_id"]).reset_index(drop=True)


def trend_lines(figs: pd.DataFrame, policy: str = "all", t: Tables | None = None) -> pd.DataFrame:
    """Series given on two or more dates, one figure per series and date, ready for `plots.trend_chart`.

    `place` holds the line's label (place, subject, 'part of a total'), so a part gets its own line and
    is never joined to its total; bounds are floats so open ranges draw without casting errors. Where
    bodies disagree on a date, the policy picks the point (see reconcile; `all` draws the lowest claim,
    as one line cannot pass through two points) and `contested` marks it; `disputes` lists them all.
    """
    if figs.empty:
        return figs.assign(line=pd.Series(dtype="string"), contested=pd.Series(dtype=bool))
    if policy == "prefer" and t is None:
        raise ValueError("the prefer policy needs the tables (t) for the ranking of bodies")
    one = reconcile(t, figs, [*FIGURE_SERIES, "as_of"], "conservative" if policy == "all" else policy)
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
    one["line"] = one["place"] + ": " + one["metric"].map(word)
    return one.sort_values(["metric", "place", "as_of"]).reset_index(drop=True)


def disputes(t: Tables | None, figs: pd.DataFrame) -> pd.DataFrame:
    """One row per series and report where bodies disagree, with every claim (`claim_words`, `claim_ids`)."""
    if figs.empty:
        return figs.assign(contested=pd.Series(dtype=bool))
    r = reconcile(t, figs, [*FIGURE_SERIES, "reported"], "conservative")
    return r[r["contested"].astype(bool)].reset_index(drop=True)


def single_date_series(figs: pd.DataFrame) -> list[str]:
    """Labels of the series given on one date only (no trend to draw)."""
    if figs.empty:
        return []
    n = figs.groupby("series")["as_of"].nunique()
    return sorted(n[n < 2].index)


def _fate(t: Tables, as_of: pd.Timestamp | None) -> dict[str, str]:
    """figure_id → ' (withdrawn)' or ' (corrected)' for rows a report on or before as_of withdrew or corrected."""
    c = corrections_upto(t, as_of)
    return {str(i): f" ({a})" for i, a in zip(c["target"], c["action"], strict=True)}


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
    # where bodies of the latest report disagree, the row says so and gives each figure: never one silently
    claims = reconcile(t, f[f["reported"] == now_d], FIGURE_SERIES, "conservative")
    claims = claims[claims["contested"].astype(bool)]
    disputed = {
        tuple(k): "disputed: " + "; ".join(f"{d} ({w})" for d, w in words)
        for k, words in zip(claims[FIGURE_SERIES].itertuples(index=False), claims["claim_words"], strict=True)
    }
    earlier = f[f["reported"] < now_d]
    # a row the latest one updates may since have been corrected: it is still the figure it revises
    every = _upto(t, t.figures, as_of, withdrawn=True)
    fates = _fate(t, as_of)
    fate = every["figure_id"].astype(str).map(lambda i: fates.get(i, ""))
    every = every.assign(display=every["display"].astype(str) + fate)
    by_id = every.set_index("figure_id", drop=False)
    prev = _preferred(earlier, FIGURE_SERIES).set_index(FIGURE_SERIES)
    rows = []
    for r in now.itertuples():
        upd = r.updates if not is_blank(r.updates) else None
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
                "now": disputed.get((r.metric, r.place_id, r.subject), r.display),
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
