"""The shared reports, as a person opens them: from disk, offline, in Debian's Chromium via Playwright.

Also accessibility (axe-core loaded from disk into the page) and HTML validity (Nu HTML Checker).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import paths
from helpers.reports.screenshots import chromium_path, launch

#: One worker builds the site and runs every test on it (--dist loadgroup): without the group, each xdist
#: worker that drew a test from this module would build the whole catalogue again.
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("site")]
NODE = Path(__file__).parent / "browser" / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
#: The fixture page that exercises the whole page API (citations, tables, every chart, the map, Sources).
CITED_ENTRY = """  - name: cited
    notebook: cited.ipynb
    title: "Fixture: the whole page API"
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report in the real catalogue, built in a throwaway copy of the project."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    shutil.copy(FIXTURE_NOTEBOOKS / "cited.ipynb", root / "notebooks" / "cited.ipynb")
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    (root / "docs").mkdir()
    shutil.copy(paths.DOCS / "codebook.md", root / "docs" / "codebook.md")
    (root / "reports").mkdir()
    catalogue = paths.CATALOGUE.read_text(encoding="utf-8")
    (root / "reports" / "reports.yml").write_text(catalogue.rstrip() + "\n" + CITED_ENTRY, encoding="utf-8")
    (root / "pyproject.toml").write_text("")
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    run = subprocess.run([sys.executable, "-m", "helpers", "build", "-j", "2"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return root / "reports" / "html"


@pytest.fixture(scope="module")
def browser():
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


def open_offline(browser, page_path: Path, bypass_csp: bool = False):
    """Open a file with every request other than the file itself blocked; collect requests and console errors.

    bypass_csp lets a test inject its own script (axe-core), which the pages' Content-Security-Policy forbids;
    every other check keeps the policy on, so a violation shows as a console error.
    """
    page = browser.new_page(viewport={"width": 1200, "height": 900}, bypass_csp=bypass_csp)
    outside: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url == page_path.as_uri():
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    return page, outside, errors


def test_every_page_loads_offline_with_images_and_no_errors(site: Path, browser) -> None:
    shots = paths.SCREENSHOTS
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 20
    for page_path in pages:
        page, outside, errors = open_offline(browser, page_path)
        assert outside == [], f"{page_path.name} requested {outside}"
        assert errors == [], f"{page_path.name} console errors: {errors}"
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
        assert all(w > 0 for w in widths), f"{page_path.name}: an image did not load"
        page.screenshot(path=str(shots / f"{page_path.stem}.png"), full_page=True)
        page.close()


def test_every_link_on_the_index_resolves(site: Path, browser) -> None:
    page, _, _ = open_offline(browser, site / "index.html")
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    assert len(hrefs) >= 20
    for href in hrefs:
        url = urlparse(href)
        assert url.scheme == "file", href
        assert Path(unquote(url.path)).is_file(), href
        if url.fragment:
            target = browser.new_page()
            target.goto(href)
            assert target.locator(f"[id='{url.fragment}']").count() == 1, href
            target.close()
    page.close()


def test_structure_is_accessible(site: Path, browser) -> None:
    for page_path in sorted(site.glob("*.html")):
        page, _, _ = open_offline(browser, page_path)
        assert page.get_attribute("html", "lang") == "en"
        assert page.title().strip()
        alts = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.getAttribute('alt') || '')")
        assert all(a.strip() and "No description" not in a for a in alts), page_path.name
        levels = page.eval_on_selector_all("h1,h2,h3,h4,h5,h6", "hs => hs.map(h => +h.tagName[1])")
        assert levels and levels[0] == 1, page_path.name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"{page_path.name}: {levels}"
        no_headers = page.eval_on_selector_all("table", "ts => ts.filter(t => !t.querySelector('th')).length")
        assert no_headers == 0, page_path.name
        page.close()


def test_axe_finds_no_serious_or_critical_violations(site: Path, browser) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/browser); make test installs it where npm exists")
    found = {}
    for page_path in sorted(site.glob("*.html")):
        page, _, _ = open_offline(browser, page_path, bypass_csp=True)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[page_path.name] = bad
        page.close()
    assert found == {}


def test_pages_are_valid_html(site: Path) -> None:
    java = shutil.which("java")
    if not VNU.is_file() or java is None:
        pytest.skip("vnu-jar (npm ci --prefix tests/browser) or Java is not installed")
    pages = [str(p) for p in sorted(site.glob("*.html"))]
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages], capture_output=True, text=True
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(unquote(urlparse(m.get('url', '')).path)).name}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []


