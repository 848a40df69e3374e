"""The shared reports, as a person opens them: from disk, offline, in Debian's Chromium via Playwright.

Also accessibility (axe-core loaded from disk into the page) and HTML validity (Nu HTML Checker).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import paths
from helpers.screenshots import chromium_path, launch

pytestmark = [pytest.mark.slow, pytest.mark.browser]
NODE = Path(__file__).parent / "browser" / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report in the real catalogue, built in a throwaway copy of the project."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    (root / "reports").mkdir()
    shutil.copy(paths.CATALOGUE, root / "reports" / "reports.yml")
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


def open_offline(browser, page_path: Path):
    """Open a file with every request other than the file itself blocked; collect requests and console errors."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
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
        page, _, _ = open_offline(browser, page_path)
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
