"""Wspólne elementy testów: raport czasów wykonania notatników."""

from __future__ import annotations

import pytest

# Ścieżki importu (., course, tests) ustawia opcja `pythonpath` w pyproject.toml, zanim
# pytest wczyta ten plik.
from harness.report import reset_times, write_summary


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_controller(session.config):
        reset_times()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _is_controller(session.config):
        write_summary()
