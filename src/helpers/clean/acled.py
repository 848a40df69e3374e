"""The ACLED export: our events in ACLED's columns and vocabularies (mappings in helpers.data.vocab)."""

from __future__ import annotations

from helpers.clean.context import Row
from helpers.data import vocab

__all__ = ["acled_events"]


def acled_events(events: list[Row], places: list[Row], figures: list[Row], sources: list[Row]) -> list[Row]:
    """Events in ACLED's columns and vocabularies; fatalities = lowest reported 'killed' figure."""
    by_place = {p["place_id"]: p for p in places}
    by_source = {s["source_id"]: s for s in sources}
    killed: dict[str, int] = {}
    for f in figures:
        if f["metric"] == "killed" and f["event_id"] and f["low"] is not None:
            killed[f["event_id"]] = min(killed.get(f["event_id"], f["low"]), f["low"])
    out = []
    for e in events:
        place = by_place.get(e["place_id"] or "", {})
        country = by_place.get(place.get("country_id") or "", {})
        src = by_source.get(e["source_id"], {})
        when = e["start"] or src.get("report_date")
        actors = [a.strip() for a in (e["actors"] or "").split(";") if a.strip()]
        etype, sub = vocab.ACLED_TYPES[e["event_type"]]
        out.append(
            {
                "event_id_cnty": e["event_id"],
                "event_date": when,
                "year": when.year if when else None,
                "time_precision": vocab.ACLED_TIME_PRECISION[e["date_precision"]],
                "event_type": etype,
                "sub_event_type": sub,
                "actor1": actors[0] if actors else None,
                "actor2": actors[1] if len(actors) > 1 else None,
                "country": country.get("name") or "Kazakhstan",
                "admin1": place.get("admin1"),
                "location": place.get("name"),
                "latitude": place.get("latitude"),
                "longitude": place.get("longitude"),
                "geo_precision": place.get("geo_precision"),
                "source": src.get("publisher") or e["source_id"],
                "notes": e["description"],
                "fatalities": killed.get(e["event_id"], 0),
            }
        )
    return out
