"""Kontrole pojedynczej lekcji, wspólne dla testów kursu i testów samej uprzęży.

Każda funkcja zwraca listę niepowodzeń (pusta = w porządku), żeby testy uprzęży mogły
udowodnić, że każdy strażnik naprawdę potrafi oblać lekcję.
"""

from __future__ import annotations

from collections.abc import Callable

from devtools.notebook_source import (
    Lesson,
    SolutionError,
    count_check_calls,
    load_notebook,
    with_solutions,
)
from harness.execute import Execution, execute

CPU_BUDGET_S = 60.0

TimeRecorder = Callable[[str, str, float, bool], None]


def _no_record(lesson: str, mode: str, seconds: float, completed: bool) -> None:
    return None


def _common_failures(run: Execution, expected_checks: int) -> list[str]:
    if not run.completed:
        return [f"notebook did not run to the end:\n{run.error}"]
    if len(run.exercises) != expected_checks:
        return [f"{len(run.exercises)} of {expected_checks} exercise checks ran"]
    return []


def stub_run_failures(lesson: Lesson, record: TimeRecorder = _no_record) -> list[str]:
    """Notatnik ze szkicami: wykonuje się do końca, w budżecie CPU, a żaden szkic nie przechodzi."""
    nb = load_notebook(lesson.path)
    run = execute(nb, lesson.path.parent, strict=False)
    record(lesson.stem, "stubs", run.seconds, run.completed)
    failures = _common_failures(run, count_check_calls(nb))
    passing = [r.exercise for r in run.exercises if r.passed]
    if passing:
        failures.append(f"stubs pass their own checks: {passing}")
    if run.seconds >= CPU_BUDGET_S:
        failures.append(f"{run.seconds:.1f} s on CPU (budget {CPU_BUDGET_S:.0f} s)")
    return failures


def solution_run_failures(lesson: Lesson, record: TimeRecorder = _no_record) -> list[str]:
    """Notatnik z rozwiązaniami wzorcowymi w miejscu szkiców: każde sprawdzenie przechodzi."""
    if not lesson.solution_path.exists():
        return [f"reference solution file {lesson.solution_path.name} is missing"]
    try:
        nb = with_solutions(
            load_notebook(lesson.path), lesson.solution_path.read_text(encoding="utf-8")
        )
    except (SolutionError, SyntaxError) as exc:
        return [f"reference solutions do not fit the stubs: {exc}"]
    run = execute(nb, lesson.path.parent, strict=True)
    record(lesson.stem, "solutions", run.seconds, run.completed)
    failures = _common_failures(run, count_check_calls(nb))
    failing = [f"{r.exercise}: {r.message}" for r in run.exercises if not r.passed]
    if failing:
        failures.append(f"reference solutions fail: {failing}")
    return failures
