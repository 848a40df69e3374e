"""JupyterLab as `make lab` runs it (the command line is taken from `make -n lab`): a headless server on
127.0.0.1, the notebooks listed over the REST API, the project kernel started by default, every cell of a
notebook run through it ("Run all"), no news feed or update check, then a clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from notebook_git import as_committed

from helpers import paths

pytestmark = pytest.mark.slow

#: What 03-counts says for `metric = "wounded"` (the metric vocabulary is the same in the made-up data).
WOUNDED = "unknown metric 'wounded'; valid values: detained, injured, killed, participants"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running `jupyter lab` and a tiny REST client for it."""

    def __init__(self, port: int, token: str):
        self.base, self.token = f"http://127.0.0.1:{port}", token

    def call(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None


def make_lab_command(*overrides: str, step: str = " -m jupyter lab ") -> list[str]:
    """A command line that `make lab` would run (dry run), as a list of arguments."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ARGS")}
    dry = subprocess.run(
        ["make", "-n", "lab", *overrides], cwd=paths.ROOT, capture_output=True, text=True, check=True, env=env
    ).stdout
    (line,) = [ln for ln in dry.splitlines() if step in ln]
    line = line.split(">/dev/null")[0].split("  #")[0]
    return shlex.split(line.removeprefix("umask 077;"))


def make_lab_umask() -> int | None:
    """The umask `make lab` starts the server under, if it sets one."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ARGS")}
    dry = subprocess.run(["make", "-n", "lab"], cwd=paths.ROOT, capture_output=True, text=True, check=True, env=env)
    (line,) = [ln for ln in dry.stdout.splitlines() if " -m jupyter lab " in ln]
    return int(line.split(";")[0].split()[1], 8) if line.startswith("umask ") else None


def test_make_lab_passes_allow_root_only_to_root() -> None:
    assert "--allow-root" in make_lab_command("LAB_USER_ID=0")
    assert "--allow-root" not in make_lab_command("LAB_USER_ID=1000")
    assert ("--allow-root" in make_lab_command()) == (os.geteuid() == 0)


