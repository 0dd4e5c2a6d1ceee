"""Stos klasy pod pomiarem: własny projekt compose (build, up, sprzątanie) albo podłączony hub."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from devtools.classroom_load.config import COMPOSE_FILE, HUB_COMMAND, REPO_ROOT, LoadOptions
from devtools.classroom_load.docker import run_docker
from devtools.classroom_load.results import LoadReport
from devtools.hubclient import ClassroomError, Hub
from devtools.local_stack import free_port, local_build_env


@dataclass
class Stack:
    """Stos klasy projektu compose (własny albo podłączony) i sprzątanie jego uczniów."""

    options: LoadOptions
    env: dict[str, str]
    data_dir: Path | None = None
    override: Path | None = None  # plik compose z --hub-option (eksperyment)

    def compose(self, *args: str) -> subprocess.CompletedProcess[str]:
        files = ["-f", str(COMPOSE_FILE)]
        if self.override is not None:
            files += ["-f", str(self.override)]
        return run_docker(
            "compose", "-p", self.options.project, *files, *args, env=self.env, cwd=REPO_ROOT
        )

    def container(self, learner: str) -> str:
        return f"{self.options.prefix}-{learner}"

    def home_volume(self, learner: str) -> str:
        return f"{self.options.prefix}-home-{learner}"

    def remove_learners(self, names: Sequence[str]) -> None:
        containers = [self.container(name) for name in names]
        volumes = [self.home_volume(name) for name in names]
        run_docker("rm", "-f", *containers)
        run_docker("volume", "rm", *volumes)

    def hub_log(self) -> str:
        return self.compose("logs", "--no-color", "hub").stdout


def own_stack_env(options: LoadOptions, port: int, token: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BLACKBELT_PROJECT": options.project,
        "BLACKBELT_NETWORK": f"{options.project}-net",
        "BLACKBELT_PREFIX": options.prefix,
        "BLACKBELT_PORT": str(port),
        "BLACKBELT_BIND_ADDRESS": "127.0.0.1",
        "BLACKBELT_API_TOKEN": token,
        "BLACKBELT_GPUS": "none",
        "BLACKBELT_MEM_LIMIT": options.mem_limit,
        "BLACKBELT_CPU_LIMIT": f"{options.cpu_limit:g}",
        "BLACKBELT_SHM_SIZE": "256M",
        "BLACKBELT_ADMIN_USERS": "",
        "BLACKBELT_AUTHENTICATOR": "native",
        "BLACKBELT_COURSE_DATA": str(data_dir),
        **local_build_env(),
    }


def hub_override(hub_options: Sequence[str]) -> dict[str, Any]:
    """Nakładka compose: polecenie huba z dodatkowymi opcjami `--Klasa.cecha=wartość`."""
    command = [*HUB_COMMAND, *(f"--{option}" for option in hub_options)]
    return {"services": {"hub": {"command": command}}}


@contextmanager
def classroom(options: LoadOptions, report: LoadReport) -> Iterator[tuple[Stack, Hub]]:
    """Własny stos (build + up, sprzątanie na końcu) albo podłączenie do działającego huba."""
    names = options.learner_names()
    if options.attached:
        assert options.url is not None and options.token is not None
        stack = Stack(options, dict(os.environ))
        hub = Hub(options.url, options.token)
        hub.wait_up(timeout=30, pause=0.5)
        try:
            yield stack, hub
        finally:
            if not options.keep:
                _remove_attached_learners(stack, hub, names)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="bbload-course-"))
    port = options.port or free_port()
    token = secrets.token_hex(32)
    stack = Stack(options, own_stack_env(options, port, token, data_dir), data_dir)
    if options.hub_options:
        stack.override = data_dir.with_name(data_dir.name + "-hub.json")  # JSON to też YAML
        stack.override.write_text(json.dumps(hub_override(options.hub_options)))
    hub = Hub(f"http://127.0.0.1:{port}", token)
    _teardown(stack, names)  # resztki po przerwanym przebiegu
    try:
        if options.build:
            started = time.monotonic()
            _must(stack.compose("build"), "docker compose build")
            report.build_s = round(time.monotonic() - started, 1)
        started = time.monotonic()
        _must(stack.compose("up", "--detach"), "docker compose up")
        hub.wait_up(timeout=300, pause=0.5)
        report.stack_up_s = round(time.monotonic() - started, 1)
        print(f"stos {options.project} gotowy: {hub.url} (katalog kursu {data_dir})", flush=True)
        yield stack, hub
    finally:
        if options.keep:
            print(f"--keep: stos zostaje: {hub.url}, token {token}", flush=True)
        else:
            _teardown(stack, names)
            shutil.rmtree(data_dir, ignore_errors=True)
            if stack.override is not None:
                stack.override.unlink(missing_ok=True)


def _must(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise ClassroomError(f"{what} nie powiodło się: {(result.stdout + result.stderr)[-1500:]}")


def _teardown(stack: Stack, names: Sequence[str]) -> None:
    stack.remove_learners(names)
    stack.compose("down", "--volumes", "--remove-orphans")
    stack.remove_learners(names)


def _remove_attached_learners(stack: Stack, hub: Hub, names: Sequence[str]) -> None:
    for name in names:
        try:
            hub.api("DELETE", f"/users/{name}/server")
            hub.api("DELETE", f"/users/{name}")
        except requests.RequestException:
            pass
    stack.remove_learners(names)
