"""Rozwiązania wzorcowe do lekcji 18 — torch.fx: graf programu, przebiegi i fuzja Conv+BN."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import torch
import torch.nn.functional as F  # noqa: N812
from torch import fx, nn


def count_call_modules(gm: fx.GraphModule) -> dict[str, int]:
    """Liczba węzłów call_module dla każdej nazwy klasy modułu (np. {"Conv2d": 2})."""
    counts: Counter[str] = Counter()
    for node in gm.graph.nodes:
        if node.op == "call_module":
            counts[type(gm.get_submodule(str(node.target))).__name__] += 1
    return dict(counts)


def replace_relu(
    gm: fx.GraphModule, replacement: Callable[[torch.Tensor], torch.Tensor]
) -> int:
    """Zamienia torch.relu, F.relu, x.relu() i nn.ReLU na replacement(x); zwraca liczbę podmian."""

    def is_relu(node: fx.Node) -> bool:
        if node.op == "call_function":
            return node.target in (torch.relu, F.relu)
        if node.op == "call_method":
            return node.target == "relu"
        if node.op == "call_module":
            return isinstance(gm.get_submodule(str(node.target)), nn.ReLU)
        return False

    replaced = 0
    for node in list(gm.graph.nodes):
        if not is_relu(node):
            continue
        node.op = "call_function"
        node.target = replacement
        node.args = (node.args[0],)
        node.kwargs = {}
        replaced += 1
    gm.delete_all_unused_submodules()
    gm.graph.lint()
    gm.recompile()
    return replaced


def fold_linear_bn(linear: nn.Linear, bn: nn.BatchNorm1d) -> nn.Linear:
    """Nowy Linear z biasem równoważny bn(linear(x)) w trybie eval; ValueError dla bn.training."""
    if bn.training:
        raise ValueError("fuzja Linear+BN jest poprawna tylko w trybie eval()")
    if bn.running_mean is None or bn.running_var is None:
        raise ValueError("BatchNorm bez zapamiętanych statystyk nie da się wtopić")
    mean, var = bn.running_mean, bn.running_var
    gamma = bn.weight if bn.affine else torch.ones_like(mean)
    beta = bn.bias if bn.affine else torch.zeros_like(mean)
    bias = linear.bias if linear.bias is not None else torch.zeros_like(mean)
    scale = gamma / torch.sqrt(var + bn.eps)
    fused = nn.Linear(
        linear.in_features, linear.out_features, bias=True,
        device=linear.weight.device, dtype=linear.weight.dtype,
    )
    with torch.no_grad():
        fused.weight.copy_(linear.weight * scale.unsqueeze(1))
        fused.bias.copy_(scale * (bias - mean) + beta)
    return fused.eval()


def remove_dropout(gm: fx.GraphModule) -> int:
    """Usuwa nn.Dropout (call_module) i F.dropout (call_function); zwraca liczbę usuniętych."""
    removed = 0
    for node in list(gm.graph.nodes):
        is_module = node.op == "call_module" and isinstance(
            gm.get_submodule(str(node.target)), nn.Dropout
        )
        is_function = node.op == "call_function" and node.target is F.dropout
        if not (is_module or is_function):
            continue
        source = node.args[0]
        assert isinstance(source, fx.Node)
        node.replace_all_uses_with(source)
        gm.graph.erase_node(node)
        if is_module:
            gm.delete_submodule(str(node.target))
        removed += 1
    gm.graph.lint()
    gm.recompile()
    return removed
