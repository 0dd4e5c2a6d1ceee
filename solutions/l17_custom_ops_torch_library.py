"""Rozwiązania wzorcowe do lekcji 17 — własne operatory przez torch.library."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch._dynamo
from torch import Tensor
from torch._library.custom_ops import CustomOpDef
from torch.autograd.function import FunctionCtx


class OpCtx(FunctionCtx):
    """Typ `ctx` dla mypy; w rzeczywistości to węzeł grafu autogradu."""

    saved_tensors: tuple[Tensor, ...]
    limit: float


def define_clamp_count(qualname: str) -> CustomOpDef:
    """Rejestruje operator: obcina x w miejscu (NumPy), zwraca liczbę obciętych (int64, 0-D)."""

    @torch.library.custom_op(qualname, mutates_args={"x"})
    def clamp_count(x: Tensor, lo: float, hi: float) -> Tensor:
        values = x.numpy()  # widok na pamięć tensora (CPU)
        outside = int(np.count_nonzero((values < lo) | (values > hi)))
        np.clip(values, lo, hi, out=values)
        return torch.tensor(outside, dtype=torch.int64)

    @clamp_count.register_fake
    def _fake(x: Tensor, lo: float, hi: float) -> Tensor:
        return x.new_empty((), dtype=torch.int64)

    return clamp_count


def frames_fake(x: Tensor, size: int, hop: int) -> Tensor:
    """Pusty tensor o metadanych wyniku frames(x, size, hop)."""
    count = (x.shape[0] - size) // hop + 1
    return x.new_empty((count, size))


def softclip_setup_context(ctx: OpCtx, inputs: tuple[Any, ...], output: Tensor) -> None:
    """Zapisz w ctx to, czego potrzebuje backward (tensory przez save_for_backward)."""
    _, limit = inputs
    ctx.save_for_backward(output)
    ctx.limit = limit


def softclip_backward(ctx: OpCtx, grad: Tensor) -> tuple[Tensor, None]:
    """Gradient względem x (i None dla limit)."""
    (output,) = ctx.saved_tensors
    return grad * (1.0 - (output / ctx.limit) ** 2), None


def count_graph_breaks(fn: Callable[[Tensor], Tensor], example: Tensor) -> int:
    """Liczba przerw w grafie torch.compile dla fn(example)."""
    report = torch._dynamo.explain(fn)(example)
    return int(report.graph_break_count)
