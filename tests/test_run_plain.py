"""devtools.run_plain: notatniki jako zwykły Python (do sprawdzeń na maszynie z GPU)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import blackbelt
from devtools.build_notebook import to_notebook
from devtools.notebook_source import COURSE_DIR, Lesson
from devtools.run_plain import main, run_lesson

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def sample(tmp_path: Path) -> Lesson:
    target = tmp_path / "course" / "01-sample" / "01_sample_lesson.ipynb"
    to_notebook(FIXTURES / "sample_lesson.py", target)
    (tmp_path / "solutions").mkdir()
    shutil.copy(FIXTURES / "l01_sample_lesson.py", tmp_path / "solutions")
    return Lesson(target, tmp_path / "solutions")


@pytest.mark.notebook
def test_both_modes_pass_on_a_good_lesson(sample: Lesson) -> None:
    stubs = run_lesson(sample, "stubs", timeout=120)
    solutions = run_lesson(sample, "solutions", timeout=120)
    assert stubs.ok, stubs.detail
    assert solutions.ok, solutions.detail
    assert stubs.seconds > 0


@pytest.mark.notebook
def test_broken_solution_is_reported(sample: Lesson) -> None:
    sample.solution_path.write_text(
        "import torch\n\n\ndef double(x: torch.Tensor) -> torch.Tensor:\n    return x\n"
    )
    run = run_lesson(sample, "solutions", timeout=120)
    assert not run.ok
    assert "ExerciseFailed" in run.detail


def test_cli_reports_failures_with_exit_code(
    sample: Lesson, capsys: pytest.CaptureFixture[str]
) -> None:
    sample.path.write_text('{"cells": [{"cell_type": "code", "source": "1/0", "metadata": {}}]}')
    assert main([str(sample.path), "--mode", "stubs"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out
    assert "ZeroDivisionError" in out


def test_helper_package_is_imported_from_the_course_folder() -> None:
    # Aktualizacja kursu (git pull katalogu course/) musi aktualizować też pomocniczy pakiet.
    assert Path(blackbelt.__file__).resolve().parent == COURSE_DIR / "blackbelt"


@pytest.mark.notebook
def test_parallel_jobs_keep_each_run_and_write_full_logs(
    sample: Lesson, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = sample.path.with_name("02_sample_twin.ipynb")
    shutil.copy(sample.path, twin)
    logs = tmp_path / "logs"
    code = main(
        [str(sample.path), str(twin), "--mode", "stubs", "--jobs", "2", "--log-dir", str(logs)]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.count("PASS") == 2 and "2 passed, 0 failed" in out
    assert sorted(p.name for p in logs.iterdir()) == [
        "01_sample_lesson.stubs.log",
        "02_sample_twin.stubs.log",
    ]
    assert "czeka na Twoje rozwiązanie" in (logs / "02_sample_twin.stubs.log").read_text()


def test_torch_warnings_are_errors_unless_the_device_torch_is_older(
    sample: Lesson, capsys: pytest.CaptureFixture[str]
) -> None:
    sample.path.write_text(
        '{"cells": [{"cell_type": "code", "metadata": {}, "source": '
        '"import warnings\\nwarnings.warn(\\"stare API\\", FutureWarning)\\nprint(\\"KONIEC\\")"}]}'
    )
    strict = run_lesson(sample, "stubs", timeout=60)
    assert not strict.ok and "FutureWarning" in strict.detail
    lenient = run_lesson(sample, "stubs", timeout=60, torch_warnings_as_errors=False)
    assert lenient.ok and "KONIEC" in lenient.output
    assert main([str(sample.path), "--mode", "stubs", "--keep-torch-warnings"]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out
