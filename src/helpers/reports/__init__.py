"""The report build: catalogue, parameters, build, cache, engine, render, PDF, templates.

Imports: every stage above it (page, analysis, data) and the foundation; nothing imports it but cli.
"""
