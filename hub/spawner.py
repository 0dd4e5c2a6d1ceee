"""Kontenery uczniów (DockerSpawner): trwały katalog domowy, limity, bez uprawnień, GPU albo CPU."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.settings import Settings

HOME = "/home/jovyan"


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
        "start_timeout": settings.spawn_timeout_s,
        "http_timeout": settings.spawn_timeout_s,
    }
