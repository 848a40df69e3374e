"""Pages an editor would publish (issue 19): the page's own title as its h1, paper size, the reader's
methodology page. Made-up HTML fragments only."""

from __future__ import annotations

import pytest

from helpers import paths
from helpers.reports import render


def test_the_page_title_replaces_the_notebooks_numbered_heading() -> None:
    body = (
        '<h1 id="3.-Counts">3. Counts with their uncertainty<a class="anchor-link" href="#3.-Counts">¶</a></h1>'
        "<h1>x</h1>"
    )
    out = render.page_h1(body, "Counts: people killed & <more>")
    assert out.startswith('<h1 id="3.-Counts" class="report-title">Counts: people killed &amp; &lt;more&gt;</h1>')
    assert out.endswith("<h1>x</h1>")  # only the first heading
    assert render.page_h1(body, "") == body
    assert render.page_h1("<p>no heading</p>", "T").startswith('<h1 class="report-title">T</h1>')


@pytest.mark.parametrize(("paper", "size"), [(None, "size: A4;"), ("letter", "size: letter;"), ("A4", "size: A4;")])
def test_pages_print_on_a4_unless_asked_for_letter(monkeypatch: pytest.MonkeyPatch, paper, size) -> None:
    if paper is None:
        monkeypatch.delenv("KZ_PAPER", raising=False)
    else:
        monkeypatch.setenv("KZ_PAPER", paper)
    assert size in render.css()


def test_the_methodology_page_is_short_links_the_codebook_and_every_page_links_it() -> None:
    text = (paths.DOCS / "methodology.md").read_text(encoding="utf-8")
    assert len(text.split()) < 600  # one screen or two, not a manual
    assert "codebook.html#numbers" in text and "codebook.html#claims-that-disagree" in text
    page = render.codebook_html(paths.DOCS / "methodology.md", {"commit": "c", "built": "b"}, "methodology.html.j2")
    assert "How to read these pages" in page and 'href="codebook.html#numbers"' in page
    template = (paths.TEMPLATES / "kz" / "index.html.j2").read_text(encoding="utf-8")
    assert 'href="methodology.html"' in template and "the notebook's defaults" not in template


def test_the_front_page_quotes_the_overviews_finding_box(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.reports import build

    monkeypatch.setattr(paths, "HTML", tmp_path)
    (tmp_path / "overview.html").write_text(
        '<p>x</p><aside aria-label="In short" class="finding" style="x"><p style="m">As of 7 January 2022, '
        '<span lang="ru">более 100</span> (more than 100) <sup><a href="#s">1</a></sup>.</p></aside>',
        encoding="utf-8",
    )
    text = build._key_numbers()
    assert text.startswith("As of 7 January 2022") and '<span lang="ru">более 100</span>' in text
    assert "<sup" not in text and "<a" not in text


def test_a_slow_git_status_keeps_the_commit_in_the_colophon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first `git status` of a fresh clone can take seconds: the footer keeps the commit it knows."""
    import subprocess

    from helpers.reports import build as build_module

    def run(cmd, **kwargs):  # noqa: ANN001, ANN003, ANN202 - stands in for subprocess.run
        if cmd[1] == "status":
            raise subprocess.TimeoutExpired(cmd, kwargs.get("timeout"))
        return subprocess.CompletedProcess(cmd, 0, stdout="0123456789ab\n", stderr="")

    monkeypatch.setattr(build_module.subprocess, "run", run)
    assert build_module.git_commit() == "0123456789ab-unverified"


def test_an_exact_number_that_may_be_higher_counts_as_hedged(made_up_processed) -> None:  # noqa: ANN001
    """'26 … the real figures may be higher' is a floor: the quality page does not call it an exact count."""
    import dataclasses

    import helpers
    from helpers import views

    t = helpers.load(made_up_processed)
    exact = t.figures.index[t.figures["qualifier"] == "exact"]
    assert len(exact), "the made-up reports have an exact figure"
    before = views.quality(t).set_index("qualifier")["figures"]
    flagged = t.figures.copy()
    flagged.loc[exact[:1], "open_upper"] = True
    after = views.quality(dataclasses.replace(t, figures=flagged)).set_index("qualifier")
    assert int(after["figures"].get("exact", 0)) == before["exact"] - 1
    assert after.loc["exact_may_be_higher", ["figures", "hedged"]].tolist() == [1, "hedged"]
    assert after.loc["exact_may_be_higher", "wording"] == "a number the report says may be higher"
