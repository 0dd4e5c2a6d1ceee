"""Rozwiązania wzorcowe do lekcji 39 — Eksport do ONNX."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort  # type: ignore[import-untyped]
import torch
from torch import Tensor, nn
from torch.export import Dim


def export_with_dynamic_batch(model: nn.Module, example: Tensor, path: Path) -> Path:
    """Eksportuje model z dynamiczną osią 0 o nazwie 'batch', zapisuje pod path i zwraca path."""
    batch = Dim("batch", min=1, max=65536)
    program = torch.onnx.export(
        model, (example,), dynamo=True, verbose=False, dynamic_shapes=({0: batch},)
    )
    assert program is not None
    program.save(path)
    return path


def ort_max_abs_diff(model: nn.Module, onnx_path: Path, inputs: tuple[Tensor, ...]) -> float:
    """Największa |ORT - eager| po wszystkich wyjściach modelu."""
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = [meta.name for meta in session.get_inputs()]
    feed = {name: t.detach().cpu().numpy() for name, t in zip(names, inputs, strict=True)}
    ort_outputs = session.run(None, feed)
    with torch.no_grad():
        eager = model(*inputs)
    eager_outputs = [eager] if isinstance(eager, Tensor) else list(eager)
    worst = 0.0
    for ort_out, eager_out in zip(ort_outputs, eager_outputs, strict=True):
        diff = (torch.from_numpy(np.asarray(ort_out)) - eager_out).abs().max().item()
        worst = max(worst, float(diff))
    return worst


def onnx_op_types(proto: onnx.ModelProto) -> list[str]:
    """Posortowane unikalne op_type z grafu głównego i wszystkich podgrafów."""
    found: set[str] = set()

    def visit(graph: onnx.GraphProto) -> None:
        for node in graph.node:
            found.add(node.op_type)
            for attr in node.attribute:
                if attr.HasField("g"):
                    visit(attr.g)
                for sub in attr.graphs:
                    visit(sub)

    visit(proto.graph)
    return sorted(found)


class SafeNormalize(nn.Module):
    """To samo co DataDependentNormalize, ale bez Pythonowego if zależnego od danych."""

    def forward(self, x: Tensor) -> Tensor:
        peak = x.abs().max()
        return torch.where(peak > 1.0, x / peak, x)
