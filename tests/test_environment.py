"""One locked environment: pyproject.toml, uv.lock, requirements-lock.txt, environment.yml and the pre-commit
hooks name the same packages at consistent versions, and the Makefile and CI install and check from the lock."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import paths

PROJECT = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
LOCK = tomllib.loads((paths.ROOT / "uv.lock").read_text())
ENV = yaml.safe_load((paths.ROOT / "environment.yml").read_text())


def requirements(group: str | None = None) -> list[Requirement]:
    project = PROJECT["project"]
    specs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return [Requirement(s) for s in specs]


def names(reqs: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in reqs}


def locked() -> dict[str, set[Version]]:
    """Every package the lock pins, with its version(s) (one per Python-version fork, if any)."""
    out: dict[str, set[Version]] = {}
    for pkg in LOCK["package"]:
        if "version" in pkg and pkg.get("source", {}).get("editable") != ".":
            out.setdefault(canonicalize_name(pkg["name"]), set()).add(Version(pkg["version"]))
    return out


def conda_requirements() -> list[Requirement]:
    specs = [d for d in ENV["dependencies"] if isinstance(d, str) and d.split("=")[0] not in ("python", "pip")]
    return [Requirement(s) for s in specs]


def test_environment_yml_names_the_same_packages_as_pyproject() -> None:
    pip = next(d["pip"] for d in ENV["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    assert names(conda_requirements()) == names(requirements()) | names(requirements("dev"))


def test_the_lock_was_made_from_this_pyproject() -> None:
    """uv.lock records the requirements it was resolved from; they must be pyproject's, spec for spec."""
    (me,) = [p for p in LOCK["package"] if p.get("source", {}).get("editable") == "."]
    recorded = {(canonicalize_name(r["name"]), r.get("specifier", ""), r.get("marker", "")) for r in
                me["metadata"]["requires-dist"]}  # fmt: skip
    wanted = {(canonicalize_name(r.name), str(r.specifier), "") for r in requirements()}
    for extra in PROJECT["project"]["optional-dependencies"]:
        wanted |= {(canonicalize_name(r.name), str(r.specifier), f"extra == '{extra}'") for r in requirements(extra)}
    assert recorded == wanted, "pyproject.toml changed after the lock: run `make lock`"


def test_every_package_is_pinned_and_every_bound_is_met_by_its_pin() -> None:
    pins = locked()
    for req in requirements() + requirements("dev") + requirements("bench") + conda_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{name} is not in uv.lock"
        assert all(v in req.specifier for v in pins[name]), f"{req} vs locked {sorted(map(str, pins[name]))}"


def test_the_pip_fallback_installs_the_same_pins() -> None:
    text = (paths.ROOT / "requirements-lock.txt").read_text()
    pinned = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", text, re.M))
    pins = locked()
    assert pinned, "requirements-lock.txt pins nothing"
    for name, version in pinned.items():
        assert Version(version) in pins[canonicalize_name(name)], f"{name}=={version} is not what uv.lock pins"
    assert names(requirements()) | names(requirements("dev")) <= {canonicalize_name(n) for n in pinned}
    assert "--hash=sha256:" in text


@pytest.mark.skipif(shutil.which("uv", path=str(Path(sys.executable).parent)) is None, reason="uv not installed")
def test_uv_agrees_the_lock_is_up_to_date() -> None:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    run = subprocess.run([uv, "lock", "--check", "--offline"], cwd=paths.ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_pre_commit_hooks_run_the_locked_ruff_and_nbstripout() -> None:
    config = yaml.safe_load((paths.ROOT / ".pre-commit-config.yaml").read_text())
    revs = {repo["repo"].rsplit("/", 1)[-1]: repo["rev"].lstrip("v") for repo in config["repos"]}
    pins = locked()
    assert {Version(revs["ruff-pre-commit"])} == pins["ruff"]
    assert {Version(revs["nbstripout"])} == pins["nbstripout"]


def test_the_build_backend_understands_the_spdx_license() -> None:
    (backend,) = [Requirement(r) for r in PROJECT["build-system"]["requires"]]
    assert PROJECT["project"]["license"] == "MIT"
    assert backend.name == "setuptools" and Version("76.9") not in backend.specifier and "77" in str(backend.specifier)


def test_make_installs_from_the_lock_with_a_pip_fallback() -> None:
    dry = subprocess.run(
        ["make", "-n", "-B", "setup"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    ).stdout
    uv_version = next(iter(locked()["uv"]))
    assert f'pip install --quiet --disable-pip-version-check "uv=={uv_version}"' in dry
    assert "uv sync --locked --extra dev" in dry
    assert "pip install --quiet -r requirements-lock.txt" in dry
    lock = subprocess.run(["make", "-n", "-B", "lock"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    assert "uv lock --upgrade" in lock.stdout and "requirements-lock.txt" in lock.stdout


def test_ci_lints_and_tests() -> None:
    lines = [ln.strip() for ln in (paths.ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make lint" in lines and "make test-all" in lines  # CI runs the whole suite, slow tests included
    assert lines.index("make lint") < lines.index("make test-all")
