"""Our page through Jupyter's own tools: an nbconvert exporter, and the codebook page that Lab links open.

The exporter is registered under nbconvert's entry points (`nbconvert.exporters`, name `kz`; see
pyproject.toml), so that

    jupyter nbconvert --to kz --execute notebooks/01-overview.ipynb --output-dir reports/html

writes the page the build writes (`helpers.reports.render.report_html`): self-contained, without scripts,
code or prompts, with the report header, the table of contents and the reproducibility footer. JupyterLab
lists it under File > Save and Export Notebook As > "Kazakhstan crisis page".

`python -m helpers.reports.jupyter codebook` renders docs/codebook.md to reports/html/codebook.html when that
page is missing or older than its source: `make lab` runs it, so that a notebook's codebook links
(`../reports/html/codebook.html#numbers`) open in Lab before any build.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import default

from helpers import paths

__all__ = ["KzPageExporter", "git_refresh_after_save", "page_meta", "write_codebook"]


def _catalogue_entry(notebook: str) -> tuple[str, str] | None:
    """(name, title) of the catalogue's report that runs `notebook` with its own defaults, if there is one."""
    try:
        import yaml

        entries = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8")).get("reports") or []
    except (OSError, ValueError, AttributeError, ImportError):
        return None
    for e in entries:
        if isinstance(e, dict) and e.get("notebook") == notebook and not e.get("parameters") and not e.get("sweep"):
            return str(e.get("name", "")), str(e.get("title", ""))
    return None


def page_meta(nb: Any, notebook: str) -> dict[str, Any]:
    """What the page header and footer show, as the build gives it: the catalogue's name and title when the
    catalogue runs this notebook with its defaults, else the file name and the notebook's title."""
    from helpers.reports.build import data_hash, git_commit

    entry = _catalogue_entry(notebook)
    stem = Path(notebook).stem
    title = nb.metadata.get("title") or stem
    name, title = entry if entry else (stem, title)
    return {
        "name": name,
        "title": title,
        "notebook": notebook,
        "parameters": {},
        "commit": git_commit(),
        "data_hash": data_hash()[:12],
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "has_codebook": (paths.DOCS / "codebook.md").is_file(),
        "has_methodology": (paths.DOCS / "methodology.md").is_file(),
        "kernel": "",
    }


class KzPageExporter(Exporter):
    """nbconvert exporter `kz`: the report page of helpers.reports.render, for one notebook."""

    export_from_notebook = "Kazakhstan crisis page"
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any) -> tuple[str, dict]:
        """Run nbconvert's preprocessors (with --execute, the notebook runs here), then render our page."""
        from helpers.reports.render import report_html

        nb_copy, resources = super().from_notebook_node(copy.deepcopy(nb), resources, **kw)
        path = Path((resources.get("metadata") or {}).get("path") or ".")
        name = (resources.get("metadata") or {}).get("name") or "notebook"
        try:
            notebook = str((path / f"{name}.ipynb").resolve().relative_to(paths.NOTEBOOKS.resolve()))
        except ValueError:
            notebook = f"{name}.ipynb"
        resources["output_extension"] = ".html"
        return report_html(nb_copy, page_meta(nb_copy, notebook)), resources


def write_codebook(force: bool = False) -> Path | None:
    """reports/html/codebook.html from docs/codebook.md (and methodology.html from docs/methodology.md, the
    page every report page's header links to), when missing or older (None without docs/codebook.md)."""
    from helpers.files import write_atomic
    from helpers.reports.build import git_commit
    from helpers.reports.render import codebook_html

    for name in ("methodology", "codebook"):
        source, target = paths.DOCS / f"{name}.md", paths.HTML / f"{name}.html"
        if not source.is_file():
            continue
        if force or not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
            built = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, codebook_html(source, {"commit": git_commit(), "built": built}, f"{name}.html.j2"))
    codebook = paths.HTML / "codebook.html"
    return codebook if (paths.DOCS / "codebook.md").is_file() else None


def git_refresh_after_save(model: Any = None, os_path: str = "", contents_manager: Any = None) -> None:
    """Lab's post-save hook (`make lab` passes --FileContentsManager.post_save_hook): after a notebook is saved,
    if git sees no change in it (its nbstripout-cleaned text is what the index holds), refresh its index entry,
    so that `git status` does not list it. Git lists a saved notebook as modified otherwise: its size on disk
    (outputs kept) differs from the one recorded, and git trusts a size difference without reading the file.
    A notebook that does differ is left alone (nothing is staged); any failure is ignored (saving matters more)."""
    path = Path(os_path)
    if path.suffix != ".ipynb":
        return
    try:
        git = ["git", "-C", str(path.parent)]
        tracked = subprocess.run([*git, "ls-files", "--error-unmatch", "--", path.name], capture_output=True)
        if tracked.returncode != 0:
            return
        same = subprocess.run([*git, "diff", "--quiet", "--", path.name], capture_output=True)
        if same.returncode == 0:  # the cleaned file is what the index holds: `git add` only refreshes its stat
            subprocess.run([*git, "add", "--", path.name], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return


def main(argv: list[str] | None = None) -> int:
    """`python -m helpers.reports.jupyter codebook`: the codebook page for Lab's links."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["codebook"]:
        print("usage: python -m helpers.reports.jupyter codebook", file=sys.stderr)
        return 2
    target = write_codebook()
    if target is not None:
        print(f"==> codebook page for Lab's links: {paths.rel(target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
