"""Raport środowiska: wersje, urządzenie, CUDA. Każdy notatnik zaczyna od niego."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class EnvironmentReport:
    """Co notatnik ma do dyspozycji na maszynie ucznia."""

    python_version: str
    torch_version: str
    cuda_build: str | None
    cuda_available: bool
    device_name: str
    compute_capability: tuple[int, int] | None
    gpu_memory_gib: float | None
    cpu_threads: int

    @property
    def device(self) -> torch.device:
        return torch.device("cuda" if self.cuda_available else "cpu")

    def describe(self) -> str:
        """Zwięzły opis po polsku, gotowy do wypisania w notatniku."""
        lines = [
            f"Python {self.python_version}, PyTorch {self.torch_version}",
            f"CUDA w kompilacji PyTorcha: {self.cuda_build or 'brak (wersja CPU)'}",
        ]
        if self.cuda_available and self.compute_capability is not None:
            major, minor = self.compute_capability
            lines.append(
                f"GPU: {self.device_name} (compute capability {major}.{minor}, "
                f"{self.gpu_memory_gib:.1f} GiB)"
            )
        else:
            lines.append(
                "GPU: niedostępne — części GPU zmierzymy na CPU i wyraźnie to zaznaczymy."
            )
        lines.append(f"Wątki CPU używane przez PyTorcha: {self.cpu_threads}")
        return "\n".join(lines)


def environment_report() -> EnvironmentReport:
    """Zbiera raport środowiska bez żadnych efektów ubocznych."""
    cuda = torch.cuda.is_available()
    name = platform.processor() or platform.machine() or "CPU"
    capability: tuple[int, int] | None = None
    memory: float | None = None
    if cuda:
        props = torch.cuda.get_device_properties(0)
        name = props.name
        capability = (props.major, props.minor)
        memory = props.total_memory / 2**30
    return EnvironmentReport(
        python_version=platform.python_version(),
        torch_version=torch.__version__,
        cuda_build=torch.version.cuda,
        cuda_available=cuda,
        device_name=name,
        compute_capability=capability,
        gpu_memory_gib=memory,
        cpu_threads=torch.get_num_threads(),
    )


def pick_device(prefer_gpu: bool = True) -> torch.device:
    """Zwraca ``cuda``, gdy jest dostępna i pożądana; w przeciwnym razie ``cpu``.

    Zmienna ``BLACKBELT_FORCE_CPU=1`` wymusza CPU (przydatne do porównań i w testach).
    """
    forced_cpu = os.environ.get("BLACKBELT_FORCE_CPU", "0") == "1"
    if prefer_gpu and not forced_cpu and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")