@contextlib.contextmanager
def running_lab(runtime: Path, cwd: Path = paths.ROOT, env: dict[str, str] | None = None, extra: tuple[str, ...] = ()):
    """`make lab`'s server (its command line from `make -n lab`) on a free port, in cwd; a REST client for it."""
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(runtime / "runtime"),
        "JUPYTER_CONFIG_DIR": str(runtime / "config"),
        **(env or {}),
    }
    _, *install = make_lab_command(step=" -m ipykernel install ")  # the project's kernelspec, as make lab does
    subprocess.run([sys.executable, *install], check=True, capture_output=True)
    _, *make_args = make_lab_command()
    args = [sys.executable, *make_args, "--no-browser", f"--port={port}", f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0", *extra]  # fmt: skip
    mask = make_lab_umask()
    proc = subprocess.Popen(
        args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=None if mask is None else (lambda: os.umask(mask)),
    )  # fmt: skip
    client = Lab(port, token)
    deadline = time.monotonic() + 90
    while True:
        try:
            client.call("GET", "/api/status")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("jupyter lab did not start:\n" + (proc.stdout.read() if proc.stdout else ""))
            time.sleep(0.5)
    try:
        yield client
    finally:
        try:
            client.call("POST", "/api/shutdown")
        except OSError:
            pass
        try:
            assert proc.wait(timeout=30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()


@pytest.fixture
def lab(tmp_path):
    with running_lab(tmp_path) as client:
        yield client


async def run_all(base: str, token: str, kernel_id: str, cells: list[str]) -> list[dict]:
    """Execute each cell over the kernel websocket, in order; return the error messages seen."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
    conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    session, errors = uuid.uuid4().hex, []
    for code in cells:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "test", "session": session, "msg_type": "execute_request",
                  "version": "5.3", "date": datetime.now(UTC).isoformat()}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                   "stop_on_error": True}  # fmt: skip
        await conn.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                             "channel": "shell", "buffers": []}))  # fmt: skip
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout=120)
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                errors.append(msg["content"])
            if msg["msg_type"] == "execute_reply":
                if msg["content"]["status"] != "ok":
                    errors.append(msg["content"])
                break
    conn.close()
    return errors


def test_lab_lists_the_notebooks_and_runs_one_through_the_project_kernel(lab: Lab) -> None:
    listing = lab.call("GET", "/api/contents/notebooks")  # Lab serves the project folder, opened on notebooks/
    names = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
    assert names == sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
    specs = lab.call("GET", "/api/kernelspecs")
    assert specs["default"] == "python3"
    spec = specs["kernelspecs"]["python3"]["spec"]
    assert spec["display_name"] == "Python 3 (ipykernel)"  # what the committed notebooks carry (test_project)
    argv0 = spec["argv"][0]
    assert Path(argv0).resolve().parent == Path(sys.executable).resolve().parent  # the project's environment
    session = lab.call(
        "POST",
        "/api/sessions",
        {"path": "notebooks/01-overview.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
    )
    kernel_id = session["kernel"]["id"]
    nb = lab.call("GET", "/api/contents/notebooks/01-overview.ipynb")["content"]
    cells = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]
    cells.append("import helpers, sys; print(helpers.__file__, sys.executable)")
    errors = asyncio.run(run_all(lab.base, lab.token, kernel_id, cells))
    assert errors == []
    # a wrong parameter: IPython shows one line, no traceback (issue 20 point 5)
    errors = asyncio.run(run_all(lab.base, lab.token, kernel_id, ['params.check(t, metric="wounded")']))
    assert errors[0]["traceback"] == [f"ParameterError: {WOUNDED}"]
    lab.call("DELETE", f"/api/sessions/{session['id']}")
    assert lab.call("GET", "/api/kernels") == []


def test_lab_asks_no_news_feed_and_no_update_check(lab: Lab) -> None:
    assert lab.call("GET", "/lab/api/news") == {"news": []}
    assert lab.call("GET", "/lab/api/update") == {"notification": None}
    req = urllib.request.Request(lab.base + "/lab", headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        page = resp.read().decode()
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>\s*(\{.*?\})\s*</script>', page, re.S).group(1))
    assert config["news"] == {"disabled": True}
    # the Lab side (project settings, not the user's): no "official Jupyter news?" pop-up, no update check,
    # no extension manager, and the server's extension manager never asks the package index
    notification = lab.call("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]
    assert notification["properties"]["fetchNews"]["default"] == "false"
    assert notification["properties"]["checkForUpdates"]["default"] is False
    manager = lab.call("GET", "/lab/api/settings/@jupyterlab/extensionmanager-extension:plugin")["schema"]
    assert manager["properties"]["enabled"]["default"] is False
    assert config["extensionManager"]["name"] == "read-only" and config["extensionManager"]["can_install"] is False
    assert lab.call("GET", "/lab/api/extensions?query=pandas") == []


# ------------------------------------------------------------------ point 5: one line through papermill and the build
@pytest.fixture
def made_up(made_up_processed: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Kernels started by the test read the made-up fixture, not data/processed."""
    monkeypatch.setenv("KZ_PROCESSED_DIR", str(made_up_processed))
    return made_up_processed


def test_a_wrong_parameter_is_one_line_through_papermill_and_on_the_failed_reports_entry(
    made_up: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers.reports import build
    from helpers.reports.catalogue import Job

    line = f"ParameterError: {WOUNDED}"
    with pytest.raises(PapermillExecutionError) as exc:
        papermill.execute_notebook(str(paths.NOTEBOOKS / "03-counts.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={"metric": "wounded"}, kernel_name="python3",
                                   cwd=str(paths.NOTEBOOKS), progress_bar=False)  # fmt: skip
    assert exc.value.traceback == [line]  # what papermill logs and keeps, no stack
    assert str(exc.value).rstrip().splitlines()[-1] == line
    # the build (reports/ folders of a throwaway tree): the same line on the report's entry and the index
    for name in ("HTML", "EXECUTED", "CACHE"):
        monkeypatch.setattr(paths, name, tmp_path / name.lower())
        (tmp_path / name.lower()).mkdir()
    monkeypatch.setenv("KZ_ENGINE", "kernel")  # in this process: a fork of the build's server would not see the paths
    job = Job("counts-wounded", "03-counts.ipynb", "Counts: people wounded", {"metric": "wounded"})
    meta = {"built": "2022-01-08 00:00:00 UTC", "commit": "abc", "data_hash": "d" * 12}
    (result,) = build._run([(job, "k")], meta, False, 1)
    assert result["status"] == "failed" and result["error"] == line
    executed = nbformat.read(paths.EXECUTED / "counts-wounded.ipynb", as_version=4)
    shown = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert [o["traceback"] for o in shown] == [[line]]
    build._write_index([job], "d" * 64, meta)
    assert f"failed: {line}" in html.unescape((paths.HTML / "index.html").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ point 4: codebook links in Lab and on the pages
CODEBOOK_LINK = re.compile(r"\]\(([^)]*codebook\.html[^)]*)\)")


def test_notebooks_link_the_codebook_page_where_lab_finds_it_and_pages_ship_it() -> None:
    import nbformat

    from helpers.reports import render

    anchors = set(re.findall(r'id="([^"]+)"', render.codebook_body((paths.DOCS / "codebook.md").read_text())))
    links = []
    for nb_path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        for c in nbformat.read(nb_path, as_version=4).cells:
            if c.cell_type == "markdown":
                links += CODEBOOK_LINK.findall(c.source)
    assert links, "no notebook links the codebook"
    for link in links:  # from notebooks/, Lab's /files/ path reaches the page the build (and make lab) writes
        target, _, anchor = link.partition("#")
        assert target == "../reports/html/codebook.html", link
        assert (paths.NOTEBOOKS / target).resolve() == (paths.HTML / "codebook.html").resolve()
        assert anchor in anchors, link
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# T\n\nSee the [codebook](../reports/html/codebook.html#numbers), "
                "[home](https://example.org/reports/html/x.html)."
            )
        ],  # fmt: skip
        metadata={"title": "T"},
    )
    meta = {"name": "t", "title": "T", "notebook": "t.ipynb", "parameters": {}, "commit": "c", "data_hash": "d",
            "built": "b", "kernel": "", "has_codebook": True}  # fmt: skip
    page = render.report_html(nb, meta)
    assert 'href="codebook.html#numbers"' in page and "../reports/html" not in page
    assert 'href="https://example.org/reports/html/x.html"' in page  # other links are left alone


def test_make_lab_renders_the_codebook_page_when_missing_or_stale(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(paths.DOCS / "codebook.md", tmp_path / "docs" / "codebook.md")
    shutil.copy(paths.ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    _, *step = make_lab_command(step=" -m helpers.reports.jupyter codebook")
    env = {**os.environ, "KZ_PROJECT_ROOT": str(tmp_path)}
    subprocess.run([sys.executable, *step], env=env, check=True, capture_output=True, cwd=tmp_path)
    page = tmp_path / "reports" / "html" / "codebook.html"
    assert 'id="numbers"' in page.read_text(encoding="utf-8")
    os.utime(page, (1, 1))  # older than docs/codebook.md: rendered again
    subprocess.run([sys.executable, *step], env=env, check=True, capture_output=True, cwd=tmp_path)
    assert page.stat().st_mtime > 1
    stamp = page.stat().st_mtime_ns
    subprocess.run([sys.executable, *step], env=env, check=True, capture_output=True, cwd=tmp_path)
    assert page.stat().st_mtime_ns == stamp  # fresh: left alone


# ------------------------------------------------------------------ point 8: nbconvert gives our page
def _visible(page: str, start: str, end: str) -> str:
    """The visible text between two markers (tags and nbconvert's ¶ anchors removed, spaces collapsed)."""
    part = page[page.index(start) : page.index(end)]
    part = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", part, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def test_nbconvert_to_kz_writes_the_page_the_build_writes(made_up: Path, tmp_path: Path, monkeypatch) -> None:
    from helpers.reports import build
    from helpers.reports.catalogue import Job

    out = tmp_path / "nbconvert"
    run = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "kz", "--execute", "notebooks/01-overview.ipynb",
         "--output-dir", str(out)],
        cwd=paths.ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    page = (out / "01-overview.html").read_text(encoding="utf-8")
    for name in ("HTML", "EXECUTED", "CACHE"):
        monkeypatch.setattr(paths, name, tmp_path / name.lower())
        (tmp_path / name.lower()).mkdir()
    meta = {"built": "2022-01-08 00:00:00 UTC", "commit": "abc", "data_hash": "d" * 12, "has_codebook": True,
            "has_methodology": True}  # fmt: skip
    job = Job("overview", "01-overview.ipynb", "Overview of the crisis")
    assert build.execute(job, meta, False)["status"] == "ok"
    built = (paths.HTML / "overview.html").read_text(encoding="utf-8")
    # self-contained and script-free like the build's page, with no code, prompts or CDN
    for text in (page, built):
        assert "<script" not in text and "<link" not in text and "require.js" not in text
        assert "jp-InputArea" not in text and "In&nbsp;[" not in text and "In [" not in text
    # the same header, contents and body; the footer differs only in when and how it ran
    assert _visible(page, "<header", "<main>") == _visible(built, "<header", "<main>")
    assert "How to read these pages" in _visible(page, "<header", "<main>")  # the reader's methodology link
    assert 'class="toc"' in page
    assert _visible(page, "<main>", "<footer") == _visible(built, "<main>", "<footer")
    assert 'href="codebook.html#' in page and "../reports/html/" not in page
    footer = _visible(page, "<footer", "</html>")
    assert "notebooks/01-overview.ipynb" in footer and "python -m helpers build --only overview" in footer
    assert str(made_up) not in page


def test_the_kz_exporter_is_registered_with_nbconvert() -> None:
    from nbconvert.exporters import get_exporter

    from helpers.reports.jupyter import KzPageExporter

    assert get_exporter("kz") is KzPageExporter
    assert KzPageExporter().file_extension == ".html"
    assert KzPageExporter.export_from_notebook  # listed in Lab's "Save and Export Notebook As"


# ------------------------------------------------------------------ Chromium driving JupyterLab, as an analyst would
#: JavaScript: the widget of the current tab.
CURRENT = "window.jupyterapp.shell.currentWidget"


def _git(tree: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=tree, capture_output=True, text=True, env=env)


def _project_copy(root: Path) -> Path:
    """A git clone-like copy of what Lab needs (notebooks, settings, codebook source), set up by `make setup`."""
    import shutil

    tree = root / "project"
    for rel in (
        "Makefile",
        ".gitattributes",
        ".gitignore",
        "pyproject.toml",
        "docs/codebook.md",
        "reports/reports.yml",
    ):
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.ROOT / rel, tree / rel)
    shutil.copytree(paths.ROOT / ".jupyter", tree / ".jupyter")
    (tree / "notebooks").mkdir()
    (tree / "data").mkdir()
    for nb in paths.NOTEBOOKS.glob("*.ipynb"):  # as committed: a notebook run and saved here keeps its outputs
        (tree / "notebooks" / nb.name).write_text(as_committed(nb), encoding="utf-8")
    assert _git(tree, "init", "-q").returncode == 0
    _git(tree, "add", "-A")
    assert _git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start").returncode == 0
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    setup = subprocess.run(["make", "-s", "setup", f"ENV_PREFIX={sys.prefix}"], cwd=tree, env=env, capture_output=True)
    assert setup.returncode == 0, setup.stderr
    _, *codebook = make_lab_command(step=" -m helpers.reports.jupyter codebook")
    subprocess.run([sys.executable, *codebook], cwd=tree, env={**os.environ, "KZ_PROJECT_ROOT": str(tree)}, check=True)
    return tree


@pytest.fixture(scope="module")
def lab_page(tmp_path_factory: pytest.TempPathFactory, made_up_processed: Path):
    """JupyterLab as `make lab` starts it, on a copy of the project reading the made-up data, in Chromium:
    01-overview and 02-timeline opened and run ("Run All"), 02 the active tab."""
    from helpers.reports.screenshots import chromium_path, launch

    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("lab")
    tree = _project_copy(root)
    env = {"KZ_PROJECT_ROOT": str(tree), "KZ_PROCESSED_DIR": str(made_up_processed)}
    extra = ("--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={root / 'user-settings'}",
             f"--LabApp.workspaces_dir={root / 'workspaces'}")  # fmt: skip
    with running_lab(root, cwd=tree, env=env, extra=extra) as lab, sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        outside: list[str] = []
        page.on(
            "request", lambda r: outside.append(r.url) if not r.url.startswith((lab.base, "blob:", "data:")) else None
        )
        page.goto(f"{lab.base}/?token={lab.token}")  # the default URL: Lab opened on notebooks/
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)
        page.wait_for_selector(".jp-DirListing-item", timeout=90_000)
        for path in ("notebooks/01-overview.ipynb", "notebooks/02-timeline.ipynb"):
            _open_and_run(page, path)
        yield page, lab, tree, outside
        context.close()
        browser.close()


def _open(page, path: str) -> None:
    """Open (or bring forward) a notebook and wait for its kernel."""
    # the command resolves to the widget, which Playwright cannot serialise: return nothing
    page.evaluate(
        "async p => { await window.jupyterapp.commands.execute('docmanager:open', {path: p, factory: 'Notebook'}); }",
        path,
    )
    page.wait_for_function(
        f"p => {{ const w = {CURRENT}; const k = w && w.context && w.context.path === p && w.sessionContext.session"
        " && w.sessionContext.session.kernel; return k && k.status === 'idle'; }",
        arg=path,
        timeout=120_000,
    )


def _open_and_run(page, path: str) -> None:
    _open(page, path)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        f"() => {{ const w = {CURRENT}; const code = w.content.widgets.filter(c => c.model.type === 'code');"
        " return w.sessionContext.session.kernel.status === 'idle' && code.every(c => c.model.executionCount !== null)"
        " && !w.node.querySelector('.jp-OutputArea-output[data-mime-type=\"application/vnd.jupyter.stderr\"]'); }",
        timeout=300_000,
    )


