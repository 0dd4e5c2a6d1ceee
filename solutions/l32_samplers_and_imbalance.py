"""Rozwiązania wzorcowe do lekcji 32 — samplery, niezbalansowane klasy i podział danych."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import torch
from torch.utils.data import Sampler


def inverse_frequency_weights(labels: torch.Tensor, power: float = 1.0) -> torch.Tensor:
    """Wagi przykładów count[y_i] ** (-power), float64, sumujące się do 1."""
    counts = torch.bincount(labels).double()
    weights = counts[labels].pow(-power)
    return weights / weights.sum()


class BucketBatchSampler(Sampler[list[int]]):
    """Paczki indeksów o podobnych długościach, z losowością między epokami."""

    def __init__(self, lengths: Sequence[int], batch_size: int, bucket_multiplier: int,
                 generator: torch.Generator) -> None:
        self.lengths = torch.as_tensor(list(lengths))
        self.batch_size = batch_size
        self.bucket_multiplier = bucket_multiplier
        self.generator = generator

    def __iter__(self) -> Iterator[list[int]]:
        n = len(self.lengths)
        order = torch.randperm(n, generator=self.generator)
        chunk = self.batch_size * self.bucket_multiplier
        batches: list[list[int]] = []
        for start in range(0, n, chunk):
            piece = order[start:start + chunk]
            ranked = piece[torch.argsort(self.lengths[piece], stable=True)].tolist()
            batches.extend(
                ranked[i:i + self.batch_size] for i in range(0, len(ranked), self.batch_size)
            )
        shuffle = torch.randperm(len(batches), generator=self.generator).tolist()
        for position in shuffle:
            yield batches[position]

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)


def distributed_partition(num_samples: int, num_replicas: int, rank: int, *, shuffle: bool,
                          seed: int, epoch: int, drop_last: bool) -> list[int]:
    """Indeksy procesu rank, identyczne z DistributedSampler po set_epoch(epoch)."""
    if not 0 <= rank < num_replicas:
        raise ValueError(f"rank {rank} poza zakresem [0, {num_replicas - 1}]")
    if shuffle:
        generator = torch.Generator().manual_seed(seed + epoch)
        indices = torch.randperm(num_samples, generator=generator).tolist()
    else:
        indices = list(range(num_samples))
    if drop_last and num_samples % num_replicas != 0:
        per_rank = math.ceil((num_samples - num_replicas) / num_replicas)
    elif drop_last:
        per_rank = num_samples // num_replicas
    else:
        per_rank = math.ceil(num_samples / num_replicas)
    total = per_rank * num_replicas
    if total > len(indices):
        repeats = math.ceil(total / len(indices))
        indices = (indices * repeats)[:total]
    else:
        indices = indices[:total]
    return indices[rank:total:num_replicas]


def pearson_chi_square(observed: torch.Tensor, expected_probs: torch.Tensor) -> float:
    """Suma (O - E)^2 / E, gdzie E = sum(O) * p."""
    counts = observed.double()
    expected = counts.sum() * expected_probs.double()
    return float(((counts - expected) ** 2 / expected).sum())


def matches_distribution(indices: Sequence[int], labels: torch.Tensor,
                         expected_probs: torch.Tensor, critical_value: float) -> bool:
    """Czy klasy wylosowanych indeksów są zgodne z expected_probs (chi2 < critical_value)."""
    drawn = labels[torch.as_tensor(list(indices), dtype=torch.long)]
    counts = torch.bincount(drawn, minlength=len(expected_probs)).double()
    expected = counts.sum() * expected_probs.double()
    statistic = float(((counts - expected) ** 2 / expected).sum())
    return statistic < critical_value
