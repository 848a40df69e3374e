"""The words of the pages.

- `vocabulary`: the one reader vocabulary: column headers, code words, the missing-value mark, dates,
  plurals, table cells (`readable`, `cell`, `header`); imports only helpers.data;
- `sentences`: every sentence, caption and note a page prints, computed from a view's rows.

Imports: helpers.analysis, helpers.data and the foundation.
"""

__all__ = ["sentences", "vocabulary"]
