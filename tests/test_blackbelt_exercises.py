"""check_exercise: polska informacja zwrotna, log wyników, tryb ścisły."""

from __future__ import annotations

from pathlib import Path

import pytest

from blackbelt.exercises import (
    LOG_ENV,
    STRICT_ENV,
    ExerciseFailed,
    check_exercise,
    read_log,
)


def _passes() -> None:
    assert 2 + 2 == 4


def _wrong() -> None:
    assert 2 + 2 == 5, "dwa plus dwa to cztery"


def _stub() -> None:
    raise NotImplementedError("uzupełnij funkcję")


def _crashes() -> None:
    raise KeyError("brak klucza")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LOG_ENV, raising=False)
    monkeypatch.delenv(STRICT_ENV, raising=False)


def test_passing_check_reports_success(capsys: pytest.CaptureFixture[str]) -> None:
    result = check_exercise("1 — dodawanie", _passes)
    assert result.passed
    assert "✅ Ćwiczenie 1 — dodawanie: zaliczone." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("test", "fragment"),
    [
        (_wrong, "sprawdzenie nie przeszło: dwa plus dwa to cztery"),
        (_stub, "czeka na Twoje rozwiązanie (uzupełnij funkcję)"),
        (_crashes, "kod zgłosił wyjątek KeyError"),
    ],
)
def test_failures_are_explained_in_polish_without_raising(
    test: object, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(test)
    result = check_exercise("2", test)
    assert not result.passed
    assert fragment in result.message
    assert "❌ Ćwiczenie 2" in capsys.readouterr().out


def test_strict_mode_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(ExerciseFailed, match="Ćwiczenie 3"):
        check_exercise("3", _wrong)
    assert check_exercise("4", _passes).passed


def test_results_are_logged_for_the_harness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    check_exercise("a", _passes)
    check_exercise("b", _stub)
    assert [(r.exercise, r.passed) for r in read_log(log)] == [("a", True), ("b", False)]


def test_empty_name_is_rejected() -> None:
    with pytest.raises(ValueError, match="pusta"):
        check_exercise("  ", _passes)
