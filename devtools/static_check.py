"""ruff i mypy --strict nad kodem notatników (eksportowanym do ``build/nbcode``) i rozwiązań.

    uv run python -m devtools.static_check course/01-tensor-mechanics/01_x.ipynb
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from devtools.notebook_source import REPO_ROOT, Lesson, as_script, find_lessons, load_notebook

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


def run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", tool, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="domyślnie: wszystkie")
    args = parser.parse_args(argv)
    lessons = [Lesson(p.resolve()) for p in args.notebooks] or find_lessons()
    # Osobny katalog na każde wywołanie z wybranymi lekcjami: autorzy pracują równolegle.
    target = EXPORT_DIR if not args.notebooks else EXPORT_DIR.with_name(
        "nbcode-" + "-".join(x.stem[:2] for x in lessons)
    )
    exported = [str(p) for p in export_notebook_code(lessons, target)]
    solutions = [str(x.solution_path) for x in lessons if x.solution_path.exists()]
    failed = False
    for tool, extra in (("ruff", ["check"]), ("mypy", ["--strict"])):
        result = run_tool(tool, *extra, *exported, *solutions)
        print(f"== {tool}: {'OK' if result.returncode == 0 else 'BŁĘDY'}")
        print(result.stdout + result.stderr)
        failed |= result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
