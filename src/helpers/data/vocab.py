"""Controlled vocabularies for coded columns (documented in docs/codebook.md)."""

from __future__ import annotations

__all__ = [
    "METRICS",
    "CONTEXTS",
    "EVENT_TYPES",
    "MEASURES",
    "MEASURE_STATUS",
    "DATE_KINDS",
    "STATEMENT_KINDS",
    "POLICIES",
    "PREFER_KINDS",
    "CORRECTION_ACTIONS",
    "ATTRIBUTIONS",
    "PLACE_KINDS",
    "ACTOR_KINDS",
    "YES_NO",
    "ACLED_TYPES",
    "ACLED_TIME_PRECISION",
    "GEO_PRECISION",
    "PRECISIONS",
    "QUALIFIER_TEXT",
    "QUALIFIER_VALUES",
]

#: Counts, in the order pages show them: the casualty counts, then crowd sizes (`participants`: people
#: taking part in a rally, protest or march, "Around 1,000 people rallied"). No code adds one metric to
#: another: a crowd is never part of a casualty count (docs/codebook.md, "Vocabularies").
METRICS = ("detained", "killed", "injured", "participants")
CONTEXTS = ("headline", "lede", "body")
EVENT_TYPES = (
    "protest",
    "riot",
    "clash",
    "violence",
    "arrests",
    "security_measure",
    "deployment",
    "diplomacy",
    "announcement",
)
MEASURES = (
    "state_of_emergency",
    "counter_terrorist_operation",
    "lethal_force_authorisation",
    "terror_threat_level",
    "curfew",
)
MEASURE_STATUS = ("announced", "in_force", "to_be_lifted", "lifted", "extended", "changed")
#: Whether a start or end of a measure or deployment is what a report says will happen (planned: "will remain
#: until 19 January") or what happened (actual: "was lifted on Saturday"); empty = not stated. See the
#: codebook, "Planned and actual dates".
DATE_KINDS = ("planned", "actual")
STATEMENT_KINDS = ("direct", "indirect")
#: How a page reconciles claims that disagree (a report parameter; codebook, "Claims that disagree").
POLICIES = ("all", "conservative", "range", "prefer")
#: The `prefer` policy's documented ranking of bodies, by actor kind (first wins): official national
#: bodies before local ones, then security forces and organisations, then people, media and groups;
#: a figure no one is named for comes last.
PREFER_KINDS = (
    "government", "ministry", "local_authority", "security_forces", "organisation", "country", "person",
    "outlet", "group",
)  # fmt: skip
#: What a row of corrections.csv does to its target (codebook, "Withdrawn and corrected claims").
CORRECTION_ACTIONS = ("withdrawn", "corrected")
ATTRIBUTIONS = ("explicit", "implied")
PLACE_KINDS = ("country", "region", "city", "facility")
#: What an actor is (data/raw/actors.csv); see the codebook, "Actors".
ACTOR_KINDS = (
    "person", "government", "ministry", "local_authority", "security_forces", "organisation", "outlet",
    "country", "group",
)  # fmt: skip
YES_NO = ("yes", "no")

#: Our event types in ACLED's vocabulary (event_type, sub_event_type). See the codebook.
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "protest": ("Protests", "Peaceful protest"),
    "riot": ("Riots", "Violent demonstration"),
    "clash": ("Battles", "Armed clash"),
    # violence whose kind the report does not state: no ACLED violence type is asserted for it
    "violence": ("Strategic developments", "Other"),
    "arrests": ("Strategic developments", "Arrests"),
    "security_measure": ("Strategic developments", "Other"),
    "deployment": ("Strategic developments", "Other"),
    "diplomacy": ("Strategic developments", "Other"),
    "announcement": ("Strategic developments", "Other"),
}
#: ACLED time_precision: 1 = the day is known, 2 = within a week, 3 = within a month or less precise.
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "range": 3, "month": 3, "unknown": 3}
#: ACLED geo_precision by our place kind: 1 = town, 2 = part of a region, 3 = region or country.
GEO_PRECISION = {"city": 1, "facility": 1, "region": 3, "country": 3}

#: How precisely a date is known (clean/dates.py sets it; the codebook's "Dates" explains each).
PRECISIONS = ("day", "week", "range", "month", "unknown")
#: Figure qualifiers and the words that show them (clean/numbers.py parses them; "Numbers" in the codebook).
QUALIFIER_TEXT = {
    "exact": "",
    "almost": "almost",
    "approximately": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "up to",
    "less_than": "fewer than",
    "vague": "",
    "range": "between",
}
QUALIFIER_VALUES = (*QUALIFIER_TEXT,)
