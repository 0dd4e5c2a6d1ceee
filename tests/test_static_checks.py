"""ruff i mypy --strict nad kodem kursu: pakiet blackbelt, rozwiązania, narzędzia i notatniki."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.notebook_source import REPO_ROOT, find_lessons
from devtools.static_check import EXPORT_DIR, export_notebook_code, run_tool


@pytest.fixture(scope="module")
def exported() -> list[Path]:
    return export_notebook_code(find_lessons())


def _existing(trees: list[str]) -> list[str]:
    return [t for t in trees if (REPO_ROOT / t).exists()]


def test_ruff_passes_on_code_and_notebooks(exported: list[Path]) -> None:
    trees = _existing(["course/blackbelt", "devtools", "solutions", "tests", "hub", "docker"])
    result = run_tool("ruff", "check", *trees, str(EXPORT_DIR))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_passes_on_code_and_notebooks(exported: list[Path]) -> None:
    targets = _existing(
        ["course/blackbelt", "devtools", "solutions", "tests/harness", "hub", "docker/learner"]
    )
    result = run_tool("mypy", "--strict", *targets, *map(str, exported))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_passes_on_tests() -> None:
    # Testy importują moduły tak, jak widzi je pytest: pythonpath ".", "course", "tests" z
    # pyproject.toml, a katalog tests/k8s (bez __init__.py) pytest dokłada sam. Osobny cache,
    # bo test wyżej może w tej samej chwili liczyć mypy w innym procesie xdist.
    roots = ["course", "tests", "tests/k8s", "."]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--explicit-package-bases",
            "--cache-dir",
            str(REPO_ROOT / ".mypy_cache" / "tests"),
            "tests",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "MYPYPATH": os.pathsep.join(roots)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
