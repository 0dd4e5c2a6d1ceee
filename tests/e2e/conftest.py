"""Stos klasy (`docker compose up`) na prawdziwym silniku Dockera dla testów e2e.

Stos startuje z nakładką HTTPS (compose.https.yaml): proxy Caddy z wewnętrznym CA
(BLACKBELT_TLS=internal, bo ACME nie ma tu internetu) dla domeny localhost, porty na 127.0.0.1.

Bez silnika Dockera testy e2e są pomijane z podaniem powodu — chyba że ustawiono
BLACKBELT_REQUIRE_DOCKER=1 (CI), wtedy brak silnika jest błędem.
Obrazy budują się na lokalnej bazie Debiana (BLACKBELT_E2E_BASE, domyślnie blackbelt/base:trixie,
tworzy ją .ci/setup-docker), a torch pochodzi z PyPI (TORCH_BACKEND pusty).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.hubclient import Hub
from devtools.local_stack import BASE_IMAGE, free_port, local_build_env

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
PROJECT = "bbtest"
LEARNERS = ("ala", "bartek", "celina")  # celina loguje się przeglądarką (test Playwright)
ADMIN = "prowadzacy"  # administrator z BLACKBELT_ADMIN_USERS: zatwierdza konta na /hub/authorize
DOMAIN = "localhost"  # certyfikat z wewnętrznego CA Caddy; localhost rozwiązuje się bez DNS
COMPOSE_FILES = ("compose.yaml", "compose.https.yaml")
CADDY_ROOT_CA = "/data/caddy/pki/authorities/local/root.crt"  # w wolumenie proxy-data


def docker_problem() -> str | None:
    if shutil.which("docker") is None:
        return "brak polecenia docker"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, check=False)
    if info.returncode != 0:
        return f"silnik Dockera nieosiągalny: {info.stderr.strip()[:200]}"
    if subprocess.run(
        ["docker", "compose", "version"], capture_output=True, check=False
    ).returncode:
        return "brak wtyczki docker compose"
    if subprocess.run(
        ["docker", "image", "inspect", BASE_IMAGE], capture_output=True, check=False
    ).returncode:
        return f"brak lokalnego obrazu bazowego {BASE_IMAGE} (uruchom .ci/setup-docker)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if not e2e:
        return
    problem = docker_problem()
    if problem is None:
        return
    if os.environ.get("BLACKBELT_REQUIRE_DOCKER") == "1":
        raise pytest.UsageError(
            f"BLACKBELT_REQUIRE_DOCKER=1, a testy e2e nie mogą ruszyć: {problem}"
        )
    for item in e2e:
        item.add_marker(pytest.mark.skip(reason=f"testy e2e wymagają Dockera: {problem}"))


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Prowadzący", "-c", "user.email=prowadzacy@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@dataclass
class Instructor:
    """Roboczy klon kursu prowadzącego; push idzie prosto do gołego repozytorium stosu."""

    work: Path

    def write(self, rel: str, text: str) -> None:
        path = self.work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def publish(self, message: str) -> None:
        git(self.work, "add", "-A")
        git(self.work, "commit", "-q", "-m", message)
        git(self.work, "push", "-q", "origin", "main")


@dataclass
class Classroom:
    hub: Hub
    instructor: Instructor
    env: dict[str, str]
    figures: dict[str, object]
    http_proxy_url: str  # port 80 proxy (tylko przekierowanie na HTTPS)
    https_url: str  # port 443 proxy: https://localhost:PORT

    def compose(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        files = [arg for name in COMPOSE_FILES for arg in ("-f", str(ROOT / name))]
        return subprocess.run(
            ["docker", "compose", "-p", PROJECT, *files, *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
        )

    def container(self, learner: str) -> str:
        return f"{PROJECT}-{learner}"


def notebook(*cells: str) -> str:
    """Notatnik nbformat 4.5 z komórkami kodu (bez wyników), zapisany jak robi to Jupyter."""
    code_cells: list[dict[str, object]] = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{index}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for index, source in enumerate(cells)
    ]
    nb = {
        "cells": code_cells,
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def seed_course(data: Path, work: Path) -> Instructor:
    """Kurs testowy: prawdziwy pakiet blackbelt z course/ + małe lekcje testowe."""
    bare = data / "kurs.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    shutil.copytree(
        ROOT / "course", work, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    )
    git(work, "init", "-q", "--initial-branch=main")
    instructor = Instructor(work)
    instructor.write("00-test/lekcja-a.ipynb", notebook("x = 1", "print('lekcja A, wersja 1')"))
    instructor.write("00-test/lekcja-b.ipynb", notebook("y = 2", "print('lekcja B, wersja 1')"))
    instructor.write("00-test/notatki.md", "# Notatki prowadzącego\n")
    git(work, "remote", "add", "origin", str(bare))
    instructor.publish("Kurs testowy: wersja 1")
    return instructor


@pytest.fixture(scope="session")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Classroom]:
    problem = docker_problem()
    if problem:
        pytest.skip(f"testy e2e wymagają Dockera: {problem}")
    root = tmp_path_factory.mktemp("classroom")
    data = root / "course-data"
    data.mkdir()
    instructor = seed_course(data, root / "instructor")
    port, http_port, https_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(32)
    env = {
        **os.environ,
        "BLACKBELT_PROJECT": PROJECT,
        "BLACKBELT_NETWORK": f"{PROJECT}-net",
        "BLACKBELT_PREFIX": PROJECT,
        "BLACKBELT_PORT": str(port),
        "BLACKBELT_API_TOKEN": token,
        "BLACKBELT_GPUS": "none",
        "BLACKBELT_MEM_LIMIT": "3G",
        "BLACKBELT_CPU_LIMIT": "1.5",
        "BLACKBELT_COURSE_DATA": str(data),
        **local_build_env(),
        "BLACKBELT_ADMIN_USERS": ADMIN,
        # Nakładka HTTPS: wewnętrzne CA Caddy (ACME nie ma tu internetu), porty tylko na pętli.
        "BLACKBELT_DOMAIN": DOMAIN,
        "BLACKBELT_TLS": "internal",
        "BLACKBELT_PUBLIC_BIND": "127.0.0.1",
        "BLACKBELT_HTTP_PORT": str(http_port),
        "BLACKBELT_HTTPS_PORT": str(https_port),
    }
    room = Classroom(
        Hub(f"http://127.0.0.1:{port}", token),
        instructor,
        env,
        {},
        http_proxy_url=f"http://{DOMAIN}:{http_port}",
        https_url=f"https://{DOMAIN}:{https_port}",
    )
    remove_learners(room)  # resztki po przerwanym przebiegu
    room.compose("down", "--volumes", "--remove-orphans", check=False)
    started = time.monotonic()
    build = room.compose("build", check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    room.figures["build_s"] = round(time.monotonic() - started, 1)
    up = room.compose("up", "--detach", check=False)
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    try:
        room.hub.wait_up()
        yield room
    finally:
        REPORTS.mkdir(exist_ok=True)
        for service in ("hub", "proxy"):
            logs = room.compose("logs", "--no-color", service, check=False).stdout
            (REPORTS / f"e2e-{service}.log").write_text(logs[-200_000:])
        write_figures(room)
        remove_learners(room)
        room.compose("down", "--volumes", "--remove-orphans", check=False)
        remove_learners(room)


def remove_learners(room: Classroom) -> None:
    """Kontenery i wolumeny domowe uczniów testowych (tworzy je hub, nie compose)."""
    names = [room.container(learner) for learner in LEARNERS]
    subprocess.run(["docker", "rm", "-f", *names], capture_output=True, check=False)
    volumes = subprocess.run(
        ["docker", "volume", "ls", "-q", "--filter", f"name={PROJECT}-home-"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    if volumes:
        subprocess.run(["docker", "volume", "rm", *volumes], capture_output=True, check=False)


def write_figures(room: Classroom) -> None:
    image = subprocess.run(
        [
            "docker",
            "image",
            "inspect",
            "--format",
            "{{.Size}}",
            room.env["BLACKBELT_LEARNER_IMAGE"],
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if image:
        room.figures["learner_image_bytes"] = int(image)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "platform.json").write_text(json.dumps(room.figures, indent=2))
    lines = ["# Platforma — pomiary z testów e2e", ""]
    if "learner_image_bytes" in room.figures:
        size = int(room.figures["learner_image_bytes"])  # type: ignore[call-overload]
        lines.append(
            f"- Rozmiar obrazu ucznia (test: baza Debian trixie, torch z PyPI): {size / 1e9:.2f} GB"
        )
    labels = {
        "build_s": "Budowa obrazów w teście (`docker compose build`; ~0 s = wszystko z cache)",
        "first_start_s": "Pierwszy start serwera ucznia (klon kursu) do gotowego JupyterLaba",
        "warm_restart_s": (
            "Start serwera → gotowy JupyterLab z zsynchronizowanym kursem (ciepły obraz)"
        ),
        "sync_with_updates_s": "Start z pobraniem zmian prowadzącego (scalanie)",
        "start_repo_down_s": "Start przy niedostępnym repozytorium kursu",
    }
    for key, label in labels.items():
        if key in room.figures:
            lines.append(f"- {label}: {room.figures[key]} s")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines += [
        "",
        f"Obciążenie maszyny (load average 1/5/15 min) na koniec: {load}; CPU: {os.cpu_count()}.",
    ]
    (REPORTS / "platform.md").write_text("\n".join(lines) + "\n")
