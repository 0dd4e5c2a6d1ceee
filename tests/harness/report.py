"""Raport czasów wykonania notatników (reports/notebook_times.*), bezpieczny dla wielu procesów."""

from __future__ import annotations

import json
import os

from devtools.notebook_source import REPO_ROOT

REPORTS_DIR = REPO_ROOT / "reports"
TIMES_FILE = REPORTS_DIR / "notebook_times.jsonl"
SUMMARY_FILE = REPORTS_DIR / "notebook_times.md"


def reset_times() -> None:
    REPORTS_DIR.mkdir(exist_ok=True)
    TIMES_FILE.unlink(missing_ok=True)


def record_notebook_time(lesson: str, mode: str, seconds: float, completed: bool) -> None:
    """Dopisuje czas wykonania notatnika do raportu (O_APPEND: bezpieczne przy procesach xdist)."""
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


def write_summary() -> None:
    """Zbiera zapisane czasy w tabelę Markdown posortowaną po lekcji i trybie."""
    if not TIMES_FILE.exists():
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
    SUMMARY_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
