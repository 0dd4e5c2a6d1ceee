"""Rozwiązania wzorcowe lekcji 46 — wnętrze torch.compile."""

import re
from collections.abc import Callable

import torch
from torch import fx, nn


class OpCountingBackend:
    """Backend Dynamo: zapisuje grafy i liczy węzły call_function."""

    def __init__(self) -> None:
        self.graphs: list[fx.GraphModule] = []

    def __call__(
        self, gm: fx.GraphModule, example_inputs: list[torch.Tensor]
    ) -> Callable[..., object]:
        self.graphs.append(gm)
        return gm.forward

    def total_call_functions(self) -> int:
        return sum(
            1 for gm in self.graphs for node in gm.graph.nodes if node.op == "call_function"
        )


def predict_graph_counts() -> dict[str, int]:
    """A: trzy różne rozmiary; B: statyczny + dynamiczny; C: zatrzymane na limicie."""
    return {"A": 3, "B": 2, "C": 3}


def count_fused_kernels(generated_code: str) -> int:
    pattern = re.compile(r"^((?:cpp_fused_|triton_)\w*)\s*=\s*async_compile\.", re.MULTILINE)
    return len(set(pattern.findall(generated_code)))


def compile_regionally(model: nn.Module, backend: Callable[..., object]) -> nn.Module:
    blocks = model.get_submodule("blocks")
    for block in blocks.children():
        block.compile(backend=backend)
    return model
