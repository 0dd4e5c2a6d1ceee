"""ruff i mypy --strict nad kodem kursu: pakiet blackbelt, rozwiązania, narzędzia i notatniki."""

from __future__ import annotations

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
