"""Każdy notatnik kursu: zgodność ze standardem, wykonanie na CPU, ćwiczenia w obie strony."""

from __future__ import annotations

import pytest
from conftest import record_notebook_time
from harness.execute import execute
from harness.lint import DEFAULT_FLOORS, Floors, lint_notebook

from devtools.notebook_source import (
    Lesson,
    count_check_calls,
    find_lessons,
    load_notebook,
    with_solutions,
)

LESSONS = find_lessons()
CPU_BUDGET_S = 60.0
# Lekcja 01 jest wzorcem całego kursu i ma wyższe progi (zgłoszenie fundamentu).
BENCHMARK_FLOORS = {1: Floors(words=2000, code_cells=20, exercises=4)}


def floors_for(lesson: Lesson) -> Floors:
    return BENCHMARK_FLOORS.get(lesson.number, DEFAULT_FLOORS)


lesson_params = pytest.mark.parametrize("lesson", LESSONS, ids=[x.stem for x in LESSONS])


@lesson_params
def test_notebook_meets_standard(lesson: Lesson) -> None:
    problems = lint_notebook(load_notebook(lesson.path), lesson.solution_path, floors_for(lesson))
    assert not problems, "\n".join(problems)


@pytest.mark.notebook
@lesson_params
def test_notebook_runs_on_cpu_and_stubs_fail(lesson: Lesson) -> None:
    nb = load_notebook(lesson.path)
    run = execute(nb, lesson.path.parent, strict=False)
    record_notebook_time(lesson.stem, "stubs", run.seconds, run.completed)
    assert run.completed, run.error
    assert len(run.exercises) == count_check_calls(nb), "not every exercise check ran"
    passing = [r.exercise for r in run.exercises if r.passed]
    assert not passing, f"stubs pass their own checks: {passing}"
    assert run.seconds < CPU_BUDGET_S, f"{run.seconds:.1f} s on CPU (budget {CPU_BUDGET_S} s)"


@pytest.mark.notebook
@lesson_params
def test_reference_solutions_pass(lesson: Lesson) -> None:
    nb = with_solutions(
        load_notebook(lesson.path), lesson.solution_path.read_text(encoding="utf-8")
    )
    run = execute(nb, lesson.path.parent, strict=True)
    record_notebook_time(lesson.stem, "solutions", run.seconds, run.completed)
    assert run.completed, run.error
    assert len(run.exercises) == count_check_calls(nb), "not every exercise check ran"
    failing = [f"{r.exercise}: {r.message}" for r in run.exercises if not r.passed]
    assert not failing, f"reference solutions fail: {failing}"
