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
from helpers.data import vocab
from helpers.data.tables import Tables
from helpers.text.vocabulary import and_words, day, days_words, is_blank, plural, word

__all__ = [
    "finding_sentences",
    "other_changes_sentence",
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
    "sub_place_sentences",
    "planned_note",
    "deployment_sentence",
    "deployment_part_sentences",
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
    "as_of_box",
    "parts_sentences",
    "situation_sentence",
    "window_sentence",
    "counts_scope",
    "data_metrics",
    "metrics_words",
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
    "conservative": "this page's key numbers, headlines and trend lines give the lowest figure (the conservative "
    "rule, as ACLED does); a chart or table of every figure still shows each one",
    "range": "this page's key numbers, headlines and trend lines give the range from the lowest to the highest "
    "figure (the range rule); a chart or table of every figure still shows each one",
    "prefer": "this page's key numbers, headlines and trend lines give the figure of the body ranked first by our "
    "ranking of bodies (the prefer rule); a chart or table of every figure still shows each one",
}


def policy_sentence(policy: str, head: pd.DataFrame | None = None) -> str:
    """How the page treats figures from bodies that disagree: the policy in words, and how many counts it
    touched (with the page's `head`)."""
    rule = POLICY_WORDS[policy]
    s = f"Where bodies disagree on a count in the same report, {rule}."
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
        what = f"{word(r.metric).capitalize()} in {r.place}{subject}"
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
        counts = ", ".join(f"{word(m)} in {p}" for m, p in zip(g["metric"], g["place"], strict=True))
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


def _in_place(name: object) -> str:
    """'in Baikonur', 'in the Aktobe region' (a name ending in 'region' takes 'the')."""
    name = str(name)
    return (
        f"in the {name}" if name.lower().endswith(" region") and not name.lower().startswith("the ") else f"in {name}"
    )


def _end_words(e: object, kind: object, end_from: object = None) -> str:
    """'until 19 January 2022'; a planned end 'planned until 19 January 2022'; an end window 'planned to end
    between 13 and 23 January 2022'."""
    if not is_blank(end_from) and not is_blank(e) and pd.Timestamp(end_from) != pd.Timestamp(e):
        a, b = pd.Timestamp(end_from), pd.Timestamp(e)
        first = str(a.day) if (a.year, a.month) == (b.year, b.month) else day(a, year=a.year != b.year)
        verb = "planned to end" if kind == "planned" else "ended"
        return f"{verb} between {first} and {day(b)}"
    return f"{'planned ' if kind == 'planned' else ''}until {day(e)}"


#: How a measure's state reads after "; … elsewhere" (a change for part of a place).
_ELSEWHERE = {
    "in_force": "in force",
    "extended": "in force",
    "changed": "in force",
    "announced": "announced",
    "to_be_lifted": "in force, to be lifted",
    "lifted": "lifted",
}


def sub_place_sentences(ms: pd.DataFrame, place: str | None = None) -> list[str]:
    """One sentence per change for part of a place: 'State of emergency: lifted in the Aktobe region on
    10 January 2022; in force elsewhere (planned until 19 January 2022).' (the whole's state as of the page).
    With `place` (a place page), only the changes within that place or for that part of it."""
    if ms.empty or "within_id" not in ms:
        return []
    out = []
    parts_ = ms[ms["within_id"].notna()]
    if place:
        parts_ = parts_[(parts_["within_id"] == place) | (parts_["place_id"] == place)]
    for r in parts_.itertuples():
        whole = ms[(ms["measure"] == r.measure) & (ms["place_id"] == r.within_id)]
        verb = str(r.status).replace("_", " ")
        when = f" on {day(r.end)}" if r.status == "lifted" and not is_blank(r.end) else ""
        if r.status != "lifted" and not is_blank(r.end):
            when = f" ({_end_words(r.end, r.end_kind, r.end_from)})"
        s = f"{word(r.measure).capitalize()}: {verb} {_in_place(r.place)}{when}"
        if len(whole):
            w = whole.iloc[0]
            state = _ELSEWHERE.get(str(w["status"]), str(w["status"]).replace("_", " "))
            s += f"; {state} elsewhere"
            if not is_blank(w["end"]) and w["status"] != "lifted":
                s += f" ({_end_words(w['end'], w['end_kind'], w['end_from'])})"
            elif w["status"] == "lifted":
                s += f" on {day(w['end'])}"
        out.append(s + ".")
    return out


