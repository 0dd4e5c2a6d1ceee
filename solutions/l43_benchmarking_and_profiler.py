"""Rozwiązania wzorcowe lekcji 43 — uczciwy pomiar, profiler, MFU."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise


def honest_time(
    fn: Callable[[], object], sync: Callable[[], None], warmup: int, repeats: int
) -> list[float]:
    """Próbki czasu (ms) fn po rozgrzewce, każda zakończona synchronizacją."""
    for _ in range(warmup):
        fn()
    sync()
    samples: list[float] = []
    for _ in range(repeats):
        begin = time.perf_counter_ns()
        fn()
        sync()
        samples.append((time.perf_counter_ns() - begin) / 1e6)
    return samples


def label_total_us(trace: dict[str, object], label: str) -> tuple[int, float]:
    """(liczba, suma czasów w µs) zdarzeń user_annotation typu X o nazwie label."""
    events = trace.get("traceEvents", [])
    if not isinstance(events, list):
        raise TypeError("traceEvents musi być listą")
    count = 0
    total = 0.0
    for event in events:
        if not isinstance(event, dict):
            continue
        if (
            event.get("ph") == "X"
            and event.get("cat") == "user_annotation"
            and event.get("name") == label
        ):
            count += 1
            total += float(event["dur"])
    return count, total


def mlp_train_flops(batch_size: int, widths: tuple[int, ...]) -> int:
    """FLOP-y mm forward + backward MLP; pierwsza warstwa bez gradientu wejścia."""
    total = 0
    for index, (fan_in, fan_out) in enumerate(pairwise(widths)):
        one_matmul = 2 * batch_size * fan_in * fan_out
        total += one_matmul * (2 if index == 0 else 3)
    return total


def mfu(flops_per_step: float, step_seconds: float, peak_flops_per_s: float) -> float:
    """Model FLOPs utilization: FLOP na krok / (czas kroku · szczyt)."""
    if flops_per_step <= 0 or step_seconds <= 0 or peak_flops_per_s <= 0:
        raise ValueError("wszystkie argumenty mfu muszą być dodatnie")
    return flops_per_step / (step_seconds * peak_flops_per_s)


def matmul_cost(m: int, k: int, n: int, element_size: int) -> tuple[int, int]:
    """(FLOP, bajty) mnożenia (m×k) @ (k×n): 2mkn FLOP, każde wejście i wynik raz."""
    return 2 * m * k * n, (m * k + k * n + m * n) * element_size


def bound_by(flops: float, bytes_moved: float, peak_flops: float, peak_bytes: float) -> str:
    """'memory' gdy FLOP/B < balans (peak_flops / peak_bytes), inaczej 'compute'."""
    intensity = flops / bytes_moved
    balance = peak_flops / peak_bytes
    return "memory" if intensity < balance else "compute"
