"""Kod notatników jako zwykłe moduły Pythona — aby ruff i mypy --strict mogły go sprawdzić."""

from __future__ import annotations

import shutil
from pathlib import Path

from devtools.notebook_source import REPO_ROOT, Lesson, as_script, load_notebook

EXPORT_DIR = REPO_ROOT / "build" / "nbcode"


def export_notebook_code(lessons: list[Lesson], target: Path = EXPORT_DIR) -> list[Path]:
    """Zapisuje kod każdego notatnika jako ``nbNN_nazwa.py`` (komórki oddzielone ``# %%``)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written: list[Path] = []
    for lesson in lessons:
        path = target / f"nb{lesson.stem}.py"
        path.write_text(as_script(load_notebook(lesson.path)), encoding="utf-8")
        written.append(path)
    return written