def measures_sentence(ms: pd.DataFrame) -> str:
    """How many measures carry dates, naming the undated ones; planned ends say so, and a change for part of
    a place says where, and what holds elsewhere."""
    if ms.empty:
        return "No official measure is coded."
    parts_ = sub_place_sentences(ms)
    if "within_id" in ms:
        ms = ms[ms["within_id"].isna()]
    kind = ms["end_kind"] if "end_kind" in ms else pd.Series(pd.NA, index=ms.index)
    end_from = ms["end_from"] if "end_from" in ms else pd.Series(pd.NaT, index=ms.index)
    dated = ms[ms["start"].notna()]
    undated = ms[ms["start"].isna()]
    s = f"{len(dated)} of {plural(len(ms), 'measure')} {'carries' if len(dated) == 1 else 'carry'} a start date"
    if len(undated):
        s += "; the reports give no start for: " + "; ".join(
            lb if is_blank(e) else f"{lb} ({_end_words(e, k, f)})"
            for lb, e, k, f in zip(
                undated["label"], undated["end"], kind[undated.index], end_from[undated.index], strict=True
            )
        )
    planned = dated[(kind[dated.index] == "planned").fillna(False) & dated["end"].notna()]
    if len(planned):
        s += ". Planned ends (what a report said would happen): " + "; ".join(
            f"{lb} ({_end_words(e, 'planned', f)})"
            for lb, e, f in zip(planned["label"], planned["end"], end_from[planned.index], strict=True)
        )
    lifted = ms[ms["status"] == "lifted"]
    for r in lifted.itertuples():
        s += f". {r.label} was lifted: it ended on {day(r.end)}"
    return " ".join([s + ".", *parts_])


def deployment_sentence(deps: pd.DataFrame, organisation: str) -> str:
    """Who contributed to an organisation's deployment, and which contributors have a known end."""
    if deps.empty:
        return f"No deployment by {organisation} is coded."
    parts_ = deployment_part_sentences(deps)
    if "place_id" in deps:
        deps = deps[deps["place_id"].isna()]
    n = len(deps)
    s = f"{n} {'country' if n == 1 else 'countries'} contributed forces to the {organisation} deployment: "
    s += ", ".join(deps["country"]) + "."
    ends = deps[deps["until"].notna()]
    kind = deps["end_kind"] if "end_kind" in deps else pd.Series(pd.NA, index=deps.index)
    end_from = deps["end_from"] if "end_from" in deps else pd.Series(pd.NaT, index=deps.index)
    if len(ends):
        s += " A later report gives an end for " + "; ".join(
            f"{c} ({_end_words(u, k, f)})"
            for c, u, k, f in zip(ends["country"], ends["until"], kind[ends.index], end_from[ends.index], strict=True)
        )
        s += "."
    if len(ends) < n:
        s += f" No end is given for {n - len(ends)} of them."
    if "seen" in deps and deps["seen"].notna().any():
        seen = deps[deps["seen"].notna()]
        by_day: dict[pd.Timestamp, list[str]] = {}
        for c, d in zip(seen["country"], seen["seen"], strict=True):
            by_day.setdefault(pd.Timestamp(d), []).append(str(c))
        if len(by_day) == 1 and len(seen) == n and n > 1:  # everyone on the same day: say it once
            s += f" All {n} were seen in place on {day(next(iter(by_day)))}, the last day a report says so."
        else:
            s += " Seen in place (the last day a report says so): " + "; ".join(
                f"{and_words(cs)} on {day(d)}" for d, cs in sorted(by_day.items())
            )
            s += "."
    return " ".join([s, *parts_])


def deployment_part_sentences(deps: pd.DataFrame) -> list[str]:
    """One sentence per change for part of a deployment: 'Russia: left Almaty on 10 January 2022; elsewhere
    in place (planned to end between 13 and 23 January 2022).'"""
    if deps.empty or "place_id" not in deps:
        return []
    out = []
    for r in deps[deps["place_id"].notna()].itertuples():
        if not is_blank(r.until):
            kind = r.end_kind if not is_blank(r.end_kind) else None
            if kind == "actual":
                what = f"left {r.place} on {day(r.until)}"
            else:
                what = f"in {r.place}, {_end_words(r.until, kind, r.end_from)}"
        elif not is_blank(r.seen):
            what = f"in place {_in_place(r.place)} on {day(r.seen)}"
        else:
            what = f"a change {_in_place(r.place)}"
        whole = deps[(deps["country_id"] == r.country_id) & deps["place_id"].isna()]
        s = f"{r.country}: {what}"
        if len(whole):
            w = whole.iloc[0]
            s += "; elsewhere in place"
            if not is_blank(w["until"]):
                s += f" ({_end_words(w['until'], w['end_kind'], w['end_from'])})"
        out.append(s + ".")
    return out


