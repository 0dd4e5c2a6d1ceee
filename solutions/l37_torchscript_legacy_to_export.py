"""Rozwiązania wzorcowe do lekcji 37 — od TorchScriptu (torch.jit) do torch.export."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor, nn
from torch.export import Dim, ExportedProgram, export
from torch.jit import TracerWarning  # type: ignore[attr-defined]


def trace_disagreements(
    fn: Callable[[Tensor], Tensor], example: Tensor, probes: list[Tensor]
) -> list[int]:
    """Indeksy probes, na których torch.jit.trace(fn, example) różni się od fn."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        traced = torch.jit.trace(fn, example, check_trace=False)
    differing: list[int] = []
    for index, probe in enumerate(probes):
        expected = fn(probe)
        got = traced(probe)
        same = got.shape == expected.shape and torch.allclose(got, expected)
        if not same:
            differing.append(index)
    return differing


class RowwiseMigrated(nn.Module):
    """To samo co rowwise_legacy, bez pętli po wierszach."""

    def forward(self, x: Tensor) -> Tensor:
        positive_rows = x.sum(dim=1, keepdim=True) > 0
        out: Tensor = torch.where(positive_rows, x * 2, -x)
        return out


def export_rowwise() -> ExportedProgram:
    """Eksport RowwiseMigrated z dynamicznym wymiarem 0 (przykład: torch.randn(4, 5))."""
    batch = Dim("batch", min=1, max=4096)
    example = torch.randn(4, 5)
    return export(RowwiseMigrated(), (example,), dynamic_shapes={"x": {0: batch}})


def masked_projection_shapes() -> dict[str, dict[int, Any]]:
    """dynamic_shapes dla MaskedProjection: wspólne dynamiczne B i T, stałe D."""
    batch = Dim("B", min=1, max=1024)
    steps = Dim("T", min=1, max=4096)
    return {"x": {0: batch, 1: steps}, "mask": {0: batch, 1: steps}}


def tracer_warning_messages(fn: Callable[[Tensor], Tensor], example: Tensor) -> list[str]:
    """Unikatowe treści TracerWarning z torch.jit.trace(fn, example), w kolejności."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.jit.trace(fn, example)
    unique: list[str] = []
    for record in caught:
        if issubclass(record.category, TracerWarning):
            text = str(record.message)
            if text not in unique:
                unique.append(text)
    return unique