def _run_new_cell(page, code: str) -> str:
    """Add a cell under the active one, run it, return the text of its output."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:insert-cell-below')")
    page.evaluate(f"c => {CURRENT}.content.activeCell.model.sharedModel.setSource(c)", code)
    page.evaluate(f"() => {{ window.kzCell = {CURRENT}.content.activeCell; }}")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
    page.wait_for_function(
        f"() => window.kzCell.model.executionCount !== null"
        f" && {CURRENT}.sessionContext.session.kernel.status === 'idle'",
        timeout=120_000,
    )
    return page.evaluate("() => window.kzCell.node.querySelector('.jp-Cell-outputArea').innerText")


@pytest.mark.browser
def test_lab_opens_on_the_notebooks_with_no_news_prompt_and_nothing_outside(lab_page) -> None:
    page, lab, _tree, outside = lab_page
    assert "/lab/tree/notebooks" in page.url
    assert "01-overview.ipynb" in page.locator(".jp-DirListing-content").inner_text()
    time.sleep(3)  # the news prompt, when asked for, shows within a second of start (fetchNews = "none")
    assert page.locator(".Toastify__toast").all_inner_texts() == []
    assert page.locator(".jp-extensionmanager-view").count() == 0
    assert outside == []
    for path in ("notebooks/01-overview.ipynb", "notebooks/02-timeline.ipynb"):
        _open(page, path)
        errors = page.evaluate(
            f"() => {CURRENT}.node.querySelectorAll('.jp-RenderedText[data-mime-type*=error]').length"
        )
        assert errors == 0, path
        assert page.evaluate(f"() => {CURRENT}.node.querySelectorAll('a.cite').length") > 0, path


def _click_first_footnote(page) -> dict:
    href = page.evaluate(f"() => {CURRENT}.node.querySelector('a.cite').getAttribute('href')")
    link = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) a.cite").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_timeout(500)
    return page.evaluate(
        f"""id => {{ const t = document.getElementById(id); const r = t ? t.getBoundingClientRect() : null;
        return {{id, inActiveTab: !!t && {CURRENT}.node.contains(t),
                inView: !!r && r.height > 0 && r.top >= 0 && r.top < window.innerHeight}}; }}""",
        href[1:],
    )


@pytest.mark.browser
def test_a_footnote_lands_on_its_source_in_the_active_tab_with_two_notebooks_open(lab_page) -> None:
    page, *_ = lab_page
    for path in ("notebooks/02-timeline.ipynb", "notebooks/01-overview.ipynb"):
        _open(page, path)
        landed = _click_first_footnote(page)
        assert landed["inActiveTab"] and landed["inView"], (path, landed)


@pytest.mark.browser
def test_a_codebook_link_in_a_notebook_opens_the_codebook_page_not_a_404(lab_page) -> None:
    page, lab, *_ = lab_page
    _open(page, "notebooks/01-overview.ipynb")
    link = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput a[href*='codebook.html']").first
    href = link.get_attribute("href")
    assert href.startswith(f"{lab.base}/files/reports/html/codebook.html")
    link.scroll_into_view_if_needed()
    link.click()  # Lab opens the page in a tab of its own
    page.wait_for_function(f"() => {CURRENT}.context && {CURRENT}.context.path === 'reports/html/codebook.html'")
    frame = page.frame_locator(".jp-HTMLViewer iframe, .lm-Widget:not(.lm-mod-hidden) iframe").first
    # Lab fills the viewer's iframe after the tab opens: an empty body first, then the page.
    # inner_text() reads whatever is there at once, so wait for the text itself.
    from playwright.sync_api import expect

    expect(frame.locator("body")).to_contain_text("Codebook", timeout=30_000)
    other = page.context.new_page()  # "Open in new browser tab": the page at its section
    response = other.goto(href)
    assert response is not None and response.status == 200
    anchor = href.partition("#")[2]
    assert other.evaluate("a => location.hash === '#' + a && !!document.getElementById(a)", anchor)
    assert other.evaluate("a => Math.abs(document.getElementById(a).getBoundingClientRect().top) < 50", anchor)
    other.close()
    page.evaluate("() => window.jupyterapp.commands.execute('application:close')")


@pytest.mark.browser
def test_text_columns_of_our_tables_are_left_aligned_in_lab(lab_page) -> None:
    page, *_ = lab_page
    _open(page, "notebooks/02-timeline.ipynb")
    aligns = page.evaluate(
        f"""() => [...{CURRENT}.node.querySelectorAll('table.data td')]
        .filter(td => !td.classList.contains('num') && /[A-Za-z]{{4}}/.test(td.textContent))
        .map(td => getComputedStyle(td).textAlign)"""
    )
    assert aligns and set(aligns) <= {"left", "start"}, set(aligns)


@pytest.mark.browser
def test_an_analysts_scratch_notebook_a_wrong_parameter_and_saving_leave_git_clean(lab_page) -> None:
    """A scratch notebook: a plot of one's own after importing the helpers, then a wrong parameter (one
    line, no traceback); then save everything: git sees no change and the scratch folder is ignored."""
    import nbformat

    page, lab, tree, _ = lab_page
    scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import helpers\nfrom helpers import params")])
    scratch.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    lab.call("PUT", "/api/contents/notebooks/scratch", {"type": "directory"})
    lab.call("PUT", "/api/contents/notebooks/scratch/mine.ipynb", {"type": "notebook", "content": scratch})
    _open_and_run(page, "notebooks/scratch/mine.ipynb")
    plotted = _run_new_cell(
        page, "from helpers import plots\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2]);"
    )
    images = page.evaluate("() => window.kzCell.node.querySelectorAll('.jp-OutputArea img').length")
    shown = _run_new_cell(page, 't = helpers.load()\nparams.check(t, metric="wounded")')
    assert shown.strip() == f"ParameterError: {WOUNDED}"
    for path in ("notebooks/scratch/mine.ipynb", "notebooks/01-overview.ipynb", "notebooks/02-timeline.ipynb"):
        _open(page, path)
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function(f"() => !{CURRENT}.context.model.dirty", timeout=60_000)
    saved = nbformat.read(tree / "notebooks" / "01-overview.ipynb", as_version=4)
    assert any(c.get("outputs") for c in saved.cells if c.cell_type == "code")  # Lab wrote the outputs
    assert saved.metadata.language_info.get("version")  # and the kernel's language_info
    assert _git(tree, "diff", "--exit-code", "--stat").returncode == 0, _git(tree, "diff").stdout[-3000:]
    _git(tree, "add", "-A")
    assert _git(tree, "status", "--porcelain", "--untracked-files=all").stdout == ""  # nothing to commit
    assert images > 0, f"plt.plot after importing the helpers shows no image ({plotted!r})"


def test_lab_offers_our_page_under_save_and_export(lab: Lab) -> None:
    formats = lab.call("GET", "/api/nbconvert")
    assert formats["kz"]["output_mimetype"] == "text/html"
    req = urllib.request.Request(lab.base + "/nbconvert/kz/notebooks/01-overview.ipynb",
                                 headers={"Authorization": f"token {lab.token}"})  # fmt: skip
    with urllib.request.urlopen(req, timeout=120) as resp:
        page = resp.read().decode()
    assert (
        '<header class="report-header">' in page and '<footer class="repro colophon">' in page and "<script" not in page
    )


def test_terminals_are_off_unless_asked_for_and_runtime_files_are_private(tmp_path: Path) -> None:
    """Issue 22 point 22: a token holder gets notebooks, not a root shell; the server's files are 0600."""
    assert "--ServerApp.terminals_enabled=False" in make_lab_command()
    assert "--ServerApp.terminals_enabled=True" in make_lab_command("LAB_TERMINALS=True")
    with running_lab(tmp_path) as client:
        with pytest.raises(urllib.error.HTTPError) as refused:
            client.call("POST", "/api/terminals")
        assert refused.value.code == 404
        files = [p for p in (tmp_path / "runtime").rglob("*") if p.is_file()]
        assert files, "the server wrote no runtime file"
        loose = {p.name: oct(p.stat().st_mode & 0o777) for p in files if p.stat().st_mode & 0o077}
        assert not loose, f"runtime files readable by others: {loose}"
