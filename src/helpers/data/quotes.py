"""Evidence cells hold one or more verbatim spans joined by an ellipsis: the one rule that splits them.

clean checks each span against the source; pages show each span as its own quotation. Both split here,
so a quote that passes clean is shown as clean read it ("a [...] b" is two spans, not "a [" and "] b").
"""

from __future__ import annotations

import re

__all__ = ["ELLIPSIS", "separated", "spans"]

#: Separates several verbatim spans in one evidence cell ("first span … second span", also "..." and "[...]").
ELLIPSIS = re.compile(r"\s*(?:…|\[\.\.\.\]|\.\.\.)\s*")


def spans(evidence: str) -> list[str]:
    """The verbatim spans of an evidence cell, split on an ellipsis."""
    return [s for s in ELLIPSIS.split(str(evidence).strip()) if s.strip()]


def separated(evidence: str) -> list[tuple[str, bool]]:
    """The evidence as (text, is_span) pieces in order: spans and the separators between them, verbatim.

    A cell whose separators leave an empty span ("… a", "a …") is one span: it is shown as typed."""
    text = str(evidence)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in ELLIPSIS.finditer(text):
        pieces += [(text[last : m.start()], True), (m.group(0), False)]
        last = m.end()
    pieces.append((text[last:], True))
    if len(pieces) == 1 or not all(p.strip() for p, is_span in pieces if is_span):
        return [(text, True)]
    return pieces
