"""Provenance checks: every evidence quote occurs in its source; every number occurs in its quote."""

from __future__ import annotations

import functools
import re
import unicodedata

from helpers.clean import numbers
from helpers.data.quotes import ELLIPSIS, spans  # noqa: F401  (provenance.spans: the one split)

__all__ = [
    "MIN_QUOTE_WORDS",
    "MAX_SPAN_GAP",
    "normalise",
    "loose",
    "missing_spans",
    "near_miss",
    "order_problem",
    "length_problem",
    "token_in",
]

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})


#: Fewest words (split on white space, all spans together) an evidence quote may have: "26" alone cannot
#: carry a claim; "26 have been killed" can (docs/codebook.md, "Quotes are verbatim").
MIN_QUOTE_WORDS = 3
#: Most characters of source text between two spans joined by an ellipsis (about two sentences).
MAX_SPAN_GAP = 300


def normalise(text: str) -> str:
    """Text for matching: typographic quotes as ASCII, whitespace folded, none beside quote marks.

    Nothing else is folded: case, digits, ligatures and compatibility forms must be as in the source
    ("WHILE 26", a fullwidth "２６" or "ﬁgures" are not verbatim)."""
    t = str(text).translate(_QUOTES)
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\s*([\"'])\s*", r"\1", t)
    t = re.sub(r"\s+([.,;:!?])", r"\1", t)
    return t.strip()


def loose(text: str) -> str:
    """normalise() plus NFKC and case folding: only to say how a near miss differs, never to accept it."""
    return normalise(unicodedata.normalize("NFKC", str(text))).casefold()


def missing_spans(evidence: str, source_text: str) -> list[str]:
    """The spans of `evidence` that do not occur in the source text (empty list when all do)."""
    haystack = _normalised_source(source_text)
    return [s for s in spans(evidence) if normalise(s) not in haystack]


def near_miss(span: str, source_text: str) -> bool:
    """True when a span that is not verbatim would match once case and character forms are folded."""
    return loose(span) in _loose_source(source_text)


@functools.lru_cache(maxsize=32)
def _loose_source(source_text: str) -> str:
    return loose(source_text)


def order_problem(evidence: str, source_text: str) -> str | None:
    """Why the spans of a joined quote ("a … b") do not read as one passage, or None.

    Each span must come after the one before it in the source, at most MAX_SPAN_GAP characters later
    (counted in the source with white space folded). Spans that are missing are reported elsewhere.
    """
    parts = spans(evidence)
    if len(parts) < 2:
        return None
    haystack = _normalised_source(source_text)
    needles = [normalise(p) for p in parts]
    if any(n not in haystack for n in needles):
        return None
    end = None
    for i, needle in enumerate(needles):
        if end is None:
            starts = [m.start() for m in re.finditer(re.escape(needle), haystack)]
            end = starts[0] + len(needle) if starts else 0
            continue
        pos = haystack.find(needle, end)
        if pos < 0:
            return f"span {i + 1} comes before span {i} in the source: spans joined with '…' must keep text order"
        if pos - end > MAX_SPAN_GAP:
            return (
                f"span {i + 1} begins {pos - end:,} characters after span {i} ends; spans joined with '…' must lie "
                f"within {MAX_SPAN_GAP} characters of each other"
            )
        end = pos + len(needle)
    return None


def length_problem(evidence: str) -> str | None:
    """Why an evidence quote is too short to carry a claim, or None."""
    words = sum(len(p.split()) for p in spans(evidence))
    if words < MIN_QUOTE_WORDS:
        return (
            f"quote too short to carry a claim: {words} word(s), at least {MIN_QUOTE_WORDS} "
            "(the number or name with its noun and verb)"
        )
    return None


@functools.lru_cache(maxsize=32)
def _normalised_source(source_text: str) -> str:
    """normalise() of a source text, once per text: clean checks thousands of quotes against a few sources."""
    return normalise(source_text)


def token_in(token: str, evidence: str) -> bool:
    """True when a number token as written ("4,000", "seven", "dozens") occurs in the quote (any case).

    Digits match whatever thousands separator the quote uses: "9 900" covers 9,900 (numbers.token_regex)."""
    pattern = r"(?<![\w,])" + numbers.token_regex(normalise(token).casefold()) + r"(?![\w]|,\d)"
    return re.search(pattern, normalise(evidence).casefold()) is not None
