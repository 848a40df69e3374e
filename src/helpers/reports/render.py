"""HTML rendering with nbconvert: a lean offline template, code hidden by default, a header and a footer."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from helpers import paths

__all__ = [
    "PACKAGES",
    "PAPER",
    "css",
    "versions",
    "TOC_MIN_SECTIONS",
    "add_toc",
    "has_sources",
    "PARAM_LOOKUPS",
    "PARAM_CODES",
    "parameter_value",
    "parameter_rows",
    "report_html",
    "page_h1",
    "shipped_links",
    "CODEBOOK_ANCHORS",
    "codebook_body",
    "codebook_html",
    "QUESTIONS",
    "index_html",
    "mark_stale",
]

PACKAGES = ("pandas", "matplotlib", "seaborn", "pandera", "papermill", "nbconvert")


#: Paper sizes a printed page may take: A4 by default; KZ_PAPER=letter for US Letter.
PAPER = {"a4": "A4", "letter": "letter"}


def css() -> str:
    """The project stylesheet; printed pages are A4 unless KZ_PAPER=letter."""
    import os

    paper = PAPER.get(os.environ.get("KZ_PAPER", "a4").strip().lower(), "A4")
    return _stylesheet().replace("size: A4;", f"size: {paper};")


@cache
def _stylesheet() -> str:
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


#: A page with more than this many sections gets a table of contents.
TOC_MIN_SECTIONS = 4
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment (tags and nbconvert's ¶ anchor links removed)."""
    fragment = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def add_toc(body: str) -> str:
    """Insert a table of contents before the first section when a page has more than three sections."""
    heads = _H2.findall(body)
    if len(heads) < TOC_MIN_SECTIONS:
        return body
    items = "".join(f'<li><a href="#{html.escape(i, quote=True)}">{html.escape(_text(t))}</a></li>' for i, t in heads)
    nav = f'<nav class="toc" aria-label="Contents"><p class="toc-title">Contents</p><ol>{items}</ol></nav>'
    first = _H2.search(body)
    assert first is not None
    return body[: first.start()] + nav + body[first.start() :]


def has_sources(nb: Any) -> bool:
    """True when the executed notebook printed a Sources section (plots.sources_section)."""
    for c in nb.cells:
        for out in c.get("outputs", []):
            if 'class="sources-section"' in str(out.get("data", {}).get("text/html", "")):
                return True
    return False


# ------------------------------------------------------------------ parameters in words
#: Parameters whose values are ids of rows in a processed table: (table, id column, name column).
PARAM_LOOKUPS = {
    "place": ("places", "place_id", "name"),
    "source_id": ("sources", "source_id", "title"),
}
#: Parameters whose values are vocabulary codes, spelled as words like the cells of their column.
PARAM_CODES = {"metric", "metrics", "event_types"}


def _names(table: str, id_col: str, name_col: str) -> dict[str, str]:
    """Id → name from a processed table (empty when the data are not there, so a page still renders)."""
    return _names_in(str(paths.PROCESSED), table, id_col, name_col)


@cache
def _names_in(folder: str, table: str, id_col: str, name_col: str) -> dict[str, str]:
    try:
        from helpers.data.tables import load

        frame = getattr(load(folder), table)
    except (OSError, ValueError, KeyError, AttributeError):  # no or unreadable data: show the ids
        return {}
    return {str(i): str(n) for i, n in zip(frame[id_col], frame[name_col], strict=True) if str(n)}


def parameter_value(name: str, value: Any) -> str:
    """A parameter's value as words: a place's name, a list as "protest, riot, clash", a date as 7 January 2022."""
    from helpers.text import vocabulary as page

    if isinstance(value, list | tuple | set):
        parts = [parameter_value(name, v) for v in value if not page.is_missing(v) and str(v) != ""]
        return ", ".join(parts) if parts else "all"
    if page.is_missing(value) or str(value) == "":
        return "all"
    text = str(value)
    if name in PARAM_LOOKUPS:
        return _names(*PARAM_LOOKUPS[name]).get(text, text)
    if name in PARAM_CODES:
        return page.code_words(text)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return page.date_words(text)
    return text


