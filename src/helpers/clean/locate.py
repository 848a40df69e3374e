"""Find a typed fragment in a source text the way provenance checks match quotes, and map it back.

`provenance.normalise` folds typographic quotes, whitespace and case before comparing a quote with its
source. Here the same folding keeps, for every folded character, the offset of the source character it
came from, so that a match in the folded text is a span of the source text as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from helpers.clean.provenance import _QUOTES

__all__ = [
    "Folded",
    "fold",
    "Match",
    "find_all",
    "sentences",
    "expand_to_sentences",
    "one_line",
    "context",
    "line_of",
]

_PUNCT = set(".,;:!?")
_QUOTE_CHARS = {'"', "'"}
#: A sentence ends at . ! or ? (and a closing quote), followed by white space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s*[\"'”’»](?=\s|$))?\s+|\n+")


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with the source offset of every folded character."""

    text: str
    offsets: Sequence[int]


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One source character folded (NFKC, ASCII quotes, casefold), white space as a single ' '."""
    return "".join(" " if c.isspace() else c for c in unicodedata.normalize("NFKC", ch).translate(_QUOTES).casefold())


def fold(text: str) -> Folded:
    """Fold like provenance.normalise (NFKC, ASCII quotes, whitespace, casefold), keeping offsets.

    Linear in the text, in two flat arrays (no object per character): a 1 MB source folds in well
    under a second.
    """
    chars: list[str] = []
    where = array("q")
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(c)
            where.append(i)
    kept: list[str] = []
    offsets = array("q")
    last = len(chars) - 1
    for k, c in enumerate(chars):
        if c == " ":
            prev = kept[-1] if kept else ""
            nxt = chars[k + 1] if k < last else ""
            if not prev or not nxt or prev in _QUOTE_CHARS or nxt in _QUOTE_CHARS or nxt in _PUNCT:
                continue
        kept.append(c)
        offsets.append(where[k])
    return Folded("".join(kept), offsets)


@dataclass(frozen=True)
class Match:
    """One occurrence of a fragment: source offsets [start, end) and the span as written."""

    start: int
    end: int
    span: str


def find_all(fragment: str, text: str, folded: Folded | None = None) -> list[Match]:
    """Every occurrence of `fragment` in `text`, ignoring quote style, white space and case."""
    needle = fold(fragment).text
    if not needle:
        return []
    hay = folded or fold(text)
    out = []
    pos = hay.text.find(needle)
    while pos >= 0:
        start, end = hay.offsets[pos], hay.offsets[pos + len(needle) - 1] + 1
        out.append(Match(start, end, text[start:end]))
        pos = hay.text.find(needle, pos + 1)
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of a text, in order (headings glued to a sentence stay with it)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group() and text[m.end() : m.end() + 1].islower():
            continue  # "около 2 тыс. человек", "approx. 40": an abbreviation, not a sentence end
        end = m.start() + len(m.group().rstrip())
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def expand_to_sentences(match: Match, text: str) -> Match:
    """The match widened to the whole sentence(s) it lies in."""
    spans = sentences(text)
    start = max((s for s, e in spans if s <= match.start), default=0)
    end = min((e for s, e in spans if e >= match.end), default=len(text))
    return Match(start, end, text[start:end])


def one_line(span: str) -> str:
    """A span with its white space folded to single spaces (still matches: matching folds white space)."""
    return " ".join(span.split())


def context(match: Match, text: str, width: int = 40) -> str:
    """The match in its surroundings, marked with » «, on one line."""
    before = text[max(0, match.start - width) : match.start]
    after = text[match.end : match.end + width]
    return one_line(f"…{before}»{match.span}«{after}…")


def line_of(offset: int, text: str) -> int:
    """The 1-based line number of an offset."""
    return text.count("\n", 0, offset) + 1
