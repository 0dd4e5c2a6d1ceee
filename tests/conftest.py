"""Wspólne elementy testów: ścieżki importu i raport czasów wykonania notatników."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
for extra in (REPO_ROOT, REPO_ROOT / "course", REPO_ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from harness.report import reset_times, write_summary  # noqa: E402


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_controller(session.config):
        reset_times()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _is_controller(session.config):
        write_summary()
