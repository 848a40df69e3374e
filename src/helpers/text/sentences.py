"""Sentences, captions and notes for the pages, each computed from a view's rows (the wording lives here, the
data in helpers.analysis).

Imports: helpers.data, helpers.analysis and text.vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.analysis.common import (
    chain_id_lists,
    chain_row_index,
    crisis_day,
    data_range,
    latest_report,
    place_name,
    place_names,
)
from helpers.analysis.figures import parts, single_date_series
from helpers.analysis.places import is_country
from helpers.data.tables import Tables
from helpers.text.vocabulary import and_words, day, days_words, is_blank, plural, word

__all__ = [
    "POLICY_WORDS",
    "consistency_notes",
    "consistency_sentence",
    "correction_notes",
    "corrections_sentence",
    "disputes_notes",
    "headline_groups",
    "policy_sentence",
    "chain_notes",
    "sources_sentence",
    "headline_sentences",
    "caveats",
    "changes_sentence",
    "measures_sentence",
    "deployment_sentence",
    "speakers_sentence",
    "mandate_notes",
    "timeline_sentence",
    "place_statements_sentence",
    "place_deployments_sentence",
    "places_caption",
    "place_sentence",
    "quality_sentence",
    "row_notes",
    "headline_notes",
    "parts_sentences",
    "situation_sentence",
    "window_sentence",
    "counts_scope",
    "rise_sentence",
    "trend_sentence",
    "quality_scope",
    "coverage_sentence",
]


def chain_notes(t: Tables, frame: pd.DataFrame, label_col: str = "label") -> list[tuple[str, pd.DataFrame]]:
    """For each row whose shown dates or figures rest on more than one report: one sentence saying which
    reports give them, with the rows to cite (cite with id_col='row_id')."""
    idx = chain_row_index(t)
    out = []
    for (_, r), ids in zip(frame.iterrows(), chain_id_lists(frame), strict=True):
        ids = [i for i in ids if i in idx.index]
        if len(ids) < 2:
            continue
        what = r[label_col] if label_col in frame and not is_blank(r[label_col]) else r.get("series", "")
        if "before_id" in frame:
            when = r["reported_before_day"] if "reported_before_day" in frame else r["reported_before"]
            words = f"the earlier figure, {r['before']}, is from the report of {day(when)}"
        elif "history_words" in frame and not is_blank(r.get("history_words")):
            words = r["history_words"]
        elif "history" in frame and not is_blank(r.get("history")):
            words = r["history"]
        else:
            words = f"reported {days_words(idx.loc[ids, 'reported'])}"
        out.append((f"{what}: {words}.", idx.loc[ids, ["row_id", "source_id", "evidence"]].reset_index(drop=True)))
    return out


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


def _when(r) -> str:
    when = f"as of {day(r.as_of)}"
    if getattr(r, "older", False):
        when += f", from an older report (the latest is of {day(r.latest)})"
    return when


def _claims_words(words: list[tuple[str, str]]) -> str:
    return "; ".join(f"{d} according to {w}" for d, w in words)


#: How each policy is said on a page (the codebook's "Claims that disagree" gives the rules).
POLICY_WORDS = {
    "all": "every body's figure is shown",
    "conservative": "this page shows the lowest figure (the conservative policy, as ACLED does)",
    "range": "this page shows the range from the lowest to the highest figure (the range policy)",
    "prefer": "this page shows the figure of the body ranked first by our ranking of bodies (the prefer policy)",
}


def policy_sentence(policy: str, head: pd.DataFrame | None = None) -> str:
    """How the page treats figures from bodies that disagree: the policy in words, and how many counts it
    touched (with the page's `head`)."""
    rule = POLICY_WORDS[policy]
    s = f"Where bodies disagree on a count in the same report, {rule}; the report parameter policy is '{policy}'."
    if head is not None and "contested" in head:
        n = head[head["contested"].astype(bool)][["metric", "place_id"]].drop_duplicates().shape[0]
        s += (
            " No count on this page is disputed."
            if n == 0
            else f" {plural(n, 'count')} on this page {'is' if n == 1 else 'are'} disputed."
        )
    return s


def headline_groups(head: pd.DataFrame) -> list[tuple[str, list[int]]]:
    """One plain sentence per headline count and place, with the positions of the rows it is about.

    A figure from an older report says so; where bodies disagree, the sentence says so and gives each
    body's figure, then what the page's policy shows."""
    out: list[tuple[str, list[int]]] = []
    done: set[tuple] = set()
    rows = list(head.itertuples())
    for i, r in enumerate(rows):
        key = (r.metric, r.place_id)
        if key in done:
            continue
        done.add(key)
        subject = "" if r.subject == "people" else f" ({r.subject})"
        what = f"{r.metric.capitalize()} in {r.place}{subject}"
        if not bool(getattr(r, "contested", False)):
            words = getattr(r, "attribution_words", r.attribution)
            who = "no source named" if r.attribution == "not attributed" else f"according to {words}"
            out.append((f"{what}: {r.display}, {who}, {_when(r)}.", [i]))
            continue
        idx = [j for j, x in enumerate(rows) if (x.metric, x.place_id) == key]
        claims = _claims_words(r.claim_words)
        s = f"{what}: the sources disagree, {_when(r)}: {claims}."
        if r.policy_applied != "all":
            s += f" Of these, {POLICY_WORDS[r.policy_applied]}: {r.display}"
            s += "." if r.policy_applied == "range" else f", according to {r.attribution_words}."
        out.append((s, idx))
    return out


def headline_sentences(head: pd.DataFrame) -> list[str]:
    """One plain sentence per headline count and place (see headline_groups)."""
    return [s for s, _ in headline_groups(head)]


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


def measures_sentence(ms: pd.DataFrame) -> str:
    """How many measures carry dates, naming the undated ones."""
    if ms.empty:
        return "No official measure is coded."
    dated = ms[ms["start"].notna()]
    undated = ms[ms["start"].isna()]
    s = f"{len(dated)} of {plural(len(ms), 'measure')} {'carries' if len(dated) == 1 else 'carry'} a start date"
    if len(undated):
        s += "; the reports give no start for: " + "; ".join(
            lb if is_blank(e) else f"{lb} (until {day(e)})"
            for lb, e in zip(undated["label"], undated["end"], strict=True)
        )
    lifted = ms[ms["status"] == "lifted"]
    for r in lifted.itertuples():
        s += f". {r.label} was lifted: it ended on {day(r.end)}"
    return s + "."


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


def mandate_notes(mandate: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """'Speaker: “fragment”' sentences, each with its row (cite with id_col='row_id')."""
    return row_notes(
        mandate,
        [f"{s}, in the report's words: “{q}”" for s, q in zip(mandate["speaker"], mandate["quote"], strict=True)],
    )


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


def place_statements_sentence(name: str, stm: pd.DataFrame) -> str:
    """Which statements a place page lists, counted: linked to an event there, or naming the place."""
    if stm.empty:
        return f"No statement is linked to an event in {name} or names {name} in its words or summary."
    by = int((stm["listed_because"] == "by one of its actors").sum())
    linked = int((stm["listed_because"] == "linked to an event here").sum())
    named = len(stm) - linked - by
    parts_ = []
    if by:
        parts_.append(f"{plural(by, 'statement')} by {_possessive(name)} own actors")
    if linked:
        parts_.append(f"{plural(linked, 'statement')} linked to an event in {name}")
    if named:
        parts_.append(f"{plural(named, 'statement')} whose words or summary name {name}")
    return "Listed: " + " and ".join(parts_) + "."


def place_deployments_sentence(t: Tables, place_id: str, prof: dict[str, pd.DataFrame]) -> str | None:
    """For a country that contributed forces, what it contributed in the coded reports; None for any other
    place: a city contributes none, and for a country with no deployment ("no forces contributed by
    Kazakhstan") the sentence would be true but empty, so the page says nothing about forces."""
    if not is_country(t, place_id):
        return None
    name = place_name(t, place_id)
    dep = prof["deployments"]
    if dep.empty:
        return None
    orgs = sorted({str(o) for o in dep["organisation"].dropna()})
    to = f" to the {' and the '.join(orgs)} deployment" if orgs else ""
    return f"{name} contributed forces{to} in the coded reports."


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
        out.append(f"Not in colour: {and_words(forces)}, which contributed forces but have no count, event or measure.")
    if only:
        out.append(f"Also not in colour, named in the reports only: {and_words(only)}.")
    return " ".join(out)


def place_sentence(t: Tables, place_id: str, prof: dict[str, pd.DataFrame]) -> str:
    """'Almaty (city, Almaty): 3 counts, 2 events and 1 statement in the coded reports.' Only what the place
    has is counted: a kind of row it has none of (a city's deployments, a country's counts) is left out."""
    p = prof["place"].iloc[0]
    where = p["kind"] + ("" if is_blank(p["admin1"]) else f", {p['admin1']}")
    kinds = [("figures", "count"), ("events", "event"), ("measures", "measure"), ("deployments", "deployment")]
    kinds.append(("statements", "statement"))
    have = [plural(len(prof[k]), w) for k, w in kinds if k in prof and len(prof[k])]
    if not have:
        return f"{p['name']} ({where}): the coded reports name it but code nothing there."
    return f"{p['name']} ({where}): {and_words(have)} in the coded reports."


def quality_sentence(q: pd.DataFrame) -> str:
    """'8 of 11 figures are hedged ranges rather than exact counts.'"""
    if q.empty:
        return "No figure is coded for this source."
    hedged = int(q.loc[q["hedged"] == "hedged", "figures"].sum())
    return f"{hedged} of {int(q['figures'].sum())} figures are hedged ranges rather than exact counts."


def row_notes(frame: pd.DataFrame, sentences: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """Pair each sentence with the one row it is about (for `plots.note(text, cite=row)`)."""
    return [(s, frame.iloc[[i]]) for i, s in enumerate(sentences)]


def headline_notes(head: pd.DataFrame, t: Tables | None = None) -> list[tuple[str, pd.DataFrame]]:
    """Headline sentences, each with the figure rows it rests on: where bodies disagree, every claim
    (with `t`, also the claims a policy does not show)."""
    out = []
    for sentence, idx in headline_groups(head):
        rows = head.iloc[idx]
        if t is not None and bool(rows["contested"].iloc[0]) if "contested" in rows else False:
            ids = [i.strip() for i in str(rows["claim_ids"].iloc[0]).split(",")]
            rows = t.figures[t.figures["figure_id"].isin(ids)]
        out.append((sentence, rows))
    return out


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
    n = crisis_day(t, d)
    return f"Situation as of {d:%A} {day(d)} ({which})" + ("." if n is None else f", day {n} of the crisis.")


def window_sentence(
    t: Tables, start=None, end=None, event_types: list[str] | None = None, items: pd.DataFrame | None = None
) -> str:
    """The window and event types a timeline page shows (defaults: the data's whole range, all types).

    With a type filter and the page's `items`, it says what is shown and over which days, and that the
    window itself is the data's whole range when no start or end is set."""
    lo, hi = data_range(t)
    s = pd.Timestamp(start) if start not in (None, "") else lo
    e = pd.Timestamp(end) if end not in (None, "") else hi
    n_s, n_e = crisis_day(t, s), crisis_day(t, e)
    window = f"{day(s)} (day {n_s}) to {day(e)} (day {n_e})" if n_s is not None else f"{day(s)} to {day(e)}"
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


def _possessive(who: str) -> str:
    return f"{who}’" if who.endswith("s") else f"{who}’s"


def correction_notes(t: Tables, notices: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """A dated notice per withdrawal or correction (analysis.corrections.corrections), each with the rows it
    rests on (the correction, the row it withdraws and any replacement) for `plots.note(…, id_col="row_id")`."""
    if notices.empty:
        return []
    idx = chain_row_index(t)
    own = pd.DataFrame(
        {
            "row_id": t.corrections["correction_id"],
            "source_id": t.corrections["source_id"],
            "evidence": t.corrections["evidence"],
        }
    ).set_index("row_id", drop=False)
    out = []
    for r in notices.itertuples():
        owner = f"{_possessive(r.target_by_words)} " if r.target_by_words else "the "
        first = f"Correction: {owner}{r.what}, published on {day(r.target_reported)},"
        by = f" by {r.by_words}" if r.by_words and r.by_words != r.target_by_words else ""
        if r.action == "withdrawn":
            why = f" as “{r.reason}”" if not is_blank(r.reason) else ""
            s = f"{first} was withdrawn{by} on {day(r.date)}{why}; it is left out of every current figure on this page."
        else:
            to = f" to {r.replacement}" if r.replacement else ""
            why = f" (“{r.reason}”)" if not is_blank(r.reason) else ""
            s = f"{first} was corrected{to}{by} on {day(r.date)}{why}; this page uses the correction."
        ids = [i.strip() for i in r.cite_ids.split(",")]
        rows = pd.concat(
            [own.loc[[i for i in ids if i in own.index], ["row_id", "source_id", "evidence"]],
             idx.loc[[i for i in ids if i in idx.index], ["row_id", "source_id", "evidence"]]],
            ignore_index=True,
        )  # fmt: skip
        out.append((s, rows))
    return out


def consistency_notes(t: Tables, flags: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """A sentence per consistency flag (analysis.consistency), with the figure rows it compares. The
    sentences say where numbers do not fit together; they never change a number."""
    out = []
    for r in flags.itertuples():
        subject = "" if r.subject == "people" else f" ({r.subject})"
        if r.kind == "below_places":
            by = "no source named" if r.total_by in ("", "not attributed") else f"according to {r.total_by}"
            places = and_words([f"{d}{'' if s == 'people' else f' ({s})'} in {p}" for d, p, s in r.parts])
            verb = "add up to" if len(r.parts) > 1 else "is"
            if r.contradiction:
                s = (
                    f"Check: {places} {verb} at least {r.sum_low:,} {r.metric}, more than the highest value the "
                    f"count for {r.place}{subject} allows, {r.total} ({by}): the two cannot both be right."
                )
            else:
                s = (
                    f"Check: {places} {verb} at least {r.sum_low:,} {r.metric}, more than the lowest value of the "
                    f"count for {r.place}{subject}, {r.total} ({by}): read that count as a floor its places "
                    "already pass."
                )
        elif r.kind == "part_above_total":
            d, p, part_subject = r.parts[0]
            s = f"Check: {d} {part_subject} {r.metric} in {p}, part of a total of {r.total}, exceeds that total."
        else:
            d, when, _ = r.parts[0]
            s = (
                f"Check: {_possessive(r.total_by)} count of {r.metric} in {r.place}{subject} fell from {d} "
                f"(reported {day(pd.Timestamp(when))}) to {r.total}, and no correction is coded."
            )
        s += " We flag this and change no number."
        ids = [i.strip() for i in r.ids.split(",")]
        out.append((s, t.figures[t.figures["figure_id"].isin(ids)]))
    return out


def disputes_notes(t: Tables, d: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """A sentence per series and report where bodies disagree (analysis.figures.disputes), each with every
    claim it names, for citations."""
    out = []
    for r in d.itertuples():
        subject = "" if r.subject == "people" else f" ({r.subject})"
        what = f"{r.metric} in {r.place}{subject}"
        s = f"In the report of {day(r.reported)}, the sources disagree on {what}: {_claims_words(r.claim_words)}."
        ids = [i.strip() for i in str(r.claim_ids).split(",")]
        out.append((s, t.figures[t.figures["figure_id"].isin(ids)]))
    return out


def corrections_sentence(notices: pd.DataFrame) -> str:
    """How many coded rows were withdrawn or corrected."""
    if notices.empty:
        return "No coded row has been withdrawn or corrected."
    w = int((notices["action"] == "withdrawn").sum())
    c = len(notices) - w
    return f"{plural(w, 'row')} withdrawn and {plural(c, 'row')} corrected by a later or the same report."


def consistency_sentence(flags: pd.DataFrame) -> str:
    """How many consistency checks fire."""
    if flags.empty:
        return "Every check passes: no current count contradicts another."
    n = int(flags["contradiction"].astype(bool).sum())
    return f"{plural(len(flags), 'check')} {'flags' if len(flags) == 1 else 'flag'} counts that do not fit together" + (
        f", {n} of them a contradiction." if n else "; none is a contradiction."
    )
