"""Raw -> processed: CSV readers, number and date parsing, provenance, per-table transforms, links, coverage, exports.

Imports: helpers.data and the foundation (paths, errors).
"""
