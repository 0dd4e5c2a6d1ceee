"""Automatycznie sprawdzane ćwiczenia z informacją zwrotną po polsku.

Każde ćwiczenie w notatniku ma dwie komórki: szkic (``stub``), który uczeń uzupełnia, oraz
komórkę sprawdzającą, która woła :func:`check_exercise` z funkcją testującą. Wynik trafia:

* na ekran, jako krótki komunikat po polsku;
* do pliku JSON Lines wskazanego zmienną ``BLACKBELT_EXERCISE_LOG`` (z tego korzysta zestaw
  testów kursu, który dowodzi, że szkic nie przechodzi sprawdzenia, a rozwiązanie wzorcowe tak);
* jako wyjątek :class:`ExerciseFailed`, gdy ``BLACKBELT_STRICT_EXERCISES=1``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

LOG_ENV = "BLACKBELT_EXERCISE_LOG"
STRICT_ENV = "BLACKBELT_STRICT_EXERCISES"


@dataclass(frozen=True)
class ExerciseResult:
    """Wynik jednego sprawdzenia ćwiczenia."""

    exercise: str
    passed: bool
    message: str


class ExerciseFailed(AssertionError):
    """Zgłaszany w trybie ścisłym, gdy ćwiczenie nie przechodzi sprawdzenia."""


def _diagnose(test: Callable[[], None]) -> tuple[bool, str]:
    try:
        test()
    except NotImplementedError as exc:
        detail = str(exc) or "funkcja zgłasza NotImplementedError"
        return False, f"czeka na Twoje rozwiązanie ({detail})."
    except AssertionError as exc:
        detail = str(exc) or "asercja bez komunikatu"
        return False, f"sprawdzenie nie przeszło: {detail}"
    except Exception as exc:  # uczeń może popełnić dowolny błąd: pokazujemy go, nie przerywamy
        return False, f"kod zgłosił wyjątek {type(exc).__name__}: {exc}"
    return True, "zaliczone."


def _append_log(result: ExerciseResult) -> None:
    log_path = os.environ.get(LOG_ENV)
    if not log_path:
        return
    with Path(log_path).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")


def strict_mode() -> bool:
    """Czy niezaliczone ćwiczenie ma przerwać wykonanie (tryb testów z rozwiązaniami)."""
    return os.environ.get(STRICT_ENV, "0") == "1"


def check_exercise(exercise: str, test: Callable[[], None]) -> ExerciseResult:
    """Uruchamia ``test`` i raportuje wynik ćwiczenia ``exercise``.

    ``test`` to bezargumentowa funkcja z asercjami; komunikaty asercji powinny mówić uczniowi
    po polsku, czego zabrakło. Funkcja nigdy nie przerywa notatnika, chyba że włączono tryb
    ścisły (``BLACKBELT_STRICT_EXERCISES=1``).
    """
    if not exercise.strip():
        raise ValueError("Nazwa ćwiczenia nie może być pusta.")
    passed, detail = _diagnose(test)
    result = ExerciseResult(exercise=exercise, passed=passed, message=detail)
    mark = "✅" if passed else "❌"
    print(f"{mark} Ćwiczenie {exercise}: {detail}")
    _append_log(result)
    if not passed and strict_mode():
        raise ExerciseFailed(f"Ćwiczenie {exercise}: {detail}")
    return result


def read_log(path: Path) -> list[ExerciseResult]:
    """Czyta wyniki zapisane przez :func:`check_exercise` (używane przez testy kursu)."""
    if not path.exists():
        return []
    results: list[ExerciseResult] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            results.append(
                ExerciseResult(
                    exercise=str(data["exercise"]),
                    passed=bool(data["passed"]),
                    message=str(data["message"]),
                )
            )
    return results
