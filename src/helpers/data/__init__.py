"""What every stage reads: table schemas, controlled vocabularies, and load() of the processed tables.

- ``schemas``: table definitions (pandera, datapackage.json); ``vocab``: codes and ACLED mappings;
- ``words``: the code words and date styles the views fill cells with (helpers.text.vocabulary re-exports them);
- ``quotes``: the one ellipsis rule that splits an evidence cell into spans;
- ``csvtext``: the processed CSV format both ways; ``tables``: ``helpers.load()``.

Imports: only helpers.paths and helpers.errors.
"""

__all__ = ["csvtext", "quotes", "schemas", "tables", "vocab", "words"]
