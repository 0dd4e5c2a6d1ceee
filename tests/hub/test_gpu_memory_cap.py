"""Obraz ucznia: limit pamięci GPU przy współdzielonej karcie (docker/learner/gpu_memory_cap.py).

Plik uruchamiamy tak jak IPython (exec w przestrzeni nazw jądra) z udawanym modułem torch, który
zapisuje wywołania; prawdziwy efekt limitu sprawdza się tylko na maszynie z GPU.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CAP_FILE = ROOT / "docker" / "learner" / "gpu_memory_cap.py"
KERNEL_CONFIG = ROOT / "docker" / "learner" / "ipython_kernel_config.py"
GIB = 2**30


class FakeCuda:
    def __init__(self, total_memory: int) -> None:
        self.total_memory = total_memory
        self.queued: list[Callable[[], None]] = []
        self.fractions: list[tuple[float, int]] = []

    def _lazy_call(self, callable_: Callable[[], None]) -> None:
        self.queued.append(callable_)

    def initialize(self) -> None:
        """To, co robi torch przy pierwszym użyciu CUDA: wykonuje odłożone wywołania."""
        for call in self.queued:
            call()

    def get_device_properties(self, index: int) -> SimpleNamespace:
        return SimpleNamespace(total_memory=self.total_memory)

    def set_per_process_memory_fraction(self, fraction: float, device: int) -> None:
        self.fractions.append((fraction, device))


def run_cap(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], total: int = 80 * GIB
) -> FakeCuda:
    for name in ("BLACKBELT_GPU_MEMORY_FRACTION", "BLACKBELT_GPU_MEMORY_BYTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cuda = FakeCuda(total)
    torch = ModuleType("torch")
    torch.cuda = cuda  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "torch", torch)
    namespace: dict[str, Any] = {}
    exec(compile(CAP_FILE.read_text(), str(CAP_FILE), "exec"), namespace)  # jak IPython exec_files
    assert [
        name for name in namespace if not name.startswith("__")
    ] == []  # nic w przestrzeni ucznia
    return cuda


def test_fraction_is_applied_when_cuda_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    cuda = run_cap(monkeypatch, {"BLACKBELT_GPU_MEMORY_FRACTION": "0.25"})
    assert cuda.fractions == []  # jądro bez GPU nie zajmuje pamięci karty
    cuda.initialize()
    assert cuda.fractions == [(0.25, 0)]


def test_bytes_become_a_fraction_of_the_card(monkeypatch: pytest.MonkeyPatch) -> None:
    cuda = run_cap(monkeypatch, {"BLACKBELT_GPU_MEMORY_BYTES": str(20 * GIB)}, total=80 * GIB)
    cuda.initialize()
    assert cuda.fractions == [(0.25, 0)]


def test_more_bytes_than_the_card_means_the_whole_card(monkeypatch: pytest.MonkeyPatch) -> None:
    cuda = run_cap(monkeypatch, {"BLACKBELT_GPU_MEMORY_BYTES": str(200 * GIB)}, total=80 * GIB)
    cuda.initialize()
    assert cuda.fractions == [(1.0, 0)]


def test_without_a_cap_torch_is_not_even_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    cuda = run_cap(monkeypatch, {})
    assert cuda.queued == []


def test_bad_value_warns_and_never_breaks_the_kernel(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cuda = run_cap(monkeypatch, {"BLACKBELT_GPU_MEMORY_FRACTION": "dużo"})
    cuda.initialize()
    assert cuda.fractions == []
    assert "limit pamięci GPU nie został ustawiony" in capsys.readouterr().err


def test_every_kernel_runs_the_cap_file() -> None:
    from traitlets.config import Config

    config = Config()
    exec(KERNEL_CONFIG.read_text(), {"get_config": lambda: config})
    assert config.InteractiveShellApp.exec_files == ["/opt/blackbelt/gpu_memory_cap.py"]
    dockerfile = (ROOT / "docker" / "learner" / "Dockerfile").read_text()
    assert "COPY docker/learner/gpu_memory_cap.py /opt/blackbelt/gpu_memory_cap.py" in dockerfile
    assert "/opt/venv/etc/ipython/ipython_kernel_config.py" in dockerfile
