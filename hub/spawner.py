"""Kontenery uczniów (DockerSpawner): trwały katalog domowy, limity, bez uprawnień, GPU albo CPU.

Bez puli GPU (BLACKBELT_GPU_POOL) wszystkie kontenery dostają to samo (BLACKBELT_GPUS). Z pulą
BlackbeltSpawner przed utworzeniem kontenera bierze przydział z hub/gpu_pool.py i z tego jednego
obiektu ustawia żądanie urządzenia, NVIDIA_VISIBLE_DEVICES i etykiety kontenera; zwalnia go po
zatrzymaniu serwera i po nieudanym starcie. Statyczna konfiguracja przy puli to tryb CPU, więc
kontener nigdy nie dostanie karty bez przydziału.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, ClassVar

from dockerspawner import DockerSpawner  # type: ignore[import-untyped]

from hub.gpu_devices import MemoryCap
from hub.gpu_pool import (
    GPU_LABEL,
    GpuAssignment,
    GpuPool,
    Holding,
    HoldingSource,
    holdings_from_containers,
)
from hub.settings import Settings

HOME = "/home/jovyan"
# Potomek loggera JupyterHuba: komunikaty trafiają do logu huba z jego poziomem i formatem.
log = logging.getLogger("JupyterHub").getChild("blackbelt.gpu")


def nvidia_runtime_available(docker_info: Mapping[str, Any]) -> bool:
    """Czy silnik Dockera umie dawać kontenerom karty NVIDIA (nvidia-container-toolkit)."""
    runtimes = docker_info.get("Runtimes") or {}
    cdi_dirs = docker_info.get("CDISpecDirs") or []
    return "nvidia" in runtimes or any("nvidia" in str(path) for path in cdi_dirs)


def gpu_count(settings: Settings, docker_info: Mapping[str, Any]) -> int:
    """Ile kart dać uczniowi: -1 = wszystkie, 0 = tryb CPU."""
    if settings.gpus == "none":
        return 0
    if settings.gpus == "all":
        return -1
    if settings.gpus == "auto":
        return -1 if nvidia_runtime_available(docker_info) else 0
    return settings.gpus


def host_config(settings: Settings, gpus: int) -> dict[str, Any]:
    """Dodatki do HostConfig kontenera ucznia (limity i zero przywilejów)."""
    config: dict[str, Any] = {
        "pids_limit": settings.pids_limit,
        "shm_size": settings.shm_size,
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true"],
        "privileged": False,
        "init": False,  # PID 1 to tini z obrazu
    }
    if gpus != 0:
        config["device_requests"] = [{"count": gpus, "capabilities": [["gpu"]]}]
    return config


def learner_environment(settings: Settings, gpus: int) -> dict[str, str]:
    env = {
        "BLACKBELT_COURSE_REPO": settings.course_repo,
        "BLACKBELT_COURSE_BRANCH": settings.course_branch,
        "BLACKBELT_COURSE_DIR": f"{HOME}/kurs",
    }
    if gpus == 0:
        # Obrazy nvidia/cuda ustawiają NVIDIA_VISIBLE_DEVICES=all; w trybie CPU nie dajemy kart
        # nawet wtedy, gdy runtime nvidia jest domyślnym runtime'em silnika.
        env["NVIDIA_VISIBLE_DEVICES"] = "void"
    return env


def docker_spawner_config(settings: Settings, gpus: int) -> dict[str, Any]:
    """Wartości cech `c.DockerSpawner.*` (nazwa cechy -> wartość)."""
    return {
        "image": settings.learner_image,
        "allowed_images": [settings.learner_image],
        "pull_policy": "never",  # obraz budujemy lokalnie (compose), nie ma go w rejestrze
        "network_name": settings.network,
        "use_internal_ip": True,
        "remove": True,  # kontener jest jednorazowy; trwały jest wolumen z katalogiem domowym
        "prefix": settings.prefix,
        "name_template": settings.container_name_template,
        "volumes": {settings.home_volume_template: HOME},
        "notebook_dir": HOME,
        "default_url": "/lab/tree/kurs",
        "mem_limit": settings.mem_limit,
        "cpu_limit": settings.cpu_limit,
        "extra_host_config": host_config(settings, gpus),
        "environment": learner_environment(settings, gpus),
        # JupyterHub przerywa start po start_timeout — czekanie na kartę musi się w nim zmieścić.
        "start_timeout": settings.spawn_timeout_s + gpu_wait_budget_s(settings),
        "http_timeout": settings.spawn_timeout_s,
    }


def gpu_wait_budget_s(settings: Settings) -> int:
    """Ile sekund start serwera może czekać w kolejce po kartę (0 bez polityki wait)."""
    if settings.gpu_pool and settings.gpu_policy == "wait":
        return settings.gpu_wait_timeout_s
    return 0


def docker_holdings_source(
    client_factory: Callable[[], Any], share_cap: MemoryCap | None
) -> HoldingSource:
    """Źródło stanu puli po restarcie: kontenery z etykietą blackbelt.gpu (API Dockera)."""
    clients: list[Any] = []

    async def running_holdings() -> list[Holding]:
        if not clients:
            clients.append(client_factory())
        containers = await asyncio.to_thread(
            clients[0].containers, all=True, filters={"label": GPU_LABEL}
        )
        return holdings_from_containers(containers, share_cap)

    return running_holdings


class BlackbeltSpawner(DockerSpawner):  # type: ignore[misc]
    """DockerSpawner z przydziałem GPU z puli (gdy `gpu_pool` jest ustawiona przez konfigurację).

    Pula to pole klasy, a nie cecha konfiguracji: traitlets kopiuje (deepcopy) wartości z
    konfiguracji do każdej instancji, a pula musi być jedna na cały hub.
    """

    gpu_pool: ClassVar[GpuPool | None] = None
    progress_poll_s: ClassVar[float] = 0.5

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.gpu_assignment: GpuAssignment | None = None
        self._gpu_events: list[dict[str, Any]] = []
        self._gpu_settled = True

    async def start(self) -> tuple[str, int]:
        pool = self.gpu_pool
        if pool is None:
            started: tuple[str, int] = await super().start()
            return started
        holder = self.object_name
        self._gpu_events = []
        self._gpu_settled = False
        try:
            assignment = await pool.acquire(holder, self.user.name, self._report_gpu_wait)
        finally:
            self._gpu_settled = True
        self._use_gpu(assignment)
        self._gpu_events.append({"progress": 10, "message": assignment.describe()})
        try:
            ip_port: tuple[str, int] = await super().start()
        except BaseException:
            await self._release_after_failed_start(pool, holder)
            raise
        return ip_port

    async def stop(self, now: bool = False) -> None:
        holder = self.object_name
        await super().stop(now=now)
        self.gpu_assignment = None
        if self.gpu_pool is not None:
            await self.gpu_pool.release(holder)

    def get_env(self) -> dict[str, str]:
        env: dict[str, str] = super().get_env()
        if self.gpu_assignment is not None:
            env.update(self.gpu_assignment.environment())
        return env

    async def progress(self) -> AsyncIterator[dict[str, Any]]:
        """Komunikaty o GPU na stronie startu serwera (kolejka, przydzielona karta, tryb CPU)."""
        sent = 0
        while True:
            settled = self._gpu_settled
            events = self._gpu_events
            for event in events[sent:]:
                yield event
            sent = len(events)
            if settled:
                return
            await asyncio.sleep(self.progress_poll_s)

    def _report_gpu_wait(self, message: str) -> None:
        if not self._gpu_events or self._gpu_events[-1]["message"] != message:
            self._gpu_events.append({"progress": 5, "message": message})

    def _use_gpu(self, assignment: GpuAssignment) -> None:
        """Jeden przydział -> żądanie urządzenia, zmienne środowiska i etykiety tego kontenera."""
        self.gpu_assignment = assignment
        traits: Any = self  # cechy DockerSpawnera (traitlets) nie mają typów dla mypy
        host = _static_dict("extra_host_config", traits.extra_host_config)
        traits.extra_host_config = {**host, "device_requests": assignment.device_requests()}
        create = _static_dict("extra_create_kwargs", traits.extra_create_kwargs)
        labels = {**create.get("labels", {}), **assignment.labels(self.user.name)}
        traits.extra_create_kwargs = {**create, "labels": labels}

    async def _release_after_failed_start(self, pool: GpuPool, holder: str) -> None:
        """Nieudany start: usuń ewentualny kontener, potem oddaj kartę (nigdy odwrotnie)."""
        self.gpu_assignment = None
        traits: Any = self
        if traits.object_id:
            try:
                await self.stop_object()
                await self.remove_object()
            except Exception:
                # Kontener może nadal działać z tą kartą: nie oddajemy jej, żeby nie dać jej
                # drugiemu uczniowi. Odda ją stop serwera albo odbudowa puli po restarcie.
                log.exception("GPU: nie udało się usunąć kontenera %s po błędzie startu", holder)
                return
            traits.object_id = ""
        await pool.release(holder)


def _static_dict(trait: str, value: object) -> dict[str, Any]:
    if callable(value):
        raise TypeError(
            f"BlackbeltSpawner: przy puli GPU DockerSpawner.{trait} musi być słownikiem, "
            "nie funkcją (przydział GPU dopisuje do niego swoje klucze)."
        )
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"BlackbeltSpawner: DockerSpawner.{trait} musi być słownikiem")
    return dict(value)
