"""The coding commands (new-source, quote, add, coverage): checked, append-only edits of data/raw.

Imports: helpers.clean, helpers.data and the foundation.
"""

__all__ = ["alias", "commands", "coverage"]
