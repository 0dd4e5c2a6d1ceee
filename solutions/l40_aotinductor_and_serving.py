"""Rozwiązania wzorcowe do lekcji 40 — AOTInductor i serwer z dynamicznym batchowaniem."""

from __future__ import annotations

import math

from torch import Tensor


def plan_batches(
    arrivals_ms: list[float], max_batch_size: int, max_wait_ms: float
) -> list[list[int]]:
    """Grupuje indeksy żądań w batche: limit rozmiaru i termin liczony od pierwszego żądania."""
    batches: list[list[int]] = []
    current: list[int] = []
    deadline = 0.0
    for index, arrival in enumerate(arrivals_ms):
        if current and (len(current) >= max_batch_size or arrival > deadline):
            batches.append(current)
            current = []
        if not current:
            deadline = arrival + max_wait_ms
        current.append(index)
    if current:
        batches.append(current)
    return batches


def latency_percentiles(samples_ms: list[float], qs: list[float]) -> dict[float, float]:
    """Percentyle metodą linear (jak numpy.percentile); qs w skali 0–100."""
    ordered = sorted(samples_ms)
    last = len(ordered) - 1
    result: dict[float, float] = {}
    for q in qs:
        position = last * q / 100.0
        lower = math.floor(position)
        upper = min(lower + 1, last)
        fraction = position - lower
        result[q] = ordered[lower] + (ordered[upper] - ordered[lower]) * fraction
    return result


def throughput_rps(starts: list[float], ends: list[float]) -> float:
    """Żądania na sekundę: n / (max(ends) - min(starts))."""
    return len(starts) / (max(ends) - min(starts))


def scatter_results(batched: Tensor, rows: list[int], order: list[int]) -> list[Tensor]:
    """Tnie batch na kawałki po rows[i] wierszy i oddaje kawałek i żądaniu order[i]."""
    if sum(rows) != batched.shape[0] or len(rows) != len(order):
        raise ValueError("rows i order nie pasują do batcha")
    chunks = batched.split(rows)
    result: list[Tensor | None] = [None] * len(order)
    for chunk, request_id in zip(chunks, order, strict=True):
        result[request_id] = chunk
    return [chunk for chunk in result if chunk is not None]


def admission_status(
    rows: int,
    features: int,
    queued: int,
    client_in_flight: int,
    *,
    expected_features: int,
    max_request_rows: int,
    max_queue: int,
    max_per_client: int,
) -> int:
    """Kod HTTP dla żądania według reguł 400 → 413 → 429 → 503 → 200."""
    if features != expected_features or rows < 1:
        return 400
    if rows > max_request_rows:
        return 413
    if client_in_flight >= max_per_client:
        return 429
    if queued >= max_queue:
        return 503
    return 200
