"""Każdy notatnik kursu: zgodność ze standardem, wykonanie na CPU, ćwiczenia w obie strony."""

from __future__ import annotations

import pytest

from devtools.notebook_source import Lesson, find_lessons, load_notebook
from harness.checks import solution_run_failures, stub_run_failures
from harness.lint import floors_for_lesson, lint_notebook
from harness.report import record_notebook_time

LESSONS = find_lessons()
# Twardy limit na cały notatnik (pytest-timeout); budżet 60 s sprawdza harness.checks.
NOTEBOOK_TIMEOUT_S = 240
lesson_params = pytest.mark.parametrize("lesson", LESSONS, ids=[x.stem for x in LESSONS])


@lesson_params
def test_notebook_meets_standard(lesson: Lesson) -> None:
    floors = floors_for_lesson(lesson.number)
    problems = lint_notebook(load_notebook(lesson.path), lesson.solution_path, floors)
    assert not problems, "\n".join(problems)


@pytest.mark.notebook
@pytest.mark.timeout(NOTEBOOK_TIMEOUT_S)
@lesson_params
def test_notebook_runs_on_cpu_and_stubs_fail(lesson: Lesson) -> None:
    failures = stub_run_failures(lesson, record_notebook_time)
    assert not failures, "\n".join(failures)


@pytest.mark.notebook
@pytest.mark.timeout(NOTEBOOK_TIMEOUT_S)
@lesson_params
def test_reference_solutions_pass(lesson: Lesson) -> None:
    failures = solution_run_failures(lesson, record_notebook_time)
    assert not failures, "\n".join(failures)
