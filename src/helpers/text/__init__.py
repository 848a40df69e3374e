"""The one reader vocabulary (headers, code words, missing marks, dates, plurals) and the sentence builders.

Imports: helpers.analysis, helpers.data and the foundation.
"""
