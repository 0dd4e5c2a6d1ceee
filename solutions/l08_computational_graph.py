"""Rozwiązania wzorcowe do lekcji 08 — Graf obliczeniowy.

Każda funkcja jest samowystarczalna (własne przejście po grafie), bo uprząż testów podstawia
do notatnika tylko nazwy zdefiniowane w szkicach ćwiczeń.
"""

from __future__ import annotations

import torch
from torch.autograd.graph import Node


def _graph_nodes(output: torch.Tensor) -> list[Node]:
    """Każdy węzeł grafu osiągalny z output.grad_fn, raz (przejście po next_functions)."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack = [output.grad_fn] if output.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return order


def saved_storage_bytes(output: torch.Tensor) -> int:
    """Bajty różnych storage trzymanych przez atrybuty _saved_* grafu output.grad_fn."""
    storages: dict[int, int] = {}
    for node in _graph_nodes(output):
        for name in dir(node):
            if not name.startswith("_saved_"):
                continue
            value = getattr(node, name)
            items = value if isinstance(value, tuple | list) else (value,)
            for item in items:
                if isinstance(item, torch.Tensor):
                    storage = item.untyped_storage()
                    storages[storage.data_ptr()] = storage.nbytes()
    return sum(storages.values())


def reachable_leaves(output: torch.Tensor) -> list[torch.Tensor]:
    """Liście (bez powtórzeń), do których backward z output dopisałby gradient."""
    if output.grad_fn is None:
        return [output] if output.requires_grad else []
    leaves: list[torch.Tensor] = []
    for node in _graph_nodes(output):
        variable = getattr(node, "variable", None)
        if isinstance(variable, torch.Tensor) and all(variable is not t for t in leaves):
            leaves.append(variable)
    return leaves


def count_paths(output: torch.Tensor, leaf: torch.Tensor) -> int:
    """Liczba ścieżek (ciągów krawędzi) z output.grad_fn do AccumulateGrad liścia leaf."""
    root = output.grad_fn
    if root is None:
        return 0
    consumers: dict[Node, int] = {root: 0}
    stack: list[Node] = [root]
    while stack:  # liczniki krawędzi wchodzących, jak compute_dependencies w silniku
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            if child not in consumers:
                consumers[child] = 0
                stack.append(child)
            consumers[child] += 1
    topological: list[Node] = []
    ready: list[Node] = [root]
    while ready:
        node = ready.pop()
        topological.append(node)
        for child, _ in node.next_functions:
            if child is not None:
                consumers[child] -= 1
                if consumers[child] == 0:
                    ready.append(child)
    paths: dict[Node, int] = {}
    for node in reversed(topological):  # producenci przed konsumentami
        if getattr(node, "variable", None) is leaf:
            paths[node] = 1
        else:
            paths[node] = sum(paths[c] for c, _ in node.next_functions if c is not None)
    return paths[root]


class LossMeter:
    """Średnia strat z epoki, bez przechowywania historii autogradu."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    def update(self, loss: torch.Tensor) -> None:
        """Dolicza skalarną stratę do średniej."""
        self.total += loss.item()
        self.count += 1

    def average(self) -> float:
        """Średnia dotychczasowych strat jako float."""
        return self.total / self.count