# ------------------------------------------------------------------ citations, contents, downloads, print
def evidence_by_row_id() -> dict[str, str]:
    """Every coded row's evidence, from the processed tables the site was built from."""
    import helpers

    t = helpers.load(paths.PROCESSED)
    out = {}
    for table in (t.sources, t.figures, t.events, t.measures, t.deployments, t.statements, t.places):
        ids = [c for c in table.columns if c.endswith("_id") and c != "source_id"]
        id_col = "source_id" if table is t.sources else ids[0]
        out.update(zip(table[id_col].astype(str), table["evidence"].fillna("").astype(str), strict=True))
    return out


def check_citations(page, name: str, evidence: dict[str, str]) -> int:
    """Every footnote link resolves to one Sources entry whose text holds that row's evidence."""
    links = page.eval_on_selector_all(
        "a.cite",
        """as => as.map(a => {
            const id = decodeURIComponent(a.hash.slice(1));
            const target = document.getElementById(id);
            const inSources = !!(target && target.closest('.sources-section'));
            return {id, text: target ? target.textContent : null, inSources};
        })""",
    )
    for link in links:
        assert link["text"] is not None, f"{name}: #{link['id']} has no entry"
        assert link["inSources"], f"{name}: #{link['id']} is not in the Sources section"
        # ids are src-<page prefix>-<row id>; in the build the prefix is the report's name (helpers.page.cite)
        row_id = link["id"].removeprefix("src-").removeprefix(name.removesuffix(".html") + "-")
        assert evidence[row_id] in link["text"], f"{name}: entry {row_id} lacks its evidence"
    return len(links)


def test_every_footnote_link_resolves_to_its_quote(site: Path, browser) -> None:
    evidence = evidence_by_row_id()
    page, _, _ = open_offline(browser, site / "cited.html")
    assert check_citations(page, "cited.html", evidence) >= 50
    assert page.locator(".sources-section details").count() == 0  # open, not collapsed
    assert page.locator("footer.repro a[href='#sources']").count() == 1  # the promise, now kept
    page.close()
    for page_path in sorted(site.glob("*.html")):  # every report page that prints a Sources section
        page, _, _ = open_offline(browser, page_path)
        if page.locator(".sources-section").count():
            check_citations(page, page_path.name, evidence)
        else:
            assert page.locator("footer.repro a[href='#sources']").count() == 0, page_path.name
        page.close()


def test_long_pages_have_contents_and_every_table_and_figure_its_data(site: Path, browser) -> None:
    page, _, _ = open_offline(browser, site / "cited.html")
    toc = page.eval_on_selector_all("nav.toc a", "as => as.map(a => a.hash.slice(1))")
    heads = page.eval_on_selector_all("main h2[id]", "hs => hs.map(h => h.id)")
    assert toc == heads and len(toc) > 3 and toc[-1] == "sources"
    blocks = page.eval_on_selector_all(
        "figure.chart, div.table-wrap",
        """bs => bs.map(b => {
            const next = b.tagName === 'FIGURE'
                ? b.querySelector('.download a') : b.nextElementSibling.querySelector('a');
            return next ? next.getAttribute('href').slice(0, 30) : null;
        })""",
    )
    assert blocks and all(h == "data:text/csv;charset=utf-8;ba" for h in blocks), blocks
    page.close()


def test_print_layout_expands_sources_and_drops_navigation(site: Path, browser) -> None:
    page, _, _ = open_offline(browser, site / "cited.html")
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible()
    assert not page.locator(".download").first.is_visible()
    assert page.locator(".sources-section li").last.is_visible()
    # only the chart image is kept whole; its caption may run on (no half-blank page before a tall chart)
    assert page.eval_on_selector("figure.chart img", "f => getComputedStyle(f).breakInside") == "avoid"
    assert page.eval_on_selector("figure.chart", "f => getComputedStyle(f).breakInside") == "auto"
    # the breadcrumb is navigation and is not printed; the title and the parameters are
    assert not page.locator(".kicker").is_visible()
    assert page.locator(".report-title").is_visible()
    page.close()


def test_codebook_page_has_the_anchors_pages_link_to(site: Path, browser) -> None:
    page, outside, _ = open_offline(browser, site / "codebook.html")
    assert outside == []
    for anchor in ("numbers", "dates", "event-types", "updates"):
        assert page.locator(f"[id='{anchor}']").count() == 1, anchor
    # raw anchors in the Markdown are real anchors, never text on the page; a link to one still lands on it
    assert "<a id=" not in page.inner_text("body")
    page.locator("a[href='#updates']").first.click()
    assert page.evaluate("location.hash") == "#updates"
    page.close()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"The data cover \d+ reports? dated \d{1,2} \w+ \d{4}", index)
