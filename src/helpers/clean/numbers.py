"""Hedged numbers as reported ("almost 4,000", "over 60", "dozens") become intervals.

Every rule lives here and in docs/codebook.md ("Numbers"). An interval is (low, best, high); None means
unbounded (high) or not given (best). Conventions:
- exact "26": 26, 26, 26.
- almost/nearly N: the true value is a little under N: low = N - 10% of N (rounded up), best = N, high = N.
- about/around/approximately N: N - 10%, N, N + 10% (10% rounded up).
- at least N: N, N, open.  more than/over N: N + 1, none, open.
- up to N: 0, none, N.  fewer than/under N: 0, none, N - 1.
- vague words follow ACLED's convention for reported fatalities (a floor, no best, open top):
  "dozens" 12, "several" 3, "a few" 3, "hundreds" 100, "thousands" 1,000.
- a hedge such as "may be higher" makes the upper bound open (the figure becomes a lower bound).

Text words a figure as its report words it: the report's own qualifier word ("over 60" stays "over 60",
"Almost 4,000" reads "almost 4,000"), and a figure whose upper bound a hedge opened adds "(may be higher)"
("26 (may be higher)", never "at least 26", which the report did not say). Vague words add their floor:
"dozens (at least 12)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.data.vocab import QUALIFIER_TEXT, QUALIFIER_VALUES  # noqa: F401  (the codes schemas enforce)
from helpers.errors import ParseError

MARGIN_PERCENT = 10
#: The largest count accepted: Kazakhstan's population in 2022 (about 19 million), rounded up. A count
#: above it is a typing error; it also keeps every bound well inside int64 (docs/codebook.md, "Numbers").
MAX_COUNT = 20_000_000


def _margin(n: int) -> int:
    """MARGIN_PERCENT of n, rounded up, in integer arithmetic."""
    return -(-n * MARGIN_PERCENT // 100)


QUALIFIERS: dict[str, str] = {
    "almost": "almost",
    "nearly": "almost",
    "just under": "almost",
    "close to": "almost",
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "at least": "at_least",
    "no fewer than": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "up to": "at_most",
    "as many as": "at_most",
    "fewer than": "less_than",
    "less than": "less_than",
    "under": "less_than",
}

#: Hedge words per language (the language code of sources.csv): phrase as written, lower case → qualifier.
#: Parsing `value_text` and checking it against its quote both read this table, so Russian or Kazakh
#: is added as data (one more entry), not as code. English is the only language coded so far.
HEDGE_WORDS: dict[str, dict[str, str]] = {"en": QUALIFIERS}


def hedge_words(language: str | None) -> dict[str, str]:
    """The hedge-word table of a source language (English when the language has none yet)."""
    return HEDGE_WORDS.get((language or "en").strip().lower(), HEDGE_WORDS["en"])


def hedges_before(token: str, quote: str, language: str | None = "en") -> list[str]:
    """For each place the number `token` stands in `quote`: the hedge phrase right before it, or "".

    "Almost 4,000 people" → ["almost"]; "26 have been killed" → [""]. Case, white space and typographic
    quote marks are ignored, as in the provenance checks; the phrase must end where the number begins.
    """
    table = hedge_words(language)
    text = " ".join(str(quote).casefold().split())
    tok = " ".join(str(token).casefold().split())
    out = []
    for m in re.finditer(r"(?<![\w,])" + re.escape(tok) + r"(?![\w]|,\d)", text):
        before = text[: m.start()].rstrip()
        found = next(
            (p for p in sorted(table, key=len, reverse=True) if re.search(r"(?<!\w)" + re.escape(p) + r"$", before)),
            "",
        )
        out.append(found)
    return out


def qualifier_problem(iv: Interval, quote: str, language: str | None, hedge: str = "", reason: str = "") -> str | None:
    """Why the qualifier of a parsed figure disagrees with its quote, or None (docs/codebook.md, "Numbers").

    A hedged figure ("over 4,000") needs its own hedge word right before the number in the quote; an
    exact figure must have an occurrence of its number with no hedge word before it, unless the row's
    `hedge` names that word or `exact_reason` says why the hedge word does not qualify this figure.
    """
    if iv.qualifier == "vague":
        return None
    found = hedges_before(iv.token, quote, language)
    if not found:
        return None  # the number itself is missing: reported by its own check
    if iv.qualifier != "exact":
        word = " ".join(iv.word.lower().split())
        if word in found:
            return None
        says = " or ".join(sorted({f"'{h} {iv.token}'" if h else f"'{iv.token}' with no hedge word" for h in found}))
        return f"qualifier '{word}' does not stand before '{iv.token}' in the evidence quote, which says {says}"
    hedge = " ".join(str(hedge or "").lower().split())
    if "" in found or reason.strip() or hedge in found:
        return None
    word = found[0]
    return (
        f"exact figure, but the evidence quote says '{word} {iv.token}': write '{word} {iv.token}' in value_text, "
        "or say why that word does not qualify this figure in exact_reason"
    )


#: ACLED's convention for vague quantities (floor values).
VAGUE: dict[str, int] = {
    "a few": 3,
    "several": 3,
    "dozens": 12,
    "dozens of": 12,
    "scores": 40,
    "hundreds": 100,
    "thousands": 1000,
}

#: Hedges that open the upper bound.
OPEN_UPPER_HEDGES = ("may be higher", "could be higher", "likely higher", "at least")

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}


_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Interval:
    """A reported number as an interval, with the qualifier that produced it."""

    qualifier: str
    number: int | None
    low: int | None
    best: int | None
    high: int | None
    token: str
    #: the qualifier as the report writes it, lower-cased ("over", "almost"); "" for exact and vague
    word: str = ""

    @property
    def open_upper(self) -> bool:
        """True when nothing bounds the figure from above."""
        return self.high is None


def parse_count(text: str) -> tuple[int, str]:
    """Parse "4,000", "26", "seven", "twenty-six", "two hundred" into (value, token as written)."""
    n, token = _parse_count(text)
    if n > MAX_COUNT:
        raise ParseError(f"implausible count: above the maximum of {MAX_COUNT:,} (documented in the codebook)")
    return n, token


def _parse_count(text: str) -> tuple[int, str]:
    raw = " ".join(text.strip().split())
    if not raw:
        raise ParseError("a number is required")
    if len(raw) > 100:  # never hand int() or float() thousands of digits
        raise ParseError(f"implausible count: longer than 100 characters (the maximum is {MAX_COUNT:,})")
    if _DIGITS.match(raw):
        return int(raw.replace(",", "")), raw
    words = raw.lower().replace("-", " ").split()
    if re.search(r"\d", raw):
        m = re.match(r"^(\d+(?:\.\d+)?)\s+(thousand|million)$", raw.lower())
        if m:
            return int(round(float(m.group(1)) * SCALES[m.group(2)])), raw
        raise ParseError("malformed number: use digits with comma thousands (4,000) or words (seven)")
    total, current = 0, 0
    for w in words:
        if w == "and":
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            raise ParseError(f"malformed number: '{w}' is not a number word")
    return total + current, raw


def parse_value(value_text: str, hedge: str = "") -> Interval:
    """Turn a number as written plus an optional hedge into an Interval (rules in the module doc)."""
    text = " ".join(str(value_text).strip().split())
    low_text = text.lower()
    if not text:
        raise ParseError("a value is required")
    if low_text in VAGUE:
        hedge_opens_upper(hedge)  # vague figures are open already; still reject unknown hedges
        return Interval("vague", None, VAGUE[low_text], None, None, text)
    qualifier, rest, word = "exact", text, ""
    for phrase in sorted(QUALIFIERS, key=len, reverse=True):
        if low_text.startswith(phrase + " "):
            qualifier, rest, word = QUALIFIERS[phrase], text[len(phrase) + 1 :], phrase
            break
    n, token = parse_count(rest)
    low: int | None
    best: int | None
    high: int | None
    match qualifier:
        case "exact":
            low, best, high = n, n, n
        case "almost":
            low, best, high = n - _margin(n), n, n
        case "approximately":
            low, best, high = n - _margin(n), n, n + _margin(n)
        case "at_least":
            low, best, high = n, n, None
        case "more_than":
            low, best, high = n + 1, None, None
        case "at_most":
            low, best, high = 0, None, n
        case "less_than":
            if n < 1:
                raise ParseError("'fewer than' needs a number of at least 1")
            low, best, high = 0, None, n - 1
        case _:  # pragma: no cover - QUALIFIERS only maps to the cases above
            raise ParseError(f"unknown qualifier {qualifier}")
    if hedge_opens_upper(hedge):
        high = None
    return Interval(qualifier, n, low, best, high, token, word)


def hedge_opens_upper(hedge: str) -> bool:
    """True when a hedge such as "may be higher" turns the figure into a lower bound."""
    h = " ".join(str(hedge or "").lower().split())
    if not h:
        return False
    if h not in OPEN_UPPER_HEDGES:
        raise ParseError(f"unknown hedge; use one of: {', '.join(OPEN_UPPER_HEDGES)}", column="hedge")
    return True


def display(qualifier: str, number: int | None, low: int | None, high: int | None, token: str, word: str = "") -> str:
    """How text states a figure, in its report's words: "26 (may be higher)", "over 60", "dozens (at least 12)".

    word is the qualifier as the report writes it ("over", "almost"); without it the qualifier's usual
    word is used ("more than", "almost"). A figure whose own qualifier leaves the top open ("at least",
    "over") needs no "(may be higher)"; any other figure with an open top got it from a hedge, and says so.
    """
    if qualifier == "vague":
        return f"{token.lower()} (at least {low:,})"
    shown = f"{number:,}" if token[:1].isdigit() and number is not None else token.lower()
    opened_by_hedge = high is None and qualifier not in ("at_least", "more_than")
    suffix = " (may be higher)" if opened_by_hedge else ""
    if qualifier == "exact":
        return f"{shown}{suffix}"
    words = " ".join(word.lower().split()) or QUALIFIER_TEXT[qualifier]
    return f"{words} {shown}{suffix}"
