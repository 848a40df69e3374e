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

__all__ = ["place_profile", "place_words", "is_country", "places_named"]


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
    aliases = [] if "aliases" not in p or is_blank(r["aliases"]) else str(r["aliases"]).split(";")
    return [w.strip() for w in [str(r["name"]), *aliases] if w.strip()]


def _names_place(text: object, names: list[str]) -> bool:
    """True when a text names the place as a whole word ('Almaty' in "Almaty's city centre", not 'Almatyx')."""
    if is_blank(text):
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
