"""Rozwiązania wzorcowe do lekcji 22 — parametry, bufory i state_dict."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn


class ScaledPositional(nn.Module):
    """Kodowanie pozycji: parametr scale, trwały licznik steps, nietrwała tablica table."""

    scale: nn.Parameter
    steps: torch.Tensor
    table: torch.Tensor

    def __init__(self, max_len: int, dim: int) -> None:
        super().__init__()

        def sinusoid_table(length: int, width: int) -> torch.Tensor:
            positions = torch.arange(length, dtype=torch.float64)[:, None]
            exponents = torch.arange(0, width, 2, dtype=torch.float64) / width
            freqs = torch.exp(-math.log(10000.0) * exponents)
            table = torch.zeros(length, width, dtype=torch.float64)
            table[:, 0::2] = torch.sin(positions * freqs)
            table[:, 1::2] = torch.cos(positions * freqs)
            return table.float()

        self.scale = nn.Parameter(torch.ones(dim))
        self.register_buffer("steps", torch.zeros((), dtype=torch.int64))
        self.register_buffer("table", sinusoid_table(max_len, dim), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            self.steps += 1
        return x * self.scale + self.table[: x.shape[-2]]


class Affine(nn.Module):
    """x * weight + bias; wersja 2 (wersja 1 miała tylko parametr gain)."""

    _version = 2
    weight: nn.Parameter
    bias: nn.Parameter

    def __init__(self, features: int) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(features))
        self.bias = nn.Parameter(torch.zeros(features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.weight + self.bias

    def _load_from_state_dict(  # noqa: PLR0917 — sygnaturę narzuca nn.Module
        self,
        state_dict: dict[str, Any],
        prefix: str,
        local_metadata: dict[str, Any],
        strict: bool,
        missing_keys: list[str],
        unexpected_keys: list[str],
        error_msgs: list[str],
    ) -> None:
        version = local_metadata.get("version")
        if version is None or version < 2:
            gain_key = prefix + "gain"
            if gain_key in state_dict:
                state_dict[prefix + "weight"] = state_dict.pop(gain_key)
            state_dict.setdefault(prefix + "bias", torch.zeros_like(self.bias))
        super()._load_from_state_dict(
            state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs
        )


def diagnose_state_dict(
    model: nn.Module, state_dict: Mapping[str, torch.Tensor]
) -> dict[str, list[str]]:
    """Klucze brakujące, nadmiarowe i o złym kształcie (posortowane), bez wczytywania."""
    expected = model.state_dict()
    missing = sorted(k for k in expected if k not in state_dict)
    unexpected = sorted(k for k in state_dict if k not in expected)
    mismatch = sorted(
        k for k in expected if k in state_dict and state_dict[k].shape != expected[k].shape
    )
    return {"missing": missing, "unexpected": unexpected, "shape_mismatch": mismatch}


def memory_breakdown(model: nn.Module) -> dict[str, int]:
    """Bajty: parameters, trainable, persistent_buffers, non_persistent_buffers."""

    def nbytes(tensor: torch.Tensor) -> int:
        return tensor.numel() * tensor.element_size()

    params = list(model.parameters())  # parameters() usuwa duplikaty
    totals = {
        "parameters": sum(nbytes(p) for p in params),
        "trainable": sum(nbytes(p) for p in params if p.requires_grad),
        "persistent_buffers": 0,
        "non_persistent_buffers": 0,
    }
    seen: set[int] = set()
    for module in model.modules():
        for name, buf in module._buffers.items():
            if buf is None or id(buf) in seen:
                continue
            seen.add(id(buf))
            key = (
                "non_persistent_buffers"
                if name in module._non_persistent_buffers_set
                else "persistent_buffers"
            )
            totals[key] += nbytes(buf)
    return totals
