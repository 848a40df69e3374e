"""Code words and date styles: the part of the reader vocabulary that the views need to fill a cell.

The views (helpers.analysis) may import only helpers.data, and some of their columns are words ('7 Jan
2022', 'in force', 'the Interior Ministry'): the words they use are defined here, once, and
helpers.text.vocabulary (the reader vocabulary every table, sentence, chart and parameter uses)
re-exports them with the column headers and the cell rules.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "ARTICLE_ACTOR_KINDS",
    "GENERIC_ACTOR_KINDS",
    "GENERIC_FIRST_WORDS",
    "MISSING",
    "QUALIFIER_WORDS",
    "WORDS",
    "actor_words",
    "day",
    "days_words",
    "is_blank",
    "short_day",
    "span_words",
    "word",
]


#: The mark of a missing value in a table cell.
MISSING = "—"


#: Vocabulary codes spelled as words (any other code has its underscores replaced by spaces).
WORDS: dict[str, str] = {
    "state_of_emergency": "state of emergency",
    "counter_terrorist_operation": "anti-terrorist operation",  # the report's word (its quotes say it)
    "lethal_force_authorisation": "lethal-force order",
    "terror_threat_level": "terror threat level",
    "to_be_lifted": "to be lifted",
    "in_force": "in force",
    "security_measure": "security measure",
    "violence": "violence reported (kind not stated)",
    "approximately": "about",  # qualifiers read as the quality page and the figures' wording read them
    "at_most": "up to",
    "less_than": "fewer than",
    "headline": "heading",  # a headline or a section heading (codebook: context); never the article's title only
    "more_than": "more than",
    "at_least": "at least",
    "indirect": "paraphrase",
    "direct": "direct quote",
    "acled_events": "ACLED events",
    "participants": "people at rallies",  # the crowd-size metric: "People at rallies in Aktobe: around 1,000"
}


def is_blank(v: object) -> bool:
    """True for a missing value (None, NaN, NA, NaT) and for the empty string."""
    return v is None or (not isinstance(v, (list, tuple, dict)) and bool(pd.isna(v))) or v == ""


def word(code: object) -> str:
    """A vocabulary code as words ('to_be_lifted' → 'to be lifted')."""
    if is_blank(code):
        return MISSING
    return WORDS.get(str(code), str(code).replace("_", " "))


def day(d: object, year: bool = True) -> str:
    """A date as '7 January 2022' (or '7 January'), the one style of every sentence; missing → 'not given'."""
    if is_blank(d):
        return "not given"
    ts = pd.Timestamp(d)
    return f"{ts.day} {ts:%B %Y}" if year else f"{ts.day} {ts:%B}"


def short_day(d: object, year: bool = True) -> str:
    """A date as '7 Jan 2022' (or '7 Jan'), the style of table cells; missing → '—'."""
    if is_blank(d):
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
    ds = sorted({pd.Timestamp(d) for d in dates if not is_blank(d)})
    if not ds:
        return "not given"
    if len({(d.year, d.month) for d in ds}) == 1:
        nums = [str(d.day) for d in ds]
        head = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + " and " + nums[-1]
        return f"{head} {ds[0]:%B %Y}"
    full = [day(d) for d in ds]
    return full[0] if len(full) == 1 else ", ".join(full[:-1]) + " and " + full[-1]


#: Actor kinds whose canonical names are common nouns ('Media reports', 'Officials'), lower-cased mid-sentence.
GENERIC_ACTOR_KINDS = {"outlet", "group", "government", "security_forces"}
#: Common nouns a generic actor's name may start with ('Media reports', 'Police', 'Several countries'); a
#: name starting with any other word ('Almaty city police') starts with a proper noun and keeps its capital.
GENERIC_FIRST_WORDS = {
    "activists", "authorities", "city", "demonstrators", "doctors", "eyewitnesses", "hospital", "hospitals",
    "law", "local", "media", "medics", "military", "officials", "opposition", "police", "protesters",
    "regional", "rescuers", "residents", "security", "several", "some", "sources", "state", "witnesses",
}  # fmt: skip


#: Actor kinds whose proper names take "the" mid-sentence ('according to the Interior Ministry of Kazakhstan',
#: 'the Almaty health department'); persons, countries and outlets named like TASS take none.
ARTICLE_ACTOR_KINDS = {"ministry", "local_authority", "organisation", "government", "security_forces"}


def actor_words(name: object, kind: object = None) -> str:
    """An actor's name as written mid-sentence, after 'according to': a generic name of a generic kind in
    lower case ('media reports'), a body's proper name with 'the' ('the Interior Ministry of Kazakhstan',
    "the Prosecutor General's Office"), a person, country or named outlet unchanged ('TASS')."""
    if is_blank(name):
        return "not attributed"
    text = str(name)
    words = text.split()
    generic = (
        str(kind) in GENERIC_ACTOR_KINDS
        and words[0].lower() in GENERIC_FIRST_WORDS
        and not words[0].isupper()
        and all(w[:1].islower() or not w[:1].isalpha() for w in words[1:])
    )
    if generic:
        return text[:1].lower() + text[1:]
    possessive = words[0].endswith(("'s", "’s", "s'", "s’"))  # "Belarus's defence ministry"
    if str(kind) in ARTICLE_ACTOR_KINDS and words[0].lower() != "the" and not possessive:
        return f"the {text}"
    return text


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
    "range": "a range (between … and …)",
}
