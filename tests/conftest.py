"""Wspólne elementy testów: raport czasów wykonania notatników."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REPORTS_DIR = REPO_ROOT / "reports"
TIMES_FILE = REPORTS_DIR / "notebook_times.jsonl"

for extra in (REPO_ROOT, REPO_ROOT / "course"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_controller(session.config):
        REPORTS_DIR.mkdir(exist_ok=True)
        TIMES_FILE.unlink(missing_ok=True)


def record_notebook_time(lesson: str, mode: str, seconds: float, completed: bool) -> None:
    """Dopisuje czas wykonania notatnika do raportu (bezpieczne przy wielu procesach xdist)."""
    REPORTS_DIR.mkdir(exist_ok=True)
    line = json.dumps(
        {"lesson": lesson, "mode": mode, "seconds": round(seconds, 2), "completed": completed}
    )
    fd = os.open(TIMES_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def _yes_no(flag: bool) -> str:
    return "tak" if flag else "NIE"


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not _is_controller(session.config) or not TIMES_FILE.exists():
        return
    rows = [json.loads(x) for x in TIMES_FILE.read_text().splitlines() if x.strip()]
    rows.sort(key=lambda r: (r["lesson"], r["mode"]))
    lines = [
        "# Czasy wykonania notatników na CPU",
        "",
        "| lekcja | tryb | sekundy | wykonany do końca |",
        "|---|---|---:|---|",
    ]
    lines += [
        f"| {r['lesson']} | {r['mode']} | {r['seconds']:.1f} | {_yes_no(r['completed'])} |"
        for r in rows
    ]
    (REPORTS_DIR / "notebook_times.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
