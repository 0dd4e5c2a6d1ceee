"""Spójność obrazów z repozytorium: przypięte wersje i środowisko kursu zgodne z uv.lock."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"


def pins(path: Path) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", path.read_text(), flags=re.MULTILINE)
    return {name.lower(): version for name, version in found}


def test_hub_and_learner_use_the_same_jupyterhub() -> None:
    hub, learner = pins(DOCKER / "hub/requirements.txt"), pins(DOCKER / "learner/requirements.txt")
    assert hub["jupyterhub"] == learner["jupyterhub"]
    group = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["hub"]
    assert f"jupyterhub=={hub['jupyterhub']}" in group
    assert f"dockerspawner=={hub['dockerspawner']}" in group


def test_every_image_requirement_is_pinned() -> None:
    for path in (DOCKER / "hub/requirements.txt", DOCKER / "learner/requirements.txt"):
        lines = [
            line for line in path.read_text().splitlines() if line and not line.startswith("#")
        ]
        assert lines and all("==" in line for line in lines), path


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv nie jest dostępny")
def test_course_requirements_match_uv_lock(tmp_path: Path) -> None:
    committed = (DOCKER / "learner/course-requirements.txt").read_text()
    script = DOCKER / "learner/export-course-requirements"
    copy = tmp_path / "repo"
    (copy / "docker/learner").mkdir(parents=True)
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, copy / name)
    shutil.copy(script, copy / "docker/learner/")
    subprocess.run(["bash", str(copy / "docker/learner/export-course-requirements")], check=True)
    fresh = (copy / "docker/learner/course-requirements.txt").read_text()
    assert committed == fresh, "uruchom docker/learner/export-course-requirements"


def test_learner_base_is_cuda_13_0_base_flavour() -> None:
    dockerfile = (DOCKER / "learner/Dockerfile").read_text()
    assert re.search(r"^ARG BASE_IMAGE=nvidia/cuda:13\.0\.\d+-base-ubuntu24\.04$", dockerfile, re.M)
    assert "ARG TORCH_BACKEND=cu130" in dockerfile
