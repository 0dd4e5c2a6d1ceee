"""Fakty o maszynie (rdzenie, pamięć, load average, inne kontenery) i próbkowanie w tle."""

from __future__ import annotations

import datetime
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from devtools.classroom_load.docker import docker_lines, run_docker


@dataclass
class MachineFacts:
    cores: int
    load_average: tuple[float, float, float]
    memory_total_bytes: int
    memory_available_bytes: int
    other_containers: list[str] | None  # None: `docker ps` się nie udał
    when_utc: str

    @classmethod
    def collect(cls, exclude_prefix: str) -> MachineFacts:
        meminfo = _meminfo()
        names = _running_containers()
        one, five, fifteen = os.getloadavg()
        return cls(
            cores=os.cpu_count() or 0,
            load_average=(round(one, 2), round(five, 2), round(fifteen, 2)),
            memory_total_bytes=meminfo.get("MemTotal", 0),
            memory_available_bytes=meminfo.get("MemAvailable", 0),
            other_containers=(
                None
                if names is None
                else sorted(n for n in names if not n.startswith(exclude_prefix))
            ),
            when_utc=_now_utc(),
        )


@dataclass(frozen=True)
class BusyFigures:
    """Obciążenie w trakcie etapu: szczyt load average i zdrowie huba według Dockera."""

    peak_load_1min: float
    samples: int
    hub_unhealthy_samples: int


class Sampler:
    """W tle co `every` s: load average (1 min) i stan healthcheck kontenera huba."""

    def __init__(self, hub_container: str, every: float = 2.0) -> None:
        self.hub_container, self.every = hub_container, every
        self.loads: list[float] = []
        self.unhealthy = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while True:
            self.loads.append(os.getloadavg()[0])
            health = docker_lines(
                "inspect", "--format", "{{.State.Health.Status}}", self.hub_container
            )
            self.unhealthy += health == ["unhealthy"]
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def result(self) -> BusyFigures:
        return BusyFigures(round(max(self.loads, default=0.0), 2), len(self.loads), self.unhealthy)


def _now_utc() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _meminfo() -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return values
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[name] = int(parts[0]) * 1024
    return values


def _running_containers() -> list[str] | None:
    try:
        result = run_docker("ps", "--format", "{{.Names}}")
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]
