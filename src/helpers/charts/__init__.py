"""One module per kind of chart; each returns a Chart value (figure, sentence, data, caption, alt).

Imports: helpers.text, helpers.analysis, helpers.data and the foundation.
"""
