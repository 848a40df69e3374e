"""What notebooks call: theme, note, table, show, cite, sources, parameter checks.

The only code that touches IPython display.

Imports: helpers.charts, helpers.text, helpers.analysis, helpers.data and the foundation.
"""
