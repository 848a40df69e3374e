"""Views of the processed tables "as of" a date: figures, measures, deployments, statements, timeline, places, quality.

Imports: helpers.data and the foundation.
"""
