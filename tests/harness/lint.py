"""Lint notatnika względem standardu kursu (DEVELOPERS.md, course/AUTHORING.md).

Każda reguła zwraca listę problemów; pusta lista oznacza zgodność ze standardem.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from devtools.notebook_source import (
    EXERCISE_TAG,
    Notebook,
    allows_deprecated,
    cell_source,
    code_cells,
    count_check_calls,
    defined_names,
    exercise_cells,
    markdown_cells,
)
from harness.prose import prose_stats

REQUIRED_SECTIONS = (
    "Cele",
    "Wymagania wstępne",
    "Intuicja",
    "Mechanizm",
    "Eksperymenty",
    "Pułapki",
    "Ćwiczenia",
    "Podsumowanie",
    "Dalsza lektura",
)


@dataclass(frozen=True)
class Floors:
    """Minimalna objętość lekcji (DEVELOPERS.md i zgłoszenia modułów)."""

    words: int = 1500
    code_cells: int = 15
    exercises: int = 3


DEFAULT_FLOORS = Floors()
# Lekcja 01 jest wzorcem całego kursu i ma wyższe progi (zgłoszenie fundamentu).
BENCHMARK_FLOORS = {1: Floors(words=2000, code_cells=20, exercises=4)}


def floors_for_lesson(number: int) -> Floors:
    return BENCHMARK_FLOORS.get(number, DEFAULT_FLOORS)

_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*$", re.MULTILINE)

# (wzorzec, opis) — API przestarzałe albo zakazane w kursie.
_FORBIDDEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"torch\.cuda\.amp"), "torch.cuda.amp (użyj torch.amp)"),
    (re.compile(r"pretrained\s*=\s*True"), "pretrained=True (użyj weights=...)"),
    (re.compile(r"\bFullyShardedDataParallel\b"), "FSDP1 (użyj fully_shard z FSDP2)"),
    (re.compile(r"^\s*(import|from)\s+higher\b", re.MULTILINE), "biblioteka higher"),
    (re.compile(r"torch\.jit\.(script|trace)\b"), "TorchScript poza lekcją o migracji"),
)


def _sections_problems(nb: Notebook) -> Iterator[str]:
    headings = [
        match.group(1).strip()
        for cell in markdown_cells(nb)
        for match in _HEADING.finditer(cell_source(cell))
    ]
    positions: list[int] = []
    for section in REQUIRED_SECTIONS:
        found = [
            i for i, h in enumerate(headings) if h.lower().lstrip("0123456789. ").startswith(
                section.lower()
            )
        ]
        if not found:
            yield f"missing required section heading '{section}'"
        else:
            positions.append(found[0])
    if positions != sorted(positions):
        yield f"required sections are out of order (expected {', '.join(REQUIRED_SECTIONS)})"


def _stored_output_problems(nb: Notebook) -> Iterator[str]:
    for index, cell in enumerate(code_cells(nb)):
        if cell.get("outputs"):
            yield f"code cell {index} has stored outputs"
        if cell.get("execution_count") is not None:
            yield f"code cell {index} has a stored execution count"


def _magic_problems(nb: Notebook) -> Iterator[str]:
    for index, cell in enumerate(code_cells(nb)):
        for line in cell_source(cell).splitlines():
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")) or "get_ipython(" in stripped:
                yield f"code cell {index} uses an IPython magic or shell line: {stripped[:40]!r}"


def _parse_cells(nb: Notebook) -> Iterator[tuple[int, ast.Module | str]]:
    for index, cell in enumerate(code_cells(nb)):
        try:
            yield index, ast.parse(cell_source(cell))
        except SyntaxError as exc:
            yield index, f"code cell {index} is not valid Python: {exc.msg} (line {exc.lineno})"


def _unannotated(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    missing = [
        a.arg for i, a in enumerate(args) if a.annotation is None and not (
            i == 0 and a.arg in {"self", "cls"}
        )
    ]
    for extra in (node.args.vararg, node.args.kwarg):
        if extra is not None and extra.annotation is None:
            missing.append(extra.arg)
    if node.returns is None:
        missing.append("return")
    return missing


def _code_problems(nb: Notebook) -> Iterator[str]:
    legacy_ok = allows_deprecated(nb)
    for index, parsed in _parse_cells(nb):
        if isinstance(parsed, str):
            yield parsed
            continue
        for node in ast.walk(parsed):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                missing = _unannotated(node)
                if missing:
                    yield (
                        f"code cell {index}: function '{node.name}' lacks type annotations "
                        f"for {', '.join(missing)}"
                    )
            if isinstance(node, ast.Call) and _is_torch_load(node) and not _weights_only(node):
                yield f"code cell {index}: torch.load without weights_only=True"
        source = cell_source(code_cells(nb)[index])
        for pattern, label in _FORBIDDEN:
            if pattern.search(source) and not (legacy_ok and "TorchScript" in label):
                yield f"code cell {index}: forbidden or deprecated API: {label}"


def _is_torch_load(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "load"
        and isinstance(func.value, ast.Name)
        and func.value.id == "torch"
    )


def _weights_only(node: ast.Call) -> bool:
    return any(
        k.arg == "weights_only" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in node.keywords
    )


def _prose_problems(nb: Notebook, floors: Floors) -> Iterator[str]:
    text = "\n\n".join(cell_source(c) for c in markdown_cells(nb))
    stats = prose_stats(text)
    if stats.words < floors.words:
        yield f"only {stats.words} words of prose (floor {floors.words})"
    if not stats.looks_polish:
        yield (
            "prose does not read as Polish "
            f"(Polish markers {stats.polish_markers}, English markers {stats.english_markers}, "
            f"diacritics {stats.diacritics})"
        )


def _volume_problems(nb: Notebook, floors: Floors) -> Iterator[str]:
    count = len(code_cells(nb))
    if count < floors.code_cells:
        yield f"only {count} code cells (floor {floors.code_cells})"


def _exercise_problems(nb: Notebook, solution: Path, floors: Floors) -> Iterator[str]:
    stubs = exercise_cells(nb)
    if len(stubs) < floors.exercises:
        yield f"only {len(stubs)} cells tagged '{EXERCISE_TAG}' (floor {floors.exercises})"
    checks = count_check_calls(nb)
    if checks < max(len(stubs), floors.exercises):
        yield f"only {checks} check_exercise calls for {len(stubs)} exercises"
    solution_names: set[str] = set()
    if not solution.exists():
        yield f"reference solution file {solution.name} is missing"
    else:
        solution_names = set(defined_names(solution.read_text(encoding="utf-8")))
    for index, cell in enumerate(stubs):
        source = cell_source(cell)
        try:
            names = defined_names(source)
        except SyntaxError:
            continue  # zgłoszone już przez _code_problems
        if not names:
            yield f"exercise {index + 1} defines no function or class"
        if "NotImplementedError" not in source:
            yield f"exercise {index + 1} stub does not raise NotImplementedError"
        missing = [n for n in names if solution_names and n not in solution_names]
        if missing:
            yield f"exercise {index + 1}: no reference solution for {', '.join(missing)}"


def _environment_problems(nb: Notebook) -> Iterator[str]:
    if not any("environment_report" in cell_source(c) for c in code_cells(nb)):
        yield "the notebook never shows environment_report() (device, CUDA, versions)"


Rule = Callable[[Notebook], Iterator[str]]


def lint_notebook(nb: Notebook, solution: Path, floors: Floors = DEFAULT_FLOORS) -> list[str]:
    """Wszystkie naruszenia standardu w notatniku (pusta lista = zgodny)."""
    problems: list[str] = []
    simple_rules: tuple[Rule, ...] = (
        _sections_problems,
        _stored_output_problems,
        _magic_problems,
        _code_problems,
        _environment_problems,
    )
    for rule in simple_rules:
        problems.extend(rule(nb))
    problems.extend(_prose_problems(nb, floors))
    problems.extend(_volume_problems(nb, floors))
    problems.extend(_exercise_problems(nb, solution, floors))
    return problems
