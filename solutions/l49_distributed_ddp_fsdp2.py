"""Rozwiązania wzorcowe lekcji 49."""

from collections.abc import Sequence

import torch
from torch import Tensor


def allreduce_mean(per_rank: Sequence[dict[str, Tensor]]) -> dict[str, Tensor]:
    """Zwraca {nazwa: średnia gradientów po rangach}; wejścia pozostają nietknięte."""
    world = len(per_rank)
    return {name: torch.stack([d[name] for d in per_rank]).sum(0) / world for name in per_rank[0]}


def assign_buckets(sizes: Sequence[int], cap: int) -> list[list[int]]:
    """Kubełki DDP po przebudowie: odwrotna kolejność, zamknięcie przy sumie >= cap."""
    buckets: list[list[int]] = []
    current: list[int] = []
    total = 0
    for idx in reversed(range(len(sizes))):
        current.append(idx)
        total += sizes[idx]
        if total >= cap:
            buckets.append(current)
            current, total = [], 0
    if current:
        buckets.append(current)
    return buckets


def shard_for_rank(t: Tensor, rank: int, world: int) -> Tensor:
    """Lokalny kawałek rangi `rank` przy podziale Shard(0) na `world` rang."""
    chunks = torch.chunk(t, world, dim=0)
    if rank < len(chunks):
        return chunks[rank]
    return t.new_empty((0, *t.shape[1:]))


def results_agree(results: Sequence[dict[str, object]], keys: Sequence[str], atol: float) -> bool:
    """Czy wszystkie rangi zgadzają się co do podanych kluczy wyników JSON."""

    def same(a: object, b: object) -> bool:
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
        if isinstance(a, bool) or isinstance(b, bool):
            return a == b
        if isinstance(a, int | float) and isinstance(b, int | float):
            return abs(float(a) - float(b)) <= atol
        return a == b

    for key in keys:
        if any(key not in r for r in results):
            return False
        if not all(same(results[0][key], r[key]) for r in results[1:]):
            return False
    return True
