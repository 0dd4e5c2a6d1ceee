"""Rozwiązania wzorcowe do lekcji 35 — powtarzalność i determinizm."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import Sampler, get_worker_info


def seed_dataset_rngs(worker_id: int) -> None:
    """Podmienia dataset.np_rng i dataset.py_rng w workerze na generatory z torch.initial_seed()."""
    info = get_worker_info()
    if info is None:
        return
    seed = torch.initial_seed()  # base_seed + worker_id: inne w każdym workerze i każdej epoce
    dataset: Any = info.dataset
    dataset.np_rng = np.random.default_rng(np.random.SeedSequence([seed, worker_id]))
    dataset.py_rng = random.Random(seed)


class ResumableWeightedSampler(Sampler[int]):
    def __init__(self, weights: torch.Tensor, num_samples: int, seed: int) -> None:
        self.weights = weights
        self.num_samples = num_samples
        self.generator = torch.Generator().manual_seed(seed)
        self.epoch_state = self.generator.get_state()
        self.start = 0

    def __len__(self) -> int:
        return self.num_samples

    def __iter__(self) -> Iterator[int]:
        self.epoch_state = self.generator.get_state()
        drawn = torch.multinomial(
            self.weights, self.num_samples, replacement=True, generator=self.generator
        ).tolist()
        start, self.start = self.start, 0
        yield from drawn[start:]

    def state_dict(self, consumed: int) -> dict[str, Any]:
        return {"generator_state": self.epoch_state.clone(), "position": consumed}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.generator.set_state(state["generator_state"])
        self.epoch_state = self.generator.get_state()
        self.start = int(state["position"])


def capture_rng_state() -> dict[str, Any]:
    """Stan globalnych generatorów: torch (CPU i CUDA, jeśli jest), random, numpy."""
    state: dict[str, Any] = {
        "torch": torch.get_rng_state(),
        "random": random.getstate(),
        "numpy": np.random.get_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng_state(state: dict[str, Any]) -> None:
    """Ustawia z powrotem generatory zapisane przez capture_rng_state."""
    torch.set_rng_state(state["torch"])
    random.setstate(state["random"])
    np.random.set_state(state["numpy"])
    if "cuda" in state:
        torch.cuda.set_rng_state_all(state["cuda"])


def first_bitwise_difference(a: nn.Module, b: nn.Module) -> str | None:
    """Nazwa pierwszego wpisu state_dict, który różni się bitowo; None, gdy identyczne."""
    left, right = a.state_dict(), b.state_dict()
    for name, tensor in left.items():
        other = right.get(name)
        if other is None or other.shape != tensor.shape or other.dtype != tensor.dtype:
            return name
        left_bytes = tensor.detach().contiguous().reshape(-1).view(torch.uint8)
        right_bytes = other.detach().contiguous().reshape(-1).view(torch.uint8)
        if not torch.equal(left_bytes, right_bytes):
            return name
    extra = [name for name in right if name not in left]
    return extra[0] if extra else None
