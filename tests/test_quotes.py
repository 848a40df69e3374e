"""Joined quotes: clean and the Sources section split an evidence cell with the same rule (helpers.data.quotes)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("evidence", "shown"),
    [
        ("a [...] b", "<q>a</q> [...] <q>b</q>"),
        ("one … two", "<q>one</q> … <q>two</q>"),
        ("one ... two", "<q>one</q> ... <q>two</q>"),
        ("… lead", "<q>… lead</q>"),
    ],
)
def test_clean_and_the_page_split_a_joined_quote_the_same_way(evidence: str, shown: str) -> None:
    """One splitter: what clean checks as separate spans, the Sources section shows as separate quotes."""
    from helpers.clean import provenance
    from helpers.page.cite import _fragments

    assert _fragments(evidence) == shown
    quoted = [piece.removeprefix("<q>").removesuffix("</q>") for piece in shown.split(" ") if piece.startswith("<q>")]
    if len(quoted) > 1:
        assert provenance.spans(evidence) == quoted
