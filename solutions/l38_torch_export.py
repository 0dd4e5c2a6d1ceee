"""Rozwiązania wzorcowe do lekcji 38 — torch.export."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import Tensor, nn
from torch.export import Dim, ExportedProgram, export
from torch.export.graph_signature import InputKind


def export_with_batch_range(
    model: nn.Module, example: Tensor, min_batch: int, max_batch: int
) -> ExportedProgram:
    """torch.export z Dim(min=min_batch, max=max_batch) na wymiarze 0 argumentu x."""
    batch = Dim("batch", min=min_batch, max=max_batch)
    return export(model, (example,), dynamic_shapes={"x": {0: batch}})


def classify_inputs(program: ExportedProgram) -> dict[str, list[str]]:
    """Słownik rodzaj -> lista celów (parametry/bufory) albo nazw (wejścia użytkownika)."""
    result: dict[str, list[str]] = {"parameter": [], "buffer": [], "user_input": []}
    for spec in program.graph_signature.input_specs:
        if spec.kind == InputKind.PARAMETER and spec.target is not None:
            result["parameter"].append(spec.target)
        elif spec.kind == InputKind.BUFFER and spec.target is not None:
            result["buffer"].append(spec.target)
        elif spec.kind == InputKind.USER_INPUT:
            result["user_input"].append(spec.arg.name)
    return result


def distinct_core_ops(program: ExportedProgram) -> list[str]:
    """Posortowane str(OpOverload) z grafu program.run_decompositions()."""
    core = program.run_decompositions()
    return sorted(
        {
            str(node.target)
            for node in core.graph.nodes
            if node.op == "call_function" and isinstance(node.target, torch._ops.OpOverload)
        }
    )


def save_load_roundtrip(
    program: ExportedProgram, directory: Path, x: Tensor
) -> tuple[ExportedProgram, float]:
    """torch.export.save -> torch.export.load, potem max |oryginał(x) - kopia(x)|."""
    path = directory / "model.pt2"
    torch.export.save(program, path)
    loaded = torch.export.load(path)
    with torch.no_grad():
        diff = (program.module()(x) - loaded.module()(x)).abs().max()
    return loaded, float(diff)
