"""The reader vocabulary the charts use, imported in one place.

The vocabulary lives in ``helpers.page.core`` until it moves to ``helpers.text`` (issue 16, point 3); then
only this import changes. Charts never import anything else from ``helpers.page``.
"""

from __future__ import annotations

from helpers.page.core import cell, date_words, header, is_missing, plain_number

__all__ = ["cell", "date_words", "header", "is_missing", "plain_number"]
