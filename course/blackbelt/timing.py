"""Uczciwy pomiar czasu: rozgrzewka, synchronizacja CUDA, mediana i rozrzut.

Dlaczego nie ``time.time()`` wokół jednego wywołania? Bo (1) pierwsze wywołania płacą za
leniwą inicjalizację, autotuning i zimne cache; (2) na GPU wywołanie operacji tylko *kolejkuje*
kernel — bez synchronizacji mierzymy czas zlecenia, nie wykonania; (3) pojedynczy pomiar nie mówi
nic o szumie. Ten moduł robi wszystkie trzy rzeczy dobrze i zwraca surowe próbki.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class TimingConfig:
    """Parametry pomiaru."""

    warmup: int = 3
    repeats: int = 15
    max_seconds: float = 2.0

    def __post_init__(self) -> None:
        if self.warmup < 0:
            raise ValueError("warmup nie może być ujemny")
        if self.repeats < 3:
            raise ValueError("repeats musi wynosić co najmniej 3, by policzyć rozrzut")
        if self.max_seconds <= 0:
            raise ValueError("max_seconds musi być dodatnie")


@dataclass(frozen=True)
class Timing:
    """Wynik pomiaru: surowe próbki w milisekundach i statystyki odporne na wartości odstające."""

    label: str
    device: str
    samples_ms: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.samples_ms) < 3:
            raise ValueError("Timing potrzebuje co najmniej 3 próbek")

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def iqr_ms(self) -> float:
        """Rozstęp międzykwartylowy: szerokość środkowej połowy próbek."""
        q1, _, q3 = statistics.quantiles(self.samples_ms, n=4, method="inclusive")
        return q3 - q1

    @property
    def min_ms(self) -> float:
        return min(self.samples_ms)

    def __str__(self) -> str:
        return (
            f"{self.label or 'pomiar'} [{self.device}]: mediana {self.median_ms:.3f} ms, "
            f"IQR {self.iqr_ms:.3f} ms, min {self.min_ms:.3f} ms, n={len(self.samples_ms)}"
        )


def _device_type(device: torch.device | str) -> str:
    return torch.device(device).type


def measure(
    fn: Callable[[], object],
    device: torch.device | str = "cpu",
    config: TimingConfig | None = None,
    label: str = "",
) -> Timing:
    """Mierzy ``fn`` uczciwie i zwraca :class:`Timing`.

    Na CUDA każda próbka jest mierzona parą zdarzeń (``torch.cuda.Event``) nagranych w bieżącym
    strumieniu, a przed pomiarem urządzenie jest synchronizowane. Na CPU używamy
    ``time.perf_counter_ns``. Pomiar kończy się po ``repeats`` próbkach albo po ``max_seconds``
    (ale nigdy przed zebraniem 3 próbek).
    """
    cfg = config or TimingConfig()
    kind = _device_type(device)
    for _ in range(cfg.warmup):
        fn()
    samples: list[float] = []
    budget_end = time.perf_counter() + cfg.max_seconds
    if kind == "cuda":
        torch.cuda.synchronize(device)
        for _ in range(cfg.repeats):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            end.synchronize()
            samples.append(start.elapsed_time(end))
            if len(samples) >= 3 and time.perf_counter() > budget_end:
                break
    else:
        for _ in range(cfg.repeats):
            begin = time.perf_counter_ns()
            fn()
            samples.append((time.perf_counter_ns() - begin) / 1e6)
            if len(samples) >= 3 and time.perf_counter() > budget_end:
                break
    return Timing(label=label, device=str(torch.device(device)), samples_ms=tuple(samples))


def speedup(slow: Timing, fast: Timing) -> float:
    """Ile razy ``fast`` jest szybszy od ``slow`` (stosunek median)."""
    return slow.median_ms / fast.median_ms


def bandwidth_gb_s(bytes_moved: int, timing: Timing) -> float:
    """Efektywna przepustowość pamięci w GB/s (10^9 B/s) dla mediany pomiaru."""
    return bytes_moved / (timing.median_ms / 1e3) / 1e9


def tflops(flop: float, timing: Timing) -> float:
    """Osiągnięta przepustowość obliczeń w TFLOP/s dla mediany pomiaru."""
    return flop / (timing.median_ms / 1e3) / 1e12
