"""Uruchamia notatniki kursu jako zwykły Python (bez Jupytera) i wypisuje wynik i czas.

Przeznaczenie: sprawdzenie notatników na maszynie z GPU, gdzie jest tylko Python z PyTorchem.
Każdy notatnik jest wykonywany dwa razy: ze szkicami ćwiczeń (każde sprawdzenie musi się nie
udać, notatnik musi dojść do końca) i z rozwiązaniami wzorcowymi (wszystko musi przejść).

    python -m devtools.run_plain                 # wszystkie notatniki
    python -m devtools.run_plain course/01-*/01_*.ipynb --mode solutions
    python -m devtools.run_plain --jobs 4 --log-dir wyniki   # równolegle, pełne wyjścia do plików
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from devtools.notebook_source import (
    COURSE_DIR,
    REPO_ROOT,
    Lesson,
    allows_deprecated,
    as_script,
    count_check_calls,
    find_lessons,
    load_notebook,
    prelude,
    with_solutions,
)


@dataclass(frozen=True)
class PlainRun:
    lesson: str
    mode: str
    ok: bool
    seconds: float
    detail: str
    output: str = ""


def _exercise_outcomes(log: Path) -> list[bool]:
    if not log.exists():
        return []
    return [bool(json.loads(line)["passed"]) for line in log.read_text().splitlines() if line]


def run_lesson(
    lesson: Lesson, mode: str, timeout: float, torch_warnings_as_errors: bool = True
) -> PlainRun:
    nb = load_notebook(lesson.path)
    strict = mode == "solutions"
    if strict:
        nb = with_solutions(nb, lesson.solution_path.read_text(encoding="utf-8"))
    expected_checks = count_check_calls(nb)
    with tempfile.TemporaryDirectory(prefix="blackbelt-plain-") as tmp:
        log = Path(tmp) / "exercises.jsonl"
        script = Path(tmp) / f"{lesson.stem}.py"
        script.write_text(
            as_script(
                nb,
                prelude(
                    log,
                    strict=strict,
                    allow_deprecated=allows_deprecated(nb) or not torch_warnings_as_errors,
                ),
            )
        )
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(COURSE_DIR), str(REPO_ROOT)])
        env.setdefault("MPLBACKEND", "Agg")
        begin = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, str(script)],
                cwd=lesson.path.parent,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return PlainRun(lesson.stem, mode, False, timeout, f"przekroczono {timeout:.0f} s")
        seconds = time.perf_counter() - begin
        outcomes = _exercise_outcomes(log)
    output = proc.stdout + ("\n--- stderr ---\n" + proc.stderr if proc.stderr else "")
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-12:]
        return PlainRun(lesson.stem, mode, False, seconds, "\n".join(tail), output)
    if len(outcomes) != expected_checks:
        detail = f"wykonano {len(outcomes)} z {expected_checks} sprawdzeń ćwiczeń"
        return PlainRun(lesson.stem, mode, False, seconds, detail, output)
    wanted = strict
    wrong = [i + 1 for i, passed in enumerate(outcomes) if passed != wanted]
    if wrong:
        what = "nie przeszły" if strict else "przeszły ze szkicem"
        return PlainRun(lesson.stem, mode, False, seconds, f"ćwiczenia {wrong} {what}", output)
    detail = f"{len(outcomes)} ćwiczeń zgodnie z oczekiwaniem"
    return PlainRun(lesson.stem, mode, True, seconds, detail, output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="domyślnie: wszystkie")
    parser.add_argument("--mode", choices=("stubs", "solutions", "both"), default="both")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument(
        "--jobs", type=int, default=1, help="ile notatników naraz (pomiary dzielą wtedy sprzęt)"
    )
    parser.add_argument(
        "--log-dir", type=Path, help="zapisz pełne wyjście każdego przebiegu do <lekcja>.<tryb>.log"
    )
    parser.add_argument(
        "--keep-torch-warnings",
        action="store_true",
        help="ostrzeżenia Deprecation/Future z torcha tylko wypisuj (gdy torch na maszynie z GPU "
        "jest starszy niż wymagany przez kurs i sam zgłasza je przy imporcie swoich modułów)",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs musi być >= 1")
    lessons = [Lesson(p.resolve()) for p in args.notebooks] if args.notebooks else find_lessons()
    modes = ("stubs", "solutions") if args.mode == "both" else (args.mode,)
    if args.log_dir:
        args.log_dir.mkdir(parents=True, exist_ok=True)
    tasks = [(lesson, mode) for lesson in lessons for mode in modes]
    failures = 0
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        runs = pool.map(
            lambda task: run_lesson(task[0], task[1], args.timeout, not args.keep_torch_warnings),
            tasks,
        )
        for run in runs:
            failures += not run.ok
            status = "PASS" if run.ok else "FAIL"
            print(f"{status}  {run.lesson:<45} {run.mode:<9} {run.seconds:7.1f} s  {run.detail}")
            sys.stdout.flush()
            if args.log_dir:
                (args.log_dir / f"{run.lesson}.{run.mode}.log").write_text(run.output)
    print(f"{len(tasks) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
