"""What every stage reads: table schemas, controlled vocabularies, and load() of the processed tables.

Imports: only helpers.paths and helpers.errors.
"""
