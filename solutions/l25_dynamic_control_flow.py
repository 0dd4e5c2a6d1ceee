"""Rozwiązania wzorcowe do lekcji 25 — dynamiczny przepływ sterowania w forward."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
import torch._dynamo
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, fx, nn


def branch_free(x: Tensor) -> Tensor:
    """Jak referencja z if na x.mean() > 0, ale bez przepływu sterowania Pythona."""
    return torch.where(x.mean() > 0, F.relu(x) * 3, x.abs() - 1)


def count_compilations(
    fn: Callable[[Tensor], Tensor], inputs: Sequence[Tensor], dynamic: bool | None
) -> int:
    """Liczba grafów skompilowanych przez torch.compile(fn, dynamic=dynamic) dla inputs."""
    graphs: list[fx.GraphModule] = []

    def recording_backend(
        gm: fx.GraphModule, example_inputs: Sequence[object]
    ) -> Callable[..., object]:
        graphs.append(gm)
        return gm.forward

    torch._dynamo.reset()
    compiled = torch.compile(fn, backend=recording_backend, dynamic=dynamic)
    for x in inputs:
        compiled(x)
    return len(graphs)


def export_dynamic_batch(
    model: nn.Module, example: Tensor, max_batch: int
) -> torch.export.ExportedProgram:
    """torch.export z dynamic_shapes={"x": {0: Dim(..., min=1, max=max_batch)}}."""
    batch = torch.export.Dim("batch", min=1, max=max_batch)
    return torch.export.export(model, (example,), dynamic_shapes={"x": {0: batch}})


class PerSampleDepthNet(nn.Module):
    """Sieć rezydualna, w której każdy wiersz partii ma własną liczbę warstw."""

    def __init__(self, width: int, max_depth: int) -> None:
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(max_depth))

    def forward(self, x: Tensor, depth: Tensor) -> Tensor:
        for step, layer in enumerate(self.layers):
            active = (depth > step).unsqueeze(-1)
            x = torch.where(active, x + torch.relu(layer(x)), x)
        return x