def planned_note(frame: pd.DataFrame) -> str:
    """What a span chart draws beyond starts and ends, computed from its rows: '' when nothing (a planned end,
    an end window, forces seen in place) is there."""
    kind = frame["end_kind"] if "end_kind" in frame else pd.Series(pd.NA, index=frame.index)
    planned = int((kind == "planned").fillna(False).sum())
    window = 0
    if "end_from" in frame:
        ef, e = pd.to_datetime(frame["end_from"]), pd.to_datetime(frame["end"])
        window = int((ef.notna() & e.notna() & (ef < e)).sum())
    seen = int(frame["seen"].notna().sum()) if "seen" in frame else 0
    out = []
    if planned:
        out.append(
            f"{plural(planned, 'end')} {'is' if planned == 1 else 'are'} planned, as a report said it would be, "
            "not seen: drawn as a dashed outline after the last report"
        )
    if window:
        out.append(f"{plural(window, 'end')} {'falls' if window == 1 else 'fall'} within a window (hatched)")
    if seen:
        out.append(
            f"{plural(seen, 'contributor')} {'is' if seen == 1 else 'are'} drawn as present up to the last day a "
            "report says the forces were in place"
        )
    return ("; ".join(out) + ".").capitalize() if out else ""


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
    """'Speaker, as the report puts it (its words, not a quotation of the speaker): fragment' sentences, each
    with its row (cite with id_col='row_id'). Quote marks appear only where the report itself has them: the
    fragment is the report's paraphrase of the speaker, so the page adds none of its own."""
    return row_notes(
        mandate,
        [
            f"{s}, as the report puts it (the report's words, not a quotation of the speaker): {q.rstrip('.')}."
            for s, q in zip(mandate["speaker"], mandate["quote"], strict=True)
        ],
    )


