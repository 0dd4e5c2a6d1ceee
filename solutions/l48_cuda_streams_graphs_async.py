"""Rozwiązania wzorcowe lekcji 48 — strumienie, zdarzenia, synchronizacja i CUDA Graphs."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch
from torch import Tensor


def completion_times(
    ops: Sequence[tuple[str, str, float, tuple[str, ...]]], launch_us: float
) -> dict[str, float]:
    """Zwraca {nazwa: chwila zakończenia w µs} według modelu strumieni i zdarzeń."""
    ends: dict[str, float] = {}
    tails: dict[str, float] = {}
    for index, (name, stream, duration_us, waits_for) in enumerate(ops):
        enqueued = (index + 1) * launch_us
        deps = [ends[dep] for dep in waits_for if dep in ends]
        start = max([enqueued, tails.get(stream, 0.0), *deps])
        ends[name] = start + duration_us
        tails[stream] = ends[name]
    return ends


def masked_mean_sync_free(x: Tensor, mask: Tensor) -> Tensor:
    """Średnia x po elementach z mask == True (0.0 dla pustej maski), bez synchronizacji."""
    total = torch.where(mask, x, torch.zeros_like(x)).sum()
    count = mask.sum().to(x.dtype)
    return total / count.clamp(min=1.0)


class StaticRunner:
    """Wywołanie fn przez stałe bufory wejścia i wyjścia (wzorzec grafu CUDA)."""

    static_input: Tensor
    static_output: Tensor

    def __init__(self, fn: Callable[[Tensor], Tensor], example: Tensor) -> None:
        self._fn = fn
        self.static_input = example.clone()
        self.static_output = fn(self.static_input).clone()

    def __call__(self, x: Tensor) -> Tensor:
        if x.shape != self.static_input.shape or x.dtype != self.static_input.dtype:
            raise ValueError("graf ma stały kształt i dtype wejścia")
        self.static_input.copy_(x)
        self.static_output.copy_(self._fn(self.static_input))
        return self.static_output.clone()


def launch_overhead(eager_ms: float, graph_ms: float, n_ops: int) -> tuple[float, float, float]:
    """(µs na operację eager, µs na operację w grafie, przyspieszenie eager/graf)."""
    if n_ops <= 0 or eager_ms <= 0 or graph_ms <= 0:
        raise ValueError("argumenty muszą być dodatnie")
    return eager_ms * 1e3 / n_ops, graph_ms * 1e3 / n_ops, eager_ms / graph_ms


def break_even_replays(capture_ms: float, eager_ms: float, graph_ms: float) -> int:
    """Najmniejsze N z capture_ms + N * graph_ms <= N * eager_ms."""
    if capture_ms <= 0 or eager_ms <= 0 or graph_ms <= 0:
        raise ValueError("argumenty muszą być dodatnie")
    if graph_ms >= eager_ms:
        raise ValueError("graf nie jest szybszy — nigdy się nie zwróci")
    return max(1, math.ceil(capture_ms / (eager_ms - graph_ms)))
