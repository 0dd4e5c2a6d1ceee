"""ruff i mypy --strict nad kodem kursu: pakiet blackbelt, rozwiązania, narzędzia i notatniki."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from harness.static import EXPORT_DIR, export_notebook_code

from devtools.notebook_source import REPO_ROOT, find_lessons

PYTHON_TREES = ["course/blackbelt", "devtools", "solutions", "tests"]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", tool, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def exported() -> list[Path]:
    return export_notebook_code(find_lessons())


def _existing(trees: list[str]) -> list[str]:
    return [t for t in trees if (REPO_ROOT / t).exists()]


def test_ruff_passes_on_code_and_notebooks(exported: list[Path]) -> None:
    result = _run("ruff", "check", *_existing(PYTHON_TREES), str(EXPORT_DIR))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_passes_on_code_and_notebooks(exported: list[Path]) -> None:
    targets = _existing(["course/blackbelt", "devtools", "solutions", "tests/harness"])
    result = _run("mypy", "--strict", *targets, *map(str, exported))
    assert result.returncode == 0, result.stdout + result.stderr
