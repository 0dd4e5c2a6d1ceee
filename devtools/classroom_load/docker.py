"""Wywołania programu `docker`: identyfikator kontenera, rozmiar obrazu, zużycie pamięci."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from devtools.classroom_load.stats import parse_size


def run_docker(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`docker ARGS` z przechwyconym wyjściem; kod wyjścia ocenia wywołujący."""
    return subprocess.run(
        ["docker", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def docker_lines(*args: str) -> list[str]:
    """Niepuste wiersze wyjścia polecenia; bez programu docker: pusta lista (fakty opcjonalne)."""
    try:
        result = run_docker(*args)
    except OSError:
        return []
    return [line for line in result.stdout.splitlines() if line.strip()]


def container_id(name: str) -> str | None:
    result = run_docker("inspect", "--format", "{{.Id}}", name)
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def image_bytes(image: str) -> int | None:
    lines = docker_lines("image", "inspect", "--format", "{{.Size}}", image)
    return int(lines[0]) if lines and lines[0].isdigit() else None


def containers_memory(names: Sequence[str]) -> dict[str, int]:
    """Zużycie pamięci kontenerów według `docker stats` (nazwa -> bajty)."""
    if not names:
        return {}
    lines = docker_lines("stats", "--no-stream", "--format", "{{.Name}}\t{{.MemUsage}}", *names)
    usage: dict[str, int] = {}
    for line in lines:
        name, _, mem = line.partition("\t")
        try:
            usage[name] = parse_size(mem.split("/")[0])
        except ValueError:
            continue
    return usage
