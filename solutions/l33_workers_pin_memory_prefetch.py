"""Rozwiązania wzorcowe do lekcji 33 — Procesy robocze, pamięć przypięta i prefetching."""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


def expected_issued_batches(
    num_batches: int, num_workers: int, prefetch_factor: int, consumed: int
) -> int:
    """Liczba batchy wydanych przez sampler po iter() i `consumed` wywołaniach next()."""
    if num_workers == 0:
        return min(consumed, num_batches)
    return min(num_batches, num_workers * prefetch_factor + consumed)


class WorkerTaggedDataset(Dataset[torch.Tensor]):
    """Zbiór `size` próbek; próbka i = tensor([i, worker_id]) typu int64."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int) -> torch.Tensor:
        info = get_worker_info()
        worker = -1 if info is None else info.id
        return torch.tensor([index, worker], dtype=torch.int64)


@dataclass(frozen=True)
class LoaderThroughput:
    samples: int
    seconds: float

    @property
    def samples_per_second(self) -> float:
        return self.samples / self.seconds


def measure_loader(loader: DataLoader[torch.Tensor], epochs: int) -> LoaderThroughput:
    """Przechodzi `epochs` epok, liczy próbki i czas; zwraca LoaderThroughput."""
    samples = 0
    begin = time.perf_counter()
    for _ in range(epochs):
        for batch in loader:
            samples += int(batch.shape[0])
    return LoaderThroughput(samples=samples, seconds=time.perf_counter() - begin)


@dataclass(frozen=True)
class LoaderCostModel:
    num_batches: int
    step_ms: float
    batch_load_ms: float
    ipc_ms: float
    startup_ms: float
    max_workers: int


def epoch_time_ms(model: LoaderCostModel, num_workers: int) -> float:
    """Czas epoki w ms według modelu kosztów dla danej liczby procesów roboczych."""
    if num_workers == 0:
        return model.num_batches * (model.step_ms + model.batch_load_ms)
    per_batch = max(model.step_ms, (model.batch_load_ms + model.ipc_ms) / num_workers)
    return num_workers * model.startup_ms + model.num_batches * per_batch


def choose_num_workers(model: LoaderCostModel) -> int:
    """Liczba procesów 0..max_workers o najkrótszej epoce (remis: mniejsza liczba)."""
    best = 0
    best_time = epoch_time_ms(model, 0)
    for workers in range(1, model.max_workers + 1):
        candidate = epoch_time_ms(model, workers)
        if candidate < best_time:
            best, best_time = workers, candidate
    return best
