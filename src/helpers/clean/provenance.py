"""Provenance checks: every evidence quote occurs in its source; every number occurs in its quote."""

from __future__ import annotations

import functools
import re
import unicodedata

from helpers.clean import numbers
from helpers.data.quotes import ELLIPSIS, spans  # noqa: F401  (provenance.spans: the one split)

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})


def normalise(text: str) -> str:
    """Text for matching: NFKC, typographic quotes as ASCII, whitespace folded, none beside quote marks."""
    t = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\s*([\"'])\s*", r"\1", t)
    t = re.sub(r"\s+([.,;:!?])", r"\1", t)
    return t.strip().casefold()


def missing_spans(evidence: str, source_text: str) -> list[str]:
    """The spans of `evidence` that do not occur in the source text (empty list when all do)."""
    haystack = _normalised_source(source_text)
    return [s for s in spans(evidence) if normalise(s) not in haystack]


@functools.lru_cache(maxsize=32)
def _normalised_source(source_text: str) -> str:
    """normalise() of a source text, once per text: clean checks thousands of quotes against a few sources."""
    return normalise(source_text)


def token_in(token: str, evidence: str) -> bool:
    """True when a number token as written ("4,000", "seven", "dozens") occurs in the quote.

    Digits match whatever thousands separator the quote uses: "9 900" covers 9,900 (numbers.token_regex)."""
    pattern = r"(?<![\w,])" + numbers.token_regex(normalise(token)) + r"(?![\w]|,\d)"
    return re.search(pattern, normalise(evidence)) is not None
