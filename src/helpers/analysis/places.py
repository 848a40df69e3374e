"""One place's profile: its figures, events, measures, deployments and the statements linked to it or naming it.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.common import _upto
from helpers.analysis.deployments import deployments_as_of
from helpers.analysis.figures import trend
from helpers.analysis.measures import measures_as_of
from helpers.analysis.statements import statements
from helpers.analysis.timeline import date_order
from helpers.data.tables import Tables
from helpers.data.words import is_blank, short_day, span_words, word

__all__ = [
    "place_profile",
    "place_words",
    "is_country",
    "places_named",
    "country_actors",
    "places_with_pages",
    "reported_at",
]


def place_profile(t: Tables, place_id: str, as_of=None) -> dict[str, pd.DataFrame]:
    """Everything known about one place: the gazetteer row, figures, events, measures, deployments."""
    ev = _upto(t, t.events, as_of)
    own = country_actors(t, place_id)
    here = (ev["place_id"] == place_id).fillna(False).astype(bool)
    by_own = pd.Series([bool(own & _ids(a)) for a in ev["actor_ids"]], index=ev.index, dtype=bool)
    ev = ev[here | by_own].assign(
        listed_because=["at this place" if h else "with one of its actors" for h in here[here | by_own]],
    )
    dep = deployments_as_of(t, as_of=as_of)
    ms = measures_as_of(t, as_of)
    at_place = set(ev.loc[ev["listed_because"] == "at this place", "event_id"])
    return {
        "place": t.places[t.places["place_id"] == place_id],
        "figures": trend(t, place=place_id, as_of=as_of),
        "events": date_order(ev.assign(when=[_event_when(r) for r in ev.itertuples()]), "event_id"),
        "measures": ms[ms["place_id"] == place_id].reset_index(drop=True),
        "deployments": dep[dep["country_id"] == place_id].reset_index(drop=True),
        "statements": _place_statements(t, place_id, at_place, as_of, own),
    }


def _ids(cell: object) -> set[str]:
    """The ids of a ';'-separated id cell (events.actor_ids)."""
    return set() if is_blank(cell) else {x.strip() for x in str(cell).split(";") if x.strip()}


def country_actors(t: Tables, place_id: str) -> set[str]:
    """The actors that belong to a country (docs/codebook.md#place-pages): those whose name or one of whose
    aliases has a word that begins with the country's name or one of its aliases ('Russian Ministry of
    Defense', "Russia's Ministry of Defense" and 'Russian President Vladimir Putin' belong to Russia; the
    actor 'Belarus' to Belarus), unless that word is itself the name of another place. Only a country has
    actors: a city's name inside an actor's name ("Moscow's TASS") makes no actor of the city."""
    if not is_country(t, place_id):
        return set()
    names = place_words(t, place_id)
    others = {str(n) for pid, n in zip(t.places["place_id"], t.places["name"], strict=True) if pid != place_id}
    out = set()
    for r in t.actors.itertuples():
        texts = [str(r.name)] + ([] if is_blank(r.aliases) else str(r.aliases).split(";"))
        for text in texts:
            words = re.findall(r"\w+", text)
            if any(w.startswith(n) and w not in others for w in words for n in names if " " not in n) or any(
                " " in n and _names_place(text, [n]) for n in names
            ):
                out.add(str(r.actor_id))
                break
    return out


def place_words(t: Tables, place_id: str) -> list[str]:
    """The names a place goes by: its name and its aliases (places.csv, ';'-separated)."""
    p = t.places[t.places["place_id"] == place_id]
    if p.empty:
        return []
    r = p.iloc[0]
    aliases = [] if "aliases" not in p or is_blank(r["aliases"]) else str(r["aliases"]).split(";")
    return [w.strip() for w in [str(r["name"]), *aliases] if w.strip()]


def _names_place(text: object, names: list[str]) -> bool:
    """True when a text names the place as a whole word ('Almaty' in "Almaty's city centre", not 'Almatyx')."""
    if is_blank(text):
        return False
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", str(text)) for n in names)


def _place_statements(
    t: Tables, place_id: str, event_ids: set[str], as_of=None, own: set[str] | None = None
) -> pd.DataFrame:
    """Statements made by the place's own actors (a country's: `country_actors`), linked to an event at the
    place, or whose own words (summary or quote) name the place or one of its aliases; `listed_because`
    says which (the first that holds, in that order)."""
    s = statements(t, as_of=as_of)
    names = place_words(t, place_id)
    by = s["speaker_id"].isin(own or set())
    linked = s["event_id"].isin(event_ids)
    named = pd.Series(
        [_names_place(a, names) or _names_place(b, names) for a, b in zip(s["summary"], s["quote"], strict=True)],
        index=s.index,
        dtype=bool,
    )
    keep = by | linked | named
    out = s[keep].copy()
    out["listed_because"] = [
        "by one of its actors" if b else "linked to an event here" if lk else "names the place"
        for b, lk in zip(by[keep], linked[keep], strict=True)
    ]
    return out.reset_index(drop=True)


def is_country(t: Tables, place_id: str) -> bool:
    """True for a country (only countries contribute forces)."""
    p = t.places[t.places["place_id"] == place_id]
    return not p.empty and str(p.iloc[0]["kind"]) == "country"


def _event_when(r) -> str:
    if pd.isna(r.start):
        return f"undated, reported by {short_day(r.reported)}"
    if pd.notna(r.end) and r.end != r.start:
        return f"{span_words(r.start, r.end)} ({word(r.date_precision)})"
    return short_day(r.start)


def places_named(t: Tables) -> set[str]:
    """Places with a count, an event or a measure."""
    return set(t.figures["place_id"]) | set(t.events["place_id"].dropna()) | set(t.measures["place_id"])


def places_with_pages(t: Tables) -> pd.DataFrame:
    """The places that get a place page (the catalogue's `place` sweep, docs/codebook.md#place-pages): a place
    where the coded reports put a count, an event or a measure; a country that contributed forces; and a
    country whose own actors (`country_actors`) made a statement or took part in an event. A place that is
    only named (Moscow, in "Moscow's TASS") gets none. The places rows, by place_id."""
    keep = places_named(t) | set(t.deployments["country_id"].dropna())
    speakers = set(t.statements["speaker_id"].dropna())
    in_events = set().union(*(_ids(a) for a in t.events["actor_ids"])) if len(t.events) else set()
    for pid in t.places.loc[t.places["kind"] == "country", "place_id"]:
        if country_actors(t, pid) & (speakers | in_events):
            keep.add(pid)
    return t.places[t.places["place_id"].isin(keep)].sort_values("place_id").reset_index(drop=True)


def reported_at(prof: dict[str, pd.DataFrame]) -> bool:
    """True when the reports put something at the place itself (a count, a measure, an event there); False
    for a country known here only through its actors or the forces it sent, whose page then prints no
    "no count" or "no measure" sentence (true, but empty for that kind of place)."""
    ev = prof["events"]
    here = bool(len(ev)) and bool((ev["listed_because"] == "at this place").any())
    return bool(len(prof["figures"]) or len(prof["measures"]) or here)
