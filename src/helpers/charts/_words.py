"""The reader vocabulary the charts use, imported in one place (from helpers.text, the one vocabulary)."""

from __future__ import annotations

from helpers.text.vocabulary import cell, date_words, header, is_missing, plain_number, short_day

__all__ = ["cell", "date_words", "header", "is_missing", "plain_number", "short_day"]
