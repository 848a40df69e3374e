"""What a reader sees is what was coded (issue 22, points 4 and 23): no hidden format characters in cells,
data text isolated on pages, a Content-Security-Policy on every page, and PDFs printed without scripts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hardening_support import assert_error, errors_for, made_up_raw, set_cell

from helpers import paths
from helpers.clean import run as clean
from helpers.reports import screenshots

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


CELLS = [("figures", "TEST-F1", "notes"), ("sources", "TEST-S1", "title")]


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c", "\u200b", "\U000e0041"])
@pytest.mark.parametrize(("table", "row_id", "column"), CELLS)
def test_a_format_character_in_a_coded_cell_is_an_error(
    tmp_path: Path, char: str, table: str, row_id: str, column: str
) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, table, row_id, column, f"Police detained {char}0021\u202c people")
    assert_error(errors_for(raw), f"{table}.csv", line, column, f"invisible format character U+{ord(char):04X}")


def test_documented_harmless_format_characters_pass(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "figures", "TEST-F1", "notes", "MADE UP: soft\u00adhyphen, zero\u200cwidth non-joiner, joiner\u200d")
    clean.build(raw)


def _templates() -> list[Path]:
    return sorted(p for p in paths.TEMPLATES.rglob("*.html.j2") if "<head>" in p.read_text(encoding="utf-8"))


def test_every_page_template_carries_the_content_security_policy() -> None:
    templates = _templates()
    assert len(templates) >= 3
    for template in templates:
        text = template.read_text(encoding="utf-8")
        m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert m, template
        assert m.group(1).startswith(CSP), template
        assert text.index("Content-Security-Policy") < text.index("<style>"), template


def test_a_rendered_report_has_the_policy_and_isolates_data_text() -> None:
    import nbformat

    from helpers.reports import render

    meta = {
        "name": "x",
        "title": "MADE-UP page",
        "notebook": "x.ipynb",
        "parameters": {},
        "built": "now",
        "commit": "abc",
        "data_hash": "def",
        "kernel": "",
        "has_codebook": False,
    }
    html = render.report_html(nbformat.v4.new_notebook(), meta)
    assert f'content="{CSP}' in html
    assert re.search(r"td, th, li, q, blockquote[^{]*\{ unicode-bidi: isolate; \}", html)


def test_a_pdf_is_printed_with_scripts_disabled(tmp_path: Path) -> None:
    if screenshots.chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page = tmp_path / "page.html"  # no CSP here: the printer itself must not run the script
    page.write_text(
        "<!DOCTYPE html><html><body><p id='t'>MADE UP static text</p>"
        "<script>document.getElementById('t').textContent = 'SCRIPT RAN';</script></body></html>",
        encoding="utf-8",
    )
    pdf = tmp_path / "page.pdf"
    screenshots.print_pdf(page, pdf)
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "MADE UP static text" in text and "SCRIPT RAN" not in text
