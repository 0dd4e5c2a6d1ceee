"""ROADMAP.md mówi prawdę: wszystkie 50 lekcji, każdy notatnik wymieniony, gotowe istnieją."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from devtools.notebook_source import REPO_ROOT, find_lessons, load_notebook
from harness.lint import floors_for_lesson, lint_notebook

ROADMAP = REPO_ROOT / "ROADMAP.md"
_MODULE = re.compile(r"^## Moduł (\d) — .*\(`course/(\d\d-[a-z0-9-]+)/`\)", re.MULTILINE)
_ROW = re.compile(r"^\| (\d\d) \| `(\d\d_[a-z0-9_]+)` \| (.+?) \| (✅|🚧|⏳) \|$")
DONE = "✅"


@dataclass(frozen=True)
class Entry:
    number: int
    stem: str
    module_dir: str
    status: str

    @property
    def path(self) -> Path:
        return REPO_ROOT / "course" / self.module_dir / f"{self.stem}.ipynb"


def parse_roadmap(text: str) -> list[Entry]:
    entries: list[Entry] = []
    module_dir = ""
    for line in text.splitlines():
        if match := _MODULE.match(line):
            module_dir = match.group(2)
        elif match := _ROW.match(line):
            assert module_dir, f"row outside a module section: {line}"
            entries.append(Entry(int(match.group(1)), match.group(2), module_dir, match.group(4)))
    return entries


def test_roadmap_lists_all_fifty_lessons_in_order() -> None:
    entries = parse_roadmap(ROADMAP.read_text(encoding="utf-8"))
    assert [e.number for e in entries] == list(range(1, 51))
    assert all(e.stem.startswith(f"{e.number:02d}_") for e in entries)
    assert len({e.module_dir for e in entries}) == 7


def test_every_notebook_is_listed_in_its_module() -> None:
    listed = {e.path for e in parse_roadmap(ROADMAP.read_text(encoding="utf-8"))}
    unlisted = [str(x.path) for x in find_lessons() if x.path not in listed]
    assert not unlisted, f"notebooks missing from ROADMAP.md: {unlisted}"


def test_lessons_marked_done_exist_and_meet_the_standard() -> None:
    lessons = {x.path: x for x in find_lessons()}
    for entry in parse_roadmap(ROADMAP.read_text(encoding="utf-8")):
        if entry.status != DONE:
            continue
        assert entry.path in lessons, f"{entry.stem} is marked done but does not exist"
        lesson = lessons[entry.path]
        problems = lint_notebook(
            load_notebook(lesson.path), lesson.solution_path, floors_for_lesson(lesson.number)
        )
        assert not problems, f"{entry.stem} is marked done but: {problems}"
        # Wykonanie i ćwiczenia każdej istniejącej lekcji sprawdza tests/test_notebooks.py.


def test_parser_rejects_what_it_should() -> None:
    sample = (
        "## Moduł 1 — X (`course/01-x/`)\n"
        "| 01 | `01_a` | temat | ✅ |\n"
        "| 02 | `02_b` | temat | zrobione |\n"
    )
    entries = parse_roadmap(sample)
    assert [(e.stem, e.status) for e in entries] == [("01_a", DONE)]
