"""Project-level promises: a documented CLI and Makefile, reproducible processed data (the dependency set:
tests/test_environment.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from notebook_git import as_committed

from helpers import paths
from helpers.clean import run as clean


def test_cli_help_lists_every_command() -> None:
    out = subprocess.run([sys.executable, "-m", "helpers", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("clean", "build", "list", "screenshots"):
        assert command in out
    for command in ("clean", "build"):
        sub = subprocess.run([sys.executable, "-m", "helpers", command, "--help"], capture_output=True, text=True)
        assert sub.returncode == 0 and "usage:" in sub.stdout


def test_make_help_lists_the_targets() -> None:
    out = subprocess.run(["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("reports", "test", "data", "lab", "bench", "lint", "clean"):
        assert re.search(rf"^\s+{target}\s", out, re.M), target


def test_committed_processed_data_is_what_clean_produces() -> None:
    """data/processed is committed; it must be exactly what the raw data gives (byte for byte)."""
    built = clean.build()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in paths.PROCESSED.iterdir() if p.is_file()}
    assert on_disk == built, "run `make data` and commit data/processed"


@pytest.mark.slow
def test_clean_is_deterministic(tmp_path: Path) -> None:
    """Two builds of the made-up reports in separate processes with different hash seeds: identical bytes."""
    from conftest import MADE_UP

    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "helpers", "clean", "--raw", str(MADE_UP), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert {"figures.csv", "measures.csv", "datapackage.json"} <= set(outputs[0])


def test_datapackage_is_valid_frictionless() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(paths.DATAPACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_evidence_quote_occurs_in_its_source() -> None:
    """Belt and braces over clean's own check: read the processed tables back and search the texts."""
    import helpers
    from helpers.clean.provenance import missing_spans

    t = helpers.load(validate=True)
    texts = {
        s: (paths.RAW / p).read_text(encoding="utf-8")
        for s, p in zip(t.sources["source_id"], t.sources["path"], strict=True)
    }
    for name in ("places", "events", "figures", "measures", "deployments", "statements"):
        frame = getattr(t, name)
        for sid, ev in zip(frame["source_id"], frame["evidence"], strict=True):
            assert missing_spans(ev, texts[sid]) == [], (name, ev)


def catalogue_notebooks() -> list[Path]:
    """The notebooks the catalogue (reports/reports.yml) runs: the committed ones. An analyst's own notebook in
    notebooks/ (or notebooks/scratch/, ignored by git) is none of the project's business."""
    import yaml

    entries = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))["reports"]
    return sorted({paths.NOTEBOOKS / e["notebook"] for e in entries})


def committed_notebook_problems(nb_paths: list[Path]) -> list[str]:
    """What is wrong with notebooks meant to be committed (outputs, not exactly one parameters cell, no title),
    as git would commit them (`as_committed`)."""
    import nbformat

    problems = []
    for nb_path in nb_paths:
        nb = nbformat.reads(as_committed(nb_path), as_version=4)
        if len([c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]) != 1:
            problems.append(f"{nb_path.name}: exactly one parameters cell")
        if not (nb.cells and nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")):
            problems.append(f"{nb_path.name}: a markdown title first")
        if any(c.cell_type == "code" and (c.outputs or c.execution_count is not None) for c in nb.cells):
            problems.append(f"{nb_path.name}: outputs")
    return problems


def test_notebooks_are_committed_without_outputs() -> None:
    assert catalogue_notebooks(), "the catalogue names no notebook"
    assert committed_notebook_problems(catalogue_notebooks()) == []


def test_an_analysts_own_notebook_does_not_break_the_committed_notebook_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Untitled.ipynb with outputs and no parameters cell, in notebooks/ and notebooks/scratch/: not checked."""
    import shutil

    import nbformat

    folder = tmp_path / "notebooks"
    (folder / "scratch").mkdir(parents=True)
    for p in catalogue_notebooks():
        (folder / p.name).write_text(as_committed(p), encoding="utf-8")
    scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=1)])
    nbformat.write(scratch, folder / "Untitled.ipynb")
    nbformat.write(scratch, folder / "scratch" / "mine.ipynb")
    catalogue = tmp_path / "reports.yml"
    shutil.copy(paths.CATALOGUE, catalogue)
    monkeypatch.setattr(paths, "NOTEBOOKS", folder)
    monkeypatch.setattr(paths, "CATALOGUE", catalogue)
    assert committed_notebook_problems([folder / "Untitled.ipynb"]) != []  # the check would fail on it...
    assert folder / "Untitled.ipynb" not in catalogue_notebooks()  # ...but it checks the catalogue's only
    assert committed_notebook_problems(catalogue_notebooks()) == []


def _git(*args: str, cwd: Path = paths.ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def test_scratch_notebooks_and_lab_leftovers_are_ignored_by_git() -> None:
    if _git("rev-parse", "--show-toplevel").returncode != 0:
        pytest.skip("not a git checkout")
    for path in ("notebooks/scratch/mine.ipynb", "notebooks/Untitled.ipynb", "notebooks/01-overview.html",
                 ".virtual_documents/notebooks/01-overview.ipynb"):  # fmt: skip
        assert _git("check-ignore", "-q", path).returncode == 0, path
    for path in ("notebooks/01-overview.ipynb", "notebooks/08-new.ipynb", ".jupyter/lab/settings/overrides.json"):
        assert _git("check-ignore", "-q", path).returncode == 1, path
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert "notebooks/scratch/" in readme


def _tree_with_a_notebook(tmp_path: Path, name: str = "03-counts.ipynb") -> Path:
    """A tiny project tree: the Makefile, .gitattributes and one committed notebook."""
    import shutil

    tree = tmp_path / "clone"
    (tree / "notebooks").mkdir(parents=True)
    for f in ("Makefile", ".gitattributes"):
        shutil.copy(paths.ROOT / f, tree / f)
    (tree / "notebooks" / name).write_text(as_committed(paths.NOTEBOOKS / name), encoding="utf-8")  # as committed
    return tree


def _make_setup(tree: Path) -> subprocess.CompletedProcess:
    """`make setup` in tree, with this test's Python environment as the environment (nothing is installed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["make", "-s", "setup", f"ENV_PREFIX={sys.prefix}"], cwd=tree, capture_output=True,
                          text=True, env=env)  # fmt: skip


