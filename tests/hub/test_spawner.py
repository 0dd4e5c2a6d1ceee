"""Kontenery uczniów: trwały dom, limity, zero przywilejów, GPU albo CPU.

Klucze konfiguracji to prawdziwe cechy DockerSpawnera.
"""

from __future__ import annotations

import pytest
from dockerspawner import DockerSpawner  # type: ignore[import-untyped]

from hub.settings import Settings
from hub.spawner import (
    docker_spawner_config,
    gpu_count,
    host_config,
    nvidia_runtime_available,
)

NVIDIA_INFO: dict[str, object] = {
    "Runtimes": {"runc": {}, "nvidia": {"path": "nvidia-container-runtime"}}
}
PLAIN_INFO: dict[str, object] = {"Runtimes": {"runc": {}}}


def test_every_key_is_a_configurable_dockerspawner_trait() -> None:
    traits = set(DockerSpawner.class_trait_names(config=True))
    assert set(docker_spawner_config(Settings(), 0)) <= traits


def test_whole_home_is_a_persistent_named_volume_and_nothing_else_is_mounted() -> None:
    config = docker_spawner_config(Settings(prefix="kl"), 0)
    assert config["volumes"] == {"kl-home-{username}": "/home/jovyan"}
    assert config["remove"] is True
    mounted = " ".join(config["volumes"]) + " ".join(config["volumes"].values())
    assert "docker.sock" not in mounted


def test_limits_and_no_privileges() -> None:
    settings = Settings(mem_limit="6G", cpu_limit=2.0, pids_limit=300, shm_size="1G")
    config = docker_spawner_config(settings, 0)
    assert config["mem_limit"] == "6G"
    assert config["cpu_limit"] == 2.0
    extra = config["extra_host_config"]
    assert extra["pids_limit"] == 300
    assert extra["shm_size"] == "1G"
    assert extra["cap_drop"] == ["ALL"]
    assert extra["security_opt"] == ["no-new-privileges:true"]
    assert extra["privileged"] is False
    assert "binds" not in extra and "devices" not in extra


def test_only_the_learner_image_is_allowed_and_never_pulled() -> None:
    config = docker_spawner_config(Settings(learner_image="x/uczen:2"), 0)
    assert config["image"] == "x/uczen:2"
    assert config["allowed_images"] == ["x/uczen:2"]
    assert config["pull_policy"] == "never"


def test_course_sync_settings_reach_the_learner() -> None:
    env = docker_spawner_config(Settings(course_repo="git://r/k.git", course_branch="b"), -1)[
        "environment"
    ]
    assert env["BLACKBELT_COURSE_REPO"] == "git://r/k.git"
    assert env["BLACKBELT_COURSE_BRANCH"] == "b"
    assert "NVIDIA_VISIBLE_DEVICES" not in env


@pytest.mark.parametrize(
    ("gpus", "info", "expected"),
    [
        ("auto", NVIDIA_INFO, -1),
        ("auto", PLAIN_INFO, 0),
        ("auto", {"CDISpecDirs": ["/etc/cdi"], "Runtimes": {}}, 0),
        ("auto", {"CDISpecDirs": ["/var/run/cdi/nvidia.yaml"]}, -1),
        ("all", PLAIN_INFO, -1),
        ("none", NVIDIA_INFO, 0),
        (2, PLAIN_INFO, 2),
    ],
)
def test_gpu_count(gpus: object, info: dict[str, object], expected: int) -> None:
    assert gpu_count(Settings(gpus=gpus), info) == expected  # type: ignore[arg-type]


def test_gpu_request_only_when_gpus_are_given() -> None:
    assert host_config(Settings(), -1)["device_requests"] == [
        {"count": -1, "capabilities": [["gpu"]]}
    ]
    assert "device_requests" not in host_config(Settings(), 0)


def test_cpu_mode_hides_gpus_even_with_nvidia_default_runtime() -> None:
    env = docker_spawner_config(Settings(gpus="none"), 0)["environment"]
    assert env["NVIDIA_VISIBLE_DEVICES"] == "void"


def test_nvidia_runtime_detection_tolerates_missing_fields() -> None:
    assert not nvidia_runtime_available({})
    assert not nvidia_runtime_available({"Runtimes": None, "CDISpecDirs": None})