def parameter_rows(parameters: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(label, value in words) for each parameter, in the catalogue's order."""

    # Parameter names as a reader reads them: the column header of the same name (text.vocabulary), or its
    # PARAMETER_HEADERS entry for parameters that are no column. Imported here: the vocabulary needs pandas,
    # which the build process itself never imports (the forks have it).
    from helpers.text import vocabulary

    labels = vocabulary.PARAMETER_HEADERS
    return [(vocabulary.header(k, labels), parameter_value(k, v)) for k, v in (parameters or {}).items()]


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
        "parameter_rows": parameter_rows(meta["parameters"]),
        "has_sources": has_sources(nb),
    }
    body, _ = _exporter(show_code).from_notebook_node(nb, resources={"kz": kz})
    return add_toc(shipped_links(page_h1(body, meta.get("title") or "")))


_H1 = re.compile(r"<h1([^>]*)>(.*?)</h1>", re.S)


def page_h1(body: str, title: str) -> str:
    """The page's own title as its one h1 ("Counts: people killed"), in place of the notebook's numbered
    heading ("3. Counts with their uncertainty"), which a swept or parameterised page would otherwise keep."""
    if not title:
        return body
    from html import escape

    m = _H1.search(body)
    if m is None:  # a notebook with no heading still gets the page's title as its h1
        return f'<h1 class="report-title">{escape(title)}</h1>\n' + body
    attrs = re.sub(r'\sclass="[^"]*"', "", m.group(1))
    return body[: m.start()] + f'<h1{attrs} class="report-title">{escape(title)}</h1>' + body[m.end() :]


#: A notebook links to a built page as Lab sees it from notebooks/ (`../reports/html/codebook.html#numbers`,
#: opened through Lab's /files/ path); on a page, that page ships next to it (`codebook.html#numbers`).
_FROM_NOTEBOOKS = re.compile(r'(href=")\.\./reports/html/(?=[^"/]+")')


def shipped_links(body: str) -> str:
    """Links from a notebook to ../reports/html/<page> made links to the shipped page next to this one."""
    return _FROM_NOTEBOOKS.sub(r"\1", body)


