"""What notebooks call: theme, note, table, show, cite, sources, parameter checks.

- ``plots``: the notebook API (theme, note, table, show, intervals, sources_section; the charts re-exported);
- ``cite``: the citation registry, footnote links with per-page ids, the Sources section;
- ``tables``: reader-grade HTML tables; ``downloads``: the CSV behind a table or figure;
- ``display``: the only code that touches IPython display;
- ``core``: plain values (escaping, id columns), the vocabulary's names as page code has used them
  (``LABELS`` is ``helpers.text.vocabulary.HEADERS``), and the moved names by their old address;
- ``params``: notebook parameter checks.

Imports: helpers.charts, helpers.text, helpers.analysis, helpers.data and the foundation.
"""

__all__ = ["cite", "core", "display", "downloads", "params", "plots", "tables"]
