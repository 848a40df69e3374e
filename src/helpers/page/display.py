"""The one place that touches IPython display: an HTML fragment goes to the notebook's output.

Example::

    show_html('<p class="note">Three counts.</p>')
"""

from __future__ import annotations

from IPython.display import HTML, display

__all__ = ["show_html"]


def show_html(fragment: str) -> None:
    """Display an HTML fragment in the notebook."""
    display(HTML(fragment))
