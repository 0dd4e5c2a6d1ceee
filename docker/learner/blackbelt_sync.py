#!/opt/venv/bin/python
"""Synchronizacja kursu przy starcie serwera ucznia (nbgitpuller) z raportem po polsku.

Zasady:
- Start NIGDY nie czeka w nieskończoność i nie przerywa się: niedostępne repozytorium kursu oznacza,
  że uczeń pracuje na swojej kopii i dostaje o tym jasny komunikat.
- Nic, co uczeń napisał, nie ginie. nbgitpuller scala zmiany prowadzącego z `-Xours` (wygrywa
  wersja ucznia), a my dodatkowo odkładamy kopię każdego pliku zmienionego i przez ucznia,
  i przez prowadzącego do ~/kopie-zapasowe/<czas>/, zanim cokolwiek się scali.
- Raport (co przyszło, co zachowano, gdzie są kopie) trafia do ~/raport-synchronizacji.md
  i do logów kontenera.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HOME = Path(os.environ.get("HOME", "/home/jovyan"))
COURSE_DIR = Path(os.environ.get("BLACKBELT_COURSE_DIR", HOME / "kurs"))
REPO_URL = os.environ.get("BLACKBELT_COURSE_REPO", "")
BRANCH = os.environ.get("BLACKBELT_COURSE_BRANCH", "main")
TIMEOUT_S = float(os.environ.get("BLACKBELT_SYNC_TIMEOUT", "120"))
REPORT = HOME / "raport-synchronizacji.md"
BACKUPS = HOME / "kopie-zapasowe"
GIT_ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "NBGITPULLER_DEPTH": "0"}


@dataclass
class Report:
    """Co się wydarzyło podczas synchronizacji — do pokazania uczniowi."""

    status: str
    details: list[str] = field(default_factory=list)

    def add(self, title: str, paths: list[str]) -> None:
        if paths:
            self.details.append(f"**{title}**\n" + "\n".join(f"- `{p}`" for p in sorted(paths)))

    def write(self) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
        text = f"# Synchronizacja kursu ({stamp})\n\n{self.status}\n"
        if self.details:
            text += "\n" + "\n\n".join(self.details) + "\n"
        REPORT.write_text(text, encoding="utf-8")
        print(text, flush=True)


def git(*args: str, timeout: float = 30) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=COURSE_DIR,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return result.stdout


IGNORED = (".ipynb_checkpoints/", "__pycache__/", "*.pyc")


def ignore_generated_files() -> None:
    """Pliki generowane (checkpointy Jupytera, bajtkod) nie są „pracą ucznia” w raporcie."""
    exclude = COURSE_DIR / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    present = exclude.read_text().splitlines() if exclude.exists() else []
    missing = [pattern for pattern in IGNORED if pattern not in present]
    if missing:
        with exclude.open("a") as handle:
            handle.write("\n".join(["", *missing, ""]))


def remote_reachable() -> bool:
    try:
        subprocess.run(
            ["git", "ls-remote", "--heads", REPO_URL, BRANCH],
            env=GIT_ENV,
            capture_output=True,
            timeout=min(TIMEOUT_S, 20),
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return False
    return True


def run_gitpuller() -> None:
    subprocess.run(
        ["gitpuller", REPO_URL, BRANCH, str(COURSE_DIR)],
        env=GIT_ENV,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=True,
    )


def local_changes() -> tuple[list[str], list[str], list[str]]:
    """(zmienione, usunięte, nowe) pliki ucznia względem ostatnio zsynchronizowanej wersji."""
    modified, deleted, untracked = [], [], []
    for entry in git("status", "--porcelain=v1", "-z", "--untracked-files=all").split("\0"):
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code == "??":
            untracked.append(path)
        elif "D" in code:
            deleted.append(path)
        elif "M" in code or "A" in code:
            modified.append(path)
    return modified, deleted, untracked


def upstream_changes() -> dict[str, str]:
    """Plik -> rodzaj zmiany (A/M/D) w kursie prowadzącego względem kopii ucznia."""
    # Trzy kropki: zmiany prowadzącego od wspólnego przodka (nie cofnięcia zmian ucznia).
    out = git("diff", "--name-status", "--no-renames", f"HEAD...origin/{BRANCH}")
    changes = {}
    for line in out.splitlines():
        kind, _, path = line.partition("\t")
        changes[path] = kind[:1]
    return changes


def back_up(paths: list[str]) -> Path:
    target = BACKUPS / datetime.now().strftime("%Y-%m-%d_%H%M%S")
    for rel in paths:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(COURSE_DIR / rel, dest)
    return target


def abort_half_merge() -> None:
    if (COURSE_DIR / ".git" / "MERGE_HEAD").exists():
        subprocess.run(["git", "merge", "--abort"], cwd=COURSE_DIR, env=GIT_ENV, check=False)


def first_clone() -> Report:
    if COURSE_DIR.exists() and any(COURSE_DIR.iterdir()):
        kept = COURSE_DIR.with_name(f"{COURSE_DIR.name}-stary-{datetime.now():%Y%m%d%H%M%S}")
        COURSE_DIR.rename(kept)
        note = (
            f"\n\nTwój wcześniejszy katalog `{COURSE_DIR.name}` nie był kopią kursu z gita — "
            f"przeniosłem go do `{kept.name}`."
        )
    else:
        note = ""
    run_gitpuller()
    ignore_generated_files()
    return Report(f"Pobrałem kurs do katalogu `{COURSE_DIR.name}`. Powodzenia!{note}")


def update() -> Report:
    ignore_generated_files()
    git("fetch", "origin", BRANCH, timeout=TIMEOUT_S)
    incoming = upstream_changes()
    modified, deleted, untracked = local_changes()
    committed = git("diff", "--name-only", "--no-renames", f"origin/{BRANCH}...HEAD").splitlines()
    at_risk = sorted(
        p for p in {*modified, *committed} if p in incoming and (COURSE_DIR / p).exists()
    )
    backup_dir = back_up(at_risk) if at_risk else None
    renamed = [p for p in untracked if incoming.get(p) == "A"]
    restored = [p for p in deleted if incoming.get(p) != "D"]

    run_gitpuller()

    if not incoming:
        report = Report("Kurs jest aktualny — prowadzący nie opublikował nic nowego.")
    else:
        report = Report("Pobrałem nowości od prowadzącego. Nic, co napisałeś, nie zginęło.")
        report.add("Nowe pliki kursu:", [p for p, k in incoming.items() if k == "A"])
        report.add("Zaktualizowane pliki kursu:", [p for p, k in incoming.items() if k == "M"])
    report.add(
        "Twoje zmiany zostały zachowane (przy konflikcie z prowadzącym wygrywa twoja wersja):",
        modified,
    )
    if backup_dir is not None:
        rel = backup_dir.relative_to(HOME)
        report.add(
            f"Te pliki zmieniłeś ty i prowadzący — dokładna kopia twojej wersji sprzed "
            f"synchronizacji jest w `~/{rel}`:",
            at_risk,
        )
    report.add("Twoje nowe pliki zostały nietknięte:", [p for p in untracked if p not in renamed])
    report.add(
        "Prowadzący dodał pliki o tych samych nazwach co twoje — twoje pliki dostały w nazwie "
        "datę (np. `nazwa__20260101120000.ipynb`):",
        renamed,
    )
    report.add(
        "Usunięte przez ciebie pliki kursu zostały przywrócone (usuń je ponownie, jeśli "
        "nie są potrzebne):",
        restored,
    )
    return report


def main() -> int:
    started = time.monotonic()
    if not REPO_URL:
        Report("Synchronizacja kursu jest wyłączona (brak BLACKBELT_COURSE_REPO).").write()
        return 0
    is_repo = (COURSE_DIR / ".git").is_dir()
    if not remote_reachable():
        if is_repo:
            status = (
                "**Nie udało się połączyć z repozytorium kursu**, więc pracujesz na swojej "
                f"dotychczasowej kopii w `{COURSE_DIR.name}` — nic w niej nie zmieniłem. "
                "Nowości pobiorą się przy następnym uruchomieniu serwera."
            )
        else:
            status = (
                "**Nie udało się pobrać kursu**: repozytorium kursu jest teraz niedostępne. "
                "Uruchom serwer ponownie za chwilę (Plik → Panel sterowania huba → Stop/Start) "
                "albo poproś prowadzącego o pomoc."
            )
        Report(status).write()
        return 0
    try:
        report = update() if is_repo else first_clone()
    except (subprocess.SubprocessError, OSError) as error:
        abort_half_merge()
        detail = getattr(error, "stderr", "") or str(error)
        print(f"blackbelt-sync: {detail}", file=sys.stderr, flush=True)
        report = Report(
            "**Synchronizacja kursu nie powiodła się**, więc pracujesz na swojej dotychczasowej "
            "kopii — nic nie zginęło. Jeśli problem się powtarza, pokaż ten plik prowadzącemu.\n\n"
            f"```\n{str(detail).strip()[-2000:]}\n```"
        )
    report.details.append(f"_Czas synchronizacji: {time.monotonic() - started:.1f} s._")
    report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