def timeline_sentence(items: pd.DataFrame, t: Tables) -> str:
    """What the timeline shows: how many items, from which day to which."""
    dated = items[items["dated"]]
    if dated.empty:
        return "No dated event or measure falls in this window."
    first, last = dated.sort_values(["start", "end"]).iloc[0], dated.sort_values("end").iloc[-1]
    first_day = crisis_day(t, first["start"])
    n_undated = int((~items["dated"]).sum())
    # an end a report says is still to come is not something that happened on that day
    planned = "planned end of " if last.get("end_kind") == "planned" and last["end"] != last["start"] else ""
    s = (
        f"{plural(len(dated), 'dated item')}, from day {first_day} ({day(first['start'])}: {first['label']}) "
        f"to day {last['day_end']} ({day(last['end'])}: {planned}{last['label']}); "
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
    from helpers.analysis.measures import measures_as_of

    # the same units as the place pages: figures (coded numbers), events, and measures in their latest state
    # (a curfew and its lifting are one measure)
    counted = {
        "figure": t.figures["place_id"].value_counts(),
        "event": t.events["place_id"].dropna().value_counts(),
        "measure": measures_as_of(t)["place_id"].value_counts(),
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
        out.append(
            f"In colour, the {plural(len(lit), 'place')} with a figure, an event or a measure: {'; '.join(lit)}."
        )
    else:
        out.append("No place has a figure, an event or a measure.")
    if forces:
        out.append(f"Not in colour: {and_words(forces)}, which contributed forces but have no count, event or measure.")
    if only:
        out.append(f"Also not in colour, named in the reports only: {and_words(only)}.")
    return " ".join(out)


def place_sentence(t: Tables, place_id: str, prof: dict[str, pd.DataFrame]) -> str:
    """'Almaty (city, Almaty): 3 figures, 2 events and 1 statement in the coded reports.' Only what the place
    has is counted: a kind of row it has none of (a city's deployments, a country's counts) is left out."""
    p = prof["place"].iloc[0]
    where = p["kind"] + ("" if is_blank(p["admin1"]) else f", {p['admin1']}")
    kinds = [("figures", "figure"), ("events", "event"), ("measures", "measure"), ("deployments", "deployment")]
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
                f"Of the {of} ({word(r.metric)} in {r.place}), {r.display} were {r.subject}: a part of that total, "
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


def as_of_box(t: Tables, sentences: list[str], as_of: pd.Timestamp | None = None) -> list[str]:
    """The sentences of a page's finding box, dated: 'As of 7 January 2022 (the latest report): …'. Empty
    sentences are dropped; nothing to say gives an empty box (plots.finding then shows nothing)."""
    said = [x for x in sentences if x]
    if not said or t.sources.empty:
        return []
    d = latest_report(t, as_of)
    return [f"As of {day(d)} (the latest report): {said[0]}", *said[1:]]


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


def data_metrics(t: Tables) -> list[str]:
    """The metrics the data has figures for, in the order pages show them (vocab.METRICS: casualty
    counts, then crowd sizes); every metric when the data has no figure."""
    have = set(t.figures["metric"].dropna())
    return [m for m in vocab.METRICS if m in have] or list(vocab.METRICS)


def metrics_words(metrics: Iterable[str], people: bool = True) -> str:
    """Counts in words: "people detained, killed and injured", "people killed", "people at rallies",
    "people detained and killed, and people at rallies" (people=False: "detained, killed and injured")."""
    said = [word(m) for m in metrics]
    bare = [w for w in said if not w.startswith("people ")]
    whole = [w for w in said if w.startswith("people ")]
    head = (("people " if people else "") + and_words(bare)) if bare else ""
    if head and whole:
        return f"{head}, and {and_words(whole)}"
    return head or and_words(whole)


def counts_scope(t: Tables, metric: str | None, place: str | None, figs: pd.DataFrame) -> str:
    """Which counts a counts page shows and how many figures and reports they come from."""
    what = metrics_words([metric] if metric else data_metrics(t))
    where = f"in {place_name(t, place)}" if place else "in every place the reports name"
    if figs.empty:
        return f"No figure for {what} {where} is coded."
    n_rep = figs["source_id"].nunique()
    n_series = figs["series"].nunique()
    return (
        f"Counts of {what} {where}: {plural(len(figs), 'figure')} from {plural(n_rep, 'report')}, "
        f"on {plural(n_series, 'count')} (a count: one group of people in one place)."
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
    if len(lines) and "contested" in lines and lines["contested"].astype(bool).any():
        hot = lines[lines["contested"].astype(bool)]
        where = "; ".join(f"{ln} on {day(d)}" for ln, d in zip(hot["line"], hot["as_of"], strict=True))
        s += (
            f" Where bodies disagree ({where}), the line passes through one figure only, the lowest unless the "
            "page's policy says otherwise; the sentences at the top of the page give every figure."
        )
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
                    f"count for {r.place}{subject} allows, {r.total}, {by}: the two cannot both be right."
                )
            else:
                s = (
                    f"Check: {places} {verb} at least {r.sum_low:,} {r.metric}, more than the lowest value of the "
                    f"count for {r.place}{subject}, {r.total}, {by}: read that count as a floor its places "
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
        what = f"{word(r.metric)} in {r.place}{subject}"
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


def consistency_sentence(flags: pd.DataFrame, disputes: pd.DataFrame | None = None) -> str:
    """How many consistency checks fire, and (with `disputes`, analysis.figures.disputes) on how many counts
    bodies disagree within one report: a page never says every check passes while sources disagree."""
    n_disputes = 0 if disputes is None else len(disputes)
    told = (
        f" In {plural(n_disputes, 'count')} of one report, the sources disagree (listed below)." if n_disputes else ""
    )
    if flags.empty:
        if n_disputes:
            return "No current count contradicts a count of another place or date." + told
        return "Every check passes: no current count contradicts another."
    n = int(flags["contradiction"].astype(bool).sum())
    return (
        f"{plural(len(flags), 'check')} {'flags' if len(flags) == 1 else 'flag'} counts that do not fit together"
        + (f", {n} of them a contradiction." if n else "; none is a contradiction.")
        + told
    )


def _direction(before_low: object, now_low: object) -> str:
    try:
        b, n = float(before_low), float(now_low)
    except (TypeError, ValueError):
        return "against"
    return "up from" if n > b else "down from" if n < b else "unchanged from"


def finding_sentences(
    t: Tables,
    as_of: pd.Timestamp | None = None,
    policy: str = "all",
    metric: str | None = None,
    place: str | None = None,
) -> list[str]:
    """Two or three sentences for the box at the top of a page: the national counts with who gives them,
    each change since the report before (with its direction: 'up from almost 4,000 on 7 January 2022'), and
    the as-of day. A change is given only where one body revises its own figure (never across bodies, never
    for a disputed count). Empty when no count is coded."""
    from helpers.analysis.consistency import consistency
    from helpers.analysis.figures import changes, headline
    from helpers.analysis.places import is_country

    head = headline(t, as_of, policy)
    if metric:
        head = head[head["metric"] == metric]
    if place:
        head = head[head["place_id"] == place]
    if head.empty:
        return []
    national = head[[is_country(t, p) for p in head["place_id"]]]
    shown = head if place else national if len(national) else head.head(3)
    # a national count below what its places add up to says so beside it (the checks' below_places flag)
    flags = consistency(t, as_of, metric, place)
    flags = flags[flags["kind"] == "below_places"] if len(flags) else flags
    above = {(f.metric, f.place_id): f.sum_low for f in flags.itertuples()}
    parts_, seen = [], set()
    for r in shown.itertuples():
        key = (r.metric, r.place_id)
        if key in seen:
            continue
        seen.add(key)
        what = f"{word(r.metric)} in {r.place}"
        when = f", as of {day(r.as_of)}" if bool(getattr(r, "older", False)) else ""
        if bool(getattr(r, "contested", False)):
            parts_.append(f"{what}: the sources disagree, {_claims_words(r.claim_words)}{when}")
        else:
            who = "no source named" if r.attribution == "not attributed" else f"according to {r.attribution_words}"
            more = ""
            if key in above:
                more = f" (the places the reports name add up to at least {int(above[key]):,})"
            parts_.append(f"{what}: {r.display}, {who}{when}{more}")
    day_ = as_of if as_of is not None else latest_report(t)
    one = t.sources.loc[t.sources["report_date"] <= day_, "source_id"].nunique() == 1
    out = [f"As of {day(day_)}, {'the report gives' if one else 'the reports give'}: " + "; ".join(parts_) + "."]
    ch = changes(t, as_of)
    ch = ch[ch["series"].isin(set(head["series"]))] if len(ch) else ch  # the page's filters apply here too
    moved = []
    disputed = set(head.loc[head["contested"].astype(bool), "series"]) if "contested" in head else set()
    if len(ch):
        by_id = t.figures.set_index("figure_id")
        for r in ch.itertuples():
            if is_blank(r.before_id) or r.before_id not in by_id.index or r.figure_id not in by_id.index:
                continue
            same = by_id.at[r.before_id, "attributed_to_id"], by_id.at[r.figure_id, "attributed_to_id"]
            if r.series in disputed or is_blank(same[0]) or is_blank(same[1]) or str(same[0]) != str(same[1]):
                continue  # a change is one body's figure against its own earlier one
            direction = _direction(by_id.at[r.before_id, "low"], by_id.at[r.figure_id, "low"])
            moved.append(f"{r.series}: {r.now}, {direction} {r.before} on {day(r.reported_before_day)}")
    if moved:
        more = "; and more below." if len(moved) > 3 else "."
        out.append("Since the report before: " + "; ".join(moved[:3]) + more)
    return out


def other_changes_sentence(ch: pd.DataFrame, t: Tables, as_of: pd.Timestamp | None = None) -> list[str]:
    """What the latest report changes besides counts (analysis.changes.other_changes), in one sentence; none
    when all coded reports are of one date (the counts' sentence says so already)."""
    latest = latest_report(t, as_of)
    if t.sources.loc[t.sources["report_date"] <= latest, "report_date"].nunique() < 2:
        return []
    if ch.empty:
        return ["Besides counts, the latest report changes no measure or deployment and adds no statement."]
    kinds = {"measure": "measure", "deployment": "deployment contributor", "statement": "statement"}
    parts_ = [plural(int((ch["kind"] == k).sum()), w) for k, w in kinds.items() if (ch["kind"] == k).any()]
    return [f"Besides counts, the latest report gives {and_words(parts_)}, listed below with their state before it."]
