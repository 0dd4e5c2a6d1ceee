"""Synchronizacja kursu (docker/learner/blackbelt_sync.py) na prawdziwym gicie, bez Dockera.

Te same obietnice co w testach e2e, ale szybko i wszędzie: kurs się pobiera, nowości dochodzą,
praca ucznia nie ginie (i uczeń dostaje raport), niedostępne repozytorium nie blokuje startu.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "docker" / "learner" / "blackbelt_sync.py"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="brak gita")


@dataclass
class Setup:
    origin: Path
    work: Path
    home: Path

    @property
    def course(self) -> Path:
        return self.home / "kurs"

    def publish(self, files: dict[str, str | None]) -> None:
        for rel, text in files.items():
            path = self.work / rel
            if text is None:
                path.unlink()
            else:
                path.write_text(text)
        git(self.work, "add", "-A")
        git(self.work, "commit", "-qm", "zmiana")
        git(self.work, "push", "-q", str(self.origin), "main")

    def sync(self, repo: str | None = None) -> str:
        bin_dir = str(Path(sys.executable).parent)
        env = {
            **os.environ,
            "HOME": str(self.home),
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "BLACKBELT_COURSE_REPO": repo or str(self.origin),
            "BLACKBELT_COURSE_DIR": str(self.course),
            "BLACKBELT_SYNC_TIMEOUT": "30",
        }
        result = subprocess.run(
            [sys.executable, str(SCRIPT)],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return (self.home / "raport-synchronizacji.md").read_text()


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    origin, work, home = tmp_path / "kurs.git", tmp_path / "work", tmp_path / "home"
    home.mkdir()
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    s = Setup(origin, work, home)
    s.publish({"a.txt": "a1\n", "b.txt": "b1\nlinia 2\n", "notatki.md": "notatki\n"})
    return s


def test_first_start_clones_the_course(setup: Setup) -> None:
    report = setup.sync()
    assert "Pobrałem kurs" in report
    assert (setup.course / "a.txt").read_text() == "a1\n"


def test_instructor_updates_arrive(setup: Setup) -> None:
    setup.sync()
    setup.publish({"a.txt": "a2\n", "nowa.txt": "nowa\n"})
    report = setup.sync()
    assert (setup.course / "a.txt").read_text() == "a2\n"
    assert (setup.course / "nowa.txt").exists()
    assert "`nowa.txt`" in report and "`a.txt`" in report


def test_learner_work_is_kept_backed_up_and_reported(setup: Setup) -> None:
    setup.sync()
    (setup.course / "b.txt").write_text("b UCZNIA\nlinia 2\n")
    (setup.course / "moje.txt").write_text("moje\n")
    (setup.course / "notatki.md").unlink()
    (setup.course / "__pycache__").mkdir()
    (setup.course / "__pycache__" / "x.pyc").write_bytes(b"")
    setup.publish({"b.txt": "b PROWADZĄCEGO\nlinia 2\n", "moje.txt": "plik prowadzącego\n"})

    report = setup.sync()

    assert (setup.course / "b.txt").read_text() == "b UCZNIA\nlinia 2\n"
    (backup,) = (setup.home / "kopie-zapasowe").iterdir()
    assert (backup / "b.txt").read_text() == "b UCZNIA\nlinia 2\n"
    renamed = [p for p in setup.course.iterdir() if p.name.startswith("moje__")]
    assert len(renamed) == 1 and renamed[0].read_text() == "moje\n"
    assert (setup.course / "moje.txt").read_text() == "plik prowadzącego\n"
    assert (setup.course / "notatki.md").exists()
    assert "Nic, co napisałeś, nie zginęło" in report
    assert f"kopie-zapasowe/{backup.name}" in report
    assert "`moje.txt`" in report and "przywrócone" in report and "`notatki.md`" in report
    assert "__pycache__" not in report


def test_second_sync_after_merge_does_not_invent_changes(setup: Setup) -> None:
    setup.sync()
    (setup.course / "b.txt").write_text("b UCZNIA\nlinia 2\n")
    setup.publish({"a.txt": "a2\n"})
    setup.sync()
    report = setup.sync()
    assert "Kurs jest aktualny" in report
    assert not (setup.home / "kopie-zapasowe").exists()


def test_unreachable_repo_never_blocks_and_keeps_the_copy(setup: Setup) -> None:
    setup.sync()
    (setup.course / "a.txt").write_text("moja praca\n")
    report = setup.sync(repo=str(setup.origin.parent / "nie-ma.git"))
    assert "Nie udało się połączyć z repozytorium kursu" in report
    assert (setup.course / "a.txt").read_text() == "moja praca\n"


def test_unreachable_repo_on_first_start_explains_what_to_do(setup: Setup) -> None:
    report = setup.sync(repo=str(setup.origin.parent / "nie-ma.git"))
    assert "Nie udało się pobrać kursu" in report
    assert not setup.course.exists()