def test_make_setup_outside_a_git_checkout_sets_up_no_filter(tmp_path: Path) -> None:
    tree = _tree_with_a_notebook(tmp_path)
    run = _make_setup(tree)
    assert run.returncode == 0, run.stderr
    assert "not a git checkout" in run.stdout
    assert not (tree / ".git").exists()


@pytest.mark.slow
def test_make_setup_makes_nbstripout_the_filter_so_running_and_saving_leaves_no_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run a notebook in a real kernel and save it with outputs and what Lab adds: git sees no change."""
    import nbclient
    import nbformat
    from conftest import MADE_UP

    tree = _tree_with_a_notebook(tmp_path)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                                                  "-qm", "start"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=tree, check=True, env=env, capture_output=True)
    for _ in range(2):  # idempotent
        run = _make_setup(tree)
        assert run.returncode == 0, run.stderr
    config = _git("config", "--local", "--get-regexp", "nbstripout|ipynb", cwd=tree).stdout
    assert config.count("filter.nbstripout.clean") == 1
    assert "metadata.language_info.version" in config
    nb_path = tree / "notebooks" / "03-counts.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    processed = tmp_path / "processed"
    subprocess.run([sys.executable, "-m", "helpers", "clean", "--raw", str(MADE_UP), "--out", str(processed)],
                   check=True, capture_output=True)  # fmt: skip
    monkeypatch.setenv("KZ_PROCESSED_DIR", str(processed))
    client = nbclient.NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(paths.NOTEBOOKS)}})
    client.execute()
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.metadata.language_info.get("version")  # the kernel filled it in, as in Lab
    nb.cells[2].metadata["jupyter"] = {"source_hidden": True}  # a collapsed cell, saved by Lab
    nb.cells[2].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nbformat.write(nb, nb_path)
    assert _git("diff", "--exit-code", "--stat", cwd=tree).returncode == 0, _git("diff", cwd=tree).stdout[-3000:]
    assert _git("status", "--porcelain", cwd=tree).stdout != ""  # git trusts the new size without reading...
    from helpers.reports.jupyter import git_refresh_after_save

    git_refresh_after_save(model={}, os_path=str(nb_path), contents_manager=None)  # ...until Lab's save hook runs
    assert _git("status", "--porcelain", cwd=tree).stdout == ""  # nothing to commit, nothing listed
    assert "output_type" in nb_path.read_text(encoding="utf-8")  # the analyst keeps the outputs in the file
    nb.cells[1].source += "\nx = 1"  # a real change: still listed, and nothing staged
    nbformat.write(nb, nb_path)
    git_refresh_after_save(model={}, os_path=str(nb_path), contents_manager=None)
    assert _git("status", "--porcelain", cwd=tree).stdout.strip() == "M notebooks/03-counts.ipynb"


def test_the_pre_commit_hook_strips_the_keys_the_git_filter_strips() -> None:
    import yaml

    dry = subprocess.run(["make", "-n", "setup"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    filter_keys = re.search(r"filter\.nbstripout\.extrakeys '([^']+)'", dry).group(1).split()
    hooks = [
        h for r in yaml.safe_load((paths.ROOT / ".pre-commit-config.yaml").read_text())["repos"] for h in r["hooks"]
    ]
    (hook,) = [h for h in hooks if h["id"] == "nbstripout"]
    args = hook["args"]
    hook_keys = args[args.index("--extra-keys") + 1].split()
    assert filter_keys == hook_keys
    assert "metadata.language_info.version" in filter_keys


def test_make_lab_kernel_name_is_the_one_committed_notebooks_carry() -> None:
    """Lab writes its kernel's display name into a notebook it saves: it must be the committed one."""
    import nbformat

    dry = subprocess.run(["make", "-n", "lab"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    shown = set(re.findall(r'--display-name "([^"]+)"', dry))
    committed = {nbformat.read(p, as_version=4).metadata.kernelspec.display_name for p in catalogue_notebooks()}
    assert shown == committed == {"Python 3 (ipykernel)"}


def test_no_cleaning_logic_in_notebooks() -> None:
    """Notebooks call helpers; they do not read files or reshape raw data themselves."""
    for nb_path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        source = Path(nb_path).read_text()
        for banned in ("read_csv", "open(", "to_datetime", ".apply(", "import re"):
            assert banned not in source, f"{nb_path.name} uses {banned}"


def test_dir_of_helpers_offers_the_lazy_api_and_the_stages_not_imported_names() -> None:
    """Completion in Jupyter lists what dir() gives: `helpers.load` must be there (it is resolved lazily)."""
    import helpers

    names = dir(helpers)
    for name in ("load", "Tables", "DataError", "plots", "params", "views", "data", "page", "reports"):
        assert name in names, name
    assert not {"importlib", "Any", "annotations"} & set(names)
    assert all(getattr(helpers, n) is not None for n in ("load", "Tables", "DataError"))
