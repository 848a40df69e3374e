"""Very large tables make no very large pages (issue 22, point 9): above MAX_EMBED_BYTES a download is a file
beside the page, linked relatively and named in words; below, it stays a data: link. MADE-UP tables only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import paths
from helpers.page import downloads


def made_up(rows: int) -> pd.DataFrame:
    """A MADE-UP table of about 45 bytes of CSV per row."""
    return pd.DataFrame(
        {
            "figure_id": [f"MADE-UP-F{i:06d}" for i in range(rows)],
            "place": ["Nowhere (MADE UP)"] * rows,
            "low": range(rows),
        }
    )


BIG = 30_000  # about 1.2 MB of CSV
SMALL = 100


def test_a_small_download_stays_a_data_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(downloads.DOWNLOADS_ENV, str(tmp_path))
    monkeypatch.setenv(downloads.PAGE_ENV, "page")
    html = downloads.download_link(made_up(SMALL), "Counts", "table")
    assert 'href="data:text/csv;charset=utf-8;base64,' in html and "too large" not in html
    assert not list(tmp_path.iterdir())


def test_a_large_download_outside_the_build_stays_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    """JupyterLab or nbconvert: no page folder to write to, so the page keeps its one-file promise."""
    monkeypatch.delenv(downloads.DOWNLOADS_ENV, raising=False)
    html = downloads.download_link(made_up(BIG), "Counts", "table")
    assert len(html) > downloads.MAX_EMBED_BYTES and 'href="data:text/csv' in html


def test_a_large_download_in_the_build_is_a_file_beside_the_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(downloads.DOWNLOADS_ENV, str(tmp_path))
    monkeypatch.setenv(downloads.PAGE_ENV, "counts")
    frame = made_up(BIG)
    html = downloads.download_link(frame, "Counts by place", "table")
    assert len(html) < 2_000 and "data:" not in html
    (name,) = [p.name for p in tmp_path.iterdir()]
    assert re.fullmatch(r"counts-by-place-[0-9a-f]{10}\.csv", name)
    assert f'href="counts-files/{name}"' in html
    assert f"30,000 rows, CSV, {(tmp_path / name).stat().st_size / 1e6:.1f} MB" in html
    assert f"too large to embed in the page; it is saved beside this page as counts-files/{name}" in html
    assert "keep the folder counts-files with the page when you send it" in html
    text = (tmp_path / name).read_text(encoding="utf-8-sig")
    assert text == downloads.csv_frame(frame).to_csv(index=False, lineterminator="\n")
    assert (tmp_path / name).stat().st_size > downloads.MAX_EMBED_BYTES


NOTEBOOK = [
    nbformat.v4.new_markdown_cell("# MADE UP: a very large table\n\nA fixture for the download size limit."),
    nbformat.v4.new_code_cell("rows = 30000", metadata={"tags": ["parameters"]}),
    nbformat.v4.new_code_cell(
        "import pandas as pd\n\nfrom helpers import plots\n\nplots.theme()\n"
        "frame = pd.DataFrame({'figure_id': [f'MADE-UP-F{i:06d}' for i in range(rows)],\n"
        "                      'place': ['Nowhere (MADE UP)'] * rows, 'low': range(rows)})\n"
        "plots.table(frame, caption='MADE UP figures')"
    ),
]


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    env.pop(downloads.DOWNLOADS_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "helpers", "build", "-j", "1", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow  # a build (make test-all runs it)
def test_the_build_writes_the_file_beside_the_page_and_the_link_resolves(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=NOTEBOOK, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                            "display_name": "Python 3"}})  # fmt: skip
    nbformat.write(nb, root / "notebooks" / "big.ipynb")
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    (root / "pyproject.toml").write_text("")
    (root / "reports").mkdir()
    catalogue = root / "reports" / "reports.yml"
    entry = "reports:\n  - name: big\n    notebook: big.ipynb\n    title: MADE UP big table\n"
    catalogue.write_text(entry)
    run = build(root)
    assert run.returncode == 0, run.stdout + run.stderr
    html_dir = root / "reports" / "html"
    page = (html_dir / "big.html").read_text(encoding="utf-8")
    assert len(page.encode()) < downloads.MAX_EMBED_BYTES  # the page stays small
    (href,) = set(re.findall(r'href="(big-files/[^"]+\.csv)"', page))
    target = (html_dir / "big.html").parent / href  # the link, resolved from the HTML file
    assert target.is_file() and target.stat().st_size > downloads.MAX_EMBED_BYTES
    assert target.read_text(encoding="utf-8-sig").startswith("figure_id,place,low\nMADE-UP-F000000,")
    assert "keep the folder big-files with the page when you send it" in page
    assert not list(html_dir.glob(".*staging"))
    # a rebuild whose table is small again embeds it, and the build that made the folder removes it
    catalogue.write_text(entry + "    parameters:\n      rows: 100\n")
    run = build(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert 'href="data:text/csv' in (html_dir / "big.html").read_text(encoding="utf-8")
    assert not (html_dir / "big-files").exists()
    # a report that leaves the catalogue takes its folder with it
    catalogue.write_text(entry)
    assert build(root).returncode == 0 and (html_dir / "big-files").is_dir()
    catalogue.write_text(entry.replace("name: big", "name: other"))
    assert build(root).returncode == 0
    assert not (html_dir / "big.html").exists() and not (html_dir / "big-files").exists()