# ------------------------------------------------------------------ the codebook page
#: Anchors that notebooks link to (codebook.html#<anchor>), each found by the first pattern that matches
#: a heading, else a paragraph, so that headings can be reworded without breaking the links.
CODEBOOK_ANCHORS: dict[str, tuple[str, ...]] = {
    "numbers": (r"^numbers\b", r"\bnumbers?\b", r"\bfigures\b"),
    "dates": (r"^dates\b", r"\bdates?\b"),
    "event-types": (r"event[ _-]?types?", r"vocabular"),
    "updates": (r"\bupdat", r"later report", r"processed tables"),
    "claims-that-disagree": (r"claims that disagree", r"disagree"),
}
_BLOCK = re.compile(r"<(h[1-6]|p)>(.*?)</\1>", re.S)
#: A raw HTML anchor in the Markdown (`<a id="updates"></a>`, kept for GitHub's view of the file). The page
#: escapes raw HTML, so such an anchor becomes a real, empty anchor instead of visible text.
_RAW_ANCHOR = re.compile(r"""<a\s+(?:id|name)\s*=\s*["']([^"'<>]+)["']\s*>\s*</a>""", re.I)
#: Where a raw anchor stood, while the Markdown is rendered (private-use characters no pattern matches).
_MARK = "\ue000{}\ue001"
_MARKED = re.compile(r"(?:<p>)?\ue000(\d+)\ue001(?:</p>)?")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def codebook_body(markdown: str) -> str:
    """docs/codebook.md as HTML: every heading gets an id, and the anchors notebooks link to always exist."""
    import mistune

    raw_ids: list[str] = []

    def mark(m: re.Match[str]) -> str:
        raw_ids.append(m.group(1))
        return _MARK.format(len(raw_ids) - 1)

    markdown = _RAW_ANCHOR.sub(mark, markdown)
    body = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])(markdown)
    blocks = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _BLOCK.finditer(body)]
    ids: dict[int, str] = {}
    used: set[str] = set()
    for anchor, patterns in CODEBOOK_ANCHORS.items():
        found = None
        for kind in ("h", "p"):
            for pattern in patterns:
                for k, (_s, _e, tag, inner) in enumerate(blocks):
                    if tag.startswith(kind) and k not in ids and re.search(pattern, _text(inner), re.I):
                        found = k
                        break
                if found is not None:
                    break
            if found is not None:
                break
        if found is not None:
            ids[found] = anchor
            used.add(anchor)
    for k, (_s, _e, tag, inner) in enumerate(blocks):
        if tag.startswith("h") and k not in ids:
            slug, n = _slug(_text(inner)), 2
            base = slug
            while slug in used or slug in CODEBOOK_ANCHORS:
                slug, n = f"{base}-{n}", n + 1
            ids[k] = slug
            used.add(slug)
    out, pos = [], 0
    for k, (start, end, tag, inner) in enumerate(blocks):
        if k in ids:
            out.append(body[pos:start] + f'<{tag} id="{ids[k]}">{inner}</{tag}>')
            pos = end
    out.append(body[pos:])
    missing = [a for a in CODEBOOK_ANCHORS if a not in used]
    lead = "".join(f'<span id="{a}"></span>' for a in missing)
    used.update(missing)

    def anchor(m: re.Match[str]) -> str:
        """A raw anchor whose id a heading already carries is dropped; any other becomes an empty span."""
        name = raw_ids[int(m.group(1))]
        if name in used:
            return ""
        used.add(name)
        return f'<span id="{html.escape(name, quote=True)}"></span>'

    # a code block wider than the page scrolls sideways: make it reachable by keyboard (WCAG 2.1.1, axe's
    # scrollable-region-focusable)
    return _MARKED.sub(anchor, lead + "".join(out)).replace("<pre>", '<pre tabindex="0">')


def codebook_html(markdown_path: Path, meta: dict[str, Any], template: str = "codebook.html.j2") -> str:
    """The codebook (or, with template methodology.html.j2, the reader's methodology page) as an offline
    page with the reports' stylesheet."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.TEMPLATES)), autoescape=True)
    body = codebook_body(markdown_path.read_text(encoding="utf-8"))
    return env.get_template(template).render(css=css(), body=body, **meta)


#: The front page groups pages by the question they answer (a notebook not listed keeps its own title).
QUESTIONS = {
    "01-overview.ipynb": "What is the situation, in short?",
    "02-timeline.ipynb": "What happened, and when?",
    "03-counts.ipynb": "How many people were detained, killed or injured, and who says so?",
    "04-place-profile.ipynb": "What happened in each place?",
    "05-deployment-measures.ipynb": "Which forces were sent, and which measures are in force?",
    "06-statements.ipynb": "Who said what?",
    "07-data-quality.ipynb": "How far can the data be trusted?",
}


def index_html(entries: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The front page: what the collection covers, the key numbers (the overview's finding box), the pages
    grouped by the question they answer, and the build status in a colophon (failed pages flagged)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.TEMPLATES)), autoescape=True)
    groups: dict[str, list[dict[str, Any]]] = {}
    rich = []
    for e in entries:
        e = {**e, "parameter_rows": parameter_rows(e.get("parameters"))}
        e["question"] = QUESTIONS.get(e["notebook"], e.get("notebook_title", e["notebook"]))
        groups.setdefault(e["notebook"], []).append(e)
        rich.append(e)
    entries = rich
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
