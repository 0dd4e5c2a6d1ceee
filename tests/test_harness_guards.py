"""Strażnicy standardu potrafią oblać lekcję: każde naruszenie z DEVELOPERS.md wywraca zestaw.

Testy budują małą lekcję próbną (tests/fixtures/sample_lesson.py), sprawdzają, że w czystej
postaci przechodzi wszystkie kontrole, a potem psują ją na jeden sposób naraz.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.build_notebook import to_notebook
from devtools.notebook_source import Lesson, load_notebook
from harness.checks import solution_run_failures, stub_run_failures
from harness.lint import Floors, lint_notebook

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_FLOORS = Floors(words=60, code_cells=4, exercises=1)
Notebook = dict[str, Any]


@pytest.fixture
def sample(tmp_path: Path) -> Lesson:
    module = tmp_path / "course" / "01-sample"
    solutions = tmp_path / "solutions"
    solutions.mkdir(parents=True)
    target = module / "01_sample_lesson.ipynb"
    to_notebook(FIXTURES / "sample_lesson.py", target)
    shutil.copy(FIXTURES / "l01_sample_lesson.py", solutions / "l01_sample_lesson.py")
    return Lesson(target, solutions)


def mutate(lesson: Lesson, change: Callable[[Notebook], None]) -> Lesson:
    nb = load_notebook(lesson.path)
    change(nb)
    lesson.path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return lesson


def code_cell(nb: Notebook, marker: str) -> dict[str, Any]:
    return next(
        c for c in nb["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])
    )


def lint(lesson: Lesson) -> list[str]:
    return lint_notebook(load_notebook(lesson.path), lesson.solution_path, SAMPLE_FLOORS)


@pytest.mark.notebook
def test_clean_sample_passes_every_guard(sample: Lesson) -> None:
    assert lint(sample) == []
    assert stub_run_failures(sample) == []
    assert solution_run_failures(sample) == []


@pytest.mark.notebook
def test_broken_reference_solution_fails(sample: Lesson) -> None:
    sample.solution_path.write_text(
        "import torch\n\n\ndef double(x: torch.Tensor) -> torch.Tensor:\n    return x + 2\n"
    )
    failures = solution_run_failures(sample)
    assert any("reference solutions fail" in f or "did not run" in f for f in failures)


def test_solution_missing_a_stubbed_name_fails(sample: Lesson) -> None:
    sample.solution_path.write_text("def triple(x: int) -> int:\n    return 3 * x\n")
    assert any("do not fit the stubs" in f for f in solution_run_failures(sample))
    assert any("no reference solution for double" in p for p in lint(sample))


@pytest.mark.notebook
def test_stub_that_passes_its_own_check_fails(sample: Lesson) -> None:
    def solve_in_stub(nb: Notebook) -> None:
        code_cell(nb, "def double")["source"] = (
            "def double(x: torch.Tensor) -> torch.Tensor:\n    return 2 * x\n"
        )

    mutate(sample, solve_in_stub)
    assert any("stubs pass their own checks" in f for f in stub_run_failures(sample))
    assert any("does not raise NotImplementedError" in p for p in lint(sample))


def test_stored_output_fails(sample: Lesson) -> None:
    def store_output(nb: Notebook) -> None:
        cell = code_cell(nb, "base.clone()")
        cell["execution_count"] = 3
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}]

    problems = lint(mutate(sample, store_output))
    assert any("stored outputs" in p for p in problems)
    assert any("execution count" in p for p in problems)


def test_untyped_function_fails(sample: Lesson) -> None:
    def add_untyped(nb: Notebook) -> None:
        code_cell(nb, "base.clone()")["source"] += "\n\ndef helper(x):\n    return x\n"

    assert any("'helper' lacks type annotations" in p for p in lint(mutate(sample, add_untyped)))


def test_english_prose_fails(sample: Lesson) -> None:
    english = (
        "## Cele\nThis is the lesson where we learn how the storage of a tensor works and "
        "why it is shared by views. It is not hard, and you will see that the "
        "memory is the same for all of them when you take a view of the tensor.\n"
    )

    def translate(nb: Notebook) -> None:
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                headings = [x for x in "".join(cell["source"]).splitlines() if x.startswith("#")]
                cell["source"] = "\n".join(headings) + "\n" + english * 3

    assert any("does not read as Polish" in p for p in lint(mutate(sample, translate)))


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("scaler = torch.cuda.amp.GradScaler()", "torch.cuda.amp"),
        ("model = resnet18(pretrained=True)", "pretrained=True"),
        ("state = torch.load('m.pt')", "torch.load without weights_only=True"),
        ("scripted = torch.jit.script(torch.nn.Linear(2, 2))", "TorchScript"),
        ("%timeit base.sum()", "IPython magic"),
        ("!pip install higher", "IPython magic"),
    ],
)
def test_deprecated_api_and_magics_fail(sample: Lesson, line: str, label: str) -> None:
    def insert(nb: Notebook) -> None:
        code_cell(nb, "base.clone()")["source"] += "\n" + line + "\n"

    assert any(label in p for p in lint(mutate(sample, insert)))


def test_missing_section_fails(sample: Lesson) -> None:
    def drop_pitfalls(nb: Notebook) -> None:
        for cell in nb["cells"]:
            text = "".join(cell["source"])
            cell["source"] = text.replace("## Pułapki", "## Uwagi")

    assert any("'Pułapki'" in p for p in lint(mutate(sample, drop_pitfalls)))


@pytest.mark.notebook
def test_torch_deprecation_warning_fails_the_run(sample: Lesson) -> None:
    def use_deprecated(nb: Notebook) -> None:
        code_cell(nb, "base.clone()")["source"] += (
            "\nlayer = torch.nn.utils.weight_norm(torch.nn.Linear(2, 2))\n"
        )

    failures = stub_run_failures(mutate(sample, use_deprecated))
    assert any("FutureWarning" in f for f in failures)


@pytest.mark.notebook
def test_private_solution_helpers_are_shared_with_every_exercise(sample: Lesson) -> None:
    sample.solution_path.write_text(
        "import torch\n\n\n"
        "def _twice(x: torch.Tensor) -> torch.Tensor:\n    return x + x\n\n\n"
        "def double(x: torch.Tensor) -> torch.Tensor:\n    return _twice(x)\n"
    )
    assert solution_run_failures(sample) == []
