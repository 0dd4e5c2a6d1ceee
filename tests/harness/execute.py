"""Wykonanie notatnika w prawdziwym jądrze Jupytera (nbclient), od góry do dołu."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from blackbelt.exercises import ExerciseResult, read_log
from devtools.notebook_source import Notebook, allows_deprecated, prelude

CELL_TIMEOUT_S = 120


@dataclass(frozen=True)
class Execution:
    """Wynik wykonania: czy doszło do końca, ile trwało, co raportowały ćwiczenia."""

    completed: bool
    seconds: float
    exercises: tuple[ExerciseResult, ...]
    error: str

    @property
    def passed(self) -> list[bool]:
        return [r.passed for r in self.exercises]


def execute(nb: Notebook, workdir: Path, strict: bool) -> Execution:
    """Wykonuje notatnik z wstrzykniętym preludium (polityka ostrzeżeń, log ćwiczeń)."""
    with tempfile.TemporaryDirectory(prefix="blackbelt-nb-") as tmp:
        log = Path(tmp) / "exercises.jsonl"
        node = nbformat.reads(json.dumps(nb), as_version=4)  # type: ignore[no-untyped-call]
        head = prelude(log, strict=strict, allow_deprecated=allows_deprecated(nb))
        node.cells.insert(0, nbformat.v4.new_code_cell(head))  # type: ignore[no-untyped-call]
        client = NotebookClient(
            node,
            timeout=CELL_TIMEOUT_S,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
        )
        begin = time.perf_counter()
        error = ""
        try:
            client.execute()
        except CellExecutionError as exc:
            error = str(exc)[-3000:]
        except TimeoutError as exc:
            error = f"timeout: {exc}"
        seconds = time.perf_counter() - begin
        return Execution(
            completed=not error, seconds=seconds, exercises=tuple(read_log(log)), error=error
        )
