"""The command line (python -m helpers ...): a thin layer over clean, coding and reports.

Imports: anything; nothing imports it.
"""

__all__ = ["main"]
