"""HTML rendering with nbconvert: a lean offline template, code hidden by default, a header and a footer."""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from helpers import paths

PACKAGES = ("pandas", "matplotlib", "seaborn", "pandera", "papermill", "nbconvert")


@cache
def css() -> str:
    """The project stylesheet."""
    return (paths.TEMPLATES / "kz" / "style.css").read_text(encoding="utf-8")


@cache
def versions() -> dict[str, str]:
    """Python and key package versions for the footer."""
    import platform

    out = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


@cache
def _exporter(show_code: bool):  # noqa: ANN202 - nbconvert type
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="kz", extra_template_basedirs=[str(paths.TEMPLATES)])
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    return exporter


def report_html(nb: Any, meta: dict[str, Any], show_code: bool = False) -> str:
    """Render an executed notebook to one self-contained HTML page."""
    style = css()
    if show_code:
        from pygments.formatters import HtmlFormatter

        style += "\n" + HtmlFormatter(style="default").get_style_defs(".highlight")
    kz = {
        **meta,
        "css": style,
        "versions": versions(),
        "parameters_json": json.dumps(meta["parameters"], sort_keys=True),
    }
    body, _ = _exporter(show_code).from_notebook_node(nb, resources={"kz": kz})
    return body


def index_html(entries: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The index page: every report grouped by notebook, with status, build time and link."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.TEMPLATES)), autoescape=True)
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        groups.setdefault(e["notebook"], []).append(e)
    return env.get_template("index.html.j2").render(
        css=css(),
        groups=list(groups.items()),
        entries=entries,
        n_ok=sum(e["status"] == "ok" for e in entries),
        n_failed=sum(e["status"] == "failed" for e in entries),
        **meta,
    )


#: The template marks with these where a failed report's kept page gets its banner.
STALE_START, STALE_END = "<!--kz:stale-->", "<!--/kz:stale-->"
_STALE_STYLE = "border: 2px solid #b42318; background: #fff1f0; padding: 0.5rem 0.75rem; margin: 0 0 1rem"


def mark_stale(page: str, last_good: str, failed_since: str, error: str) -> str:
    """A kept page with a banner at its top: out of date, since when, and why (replaces an older banner)."""
    from html import escape

    banner = (
        f'{STALE_START}<div class="stale" role="alert" style="{_STALE_STYLE}"><p><strong>Out of date.</strong> '
        f"This page is the last good build{f', from {escape(last_good)}' if last_good else ''}. "
        f"Rebuilding it has failed since {escape(failed_since)}: <code>{escape(error)}</code>. "
        "The numbers below may no longer match the data; the index lists every report's status.</p></div>"
        f"{STALE_END}"
    )
    start, end = page.find(STALE_START), page.find(STALE_END)
    if start >= 0 and end > start:
        return page[:start] + banner + page[end + len(STALE_END) :]
    for anchor in ("<main>", "<body>"):
        at = page.find(anchor)
        if at >= 0:
            at += len(anchor)
            return page[:at] + banner + page[at:]
    return banner + page
