"""Rozwiązania wzorcowe do lekcji 28 — Urządzenie meta i odroczona inicjalizacja."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn
from torch._subclasses.fake_tensor import FakeTensorMode
from torch.utils.flop_counter import FlopCounterMode


def build_on_meta_device(factory: Callable[[], nn.Module]) -> nn.Module:
    """Wywołuje factory() tak, by każdy tensor modelu powstał na urządzeniu meta."""
    with torch.device("meta"):
        return factory()


def parameter_inventory(model: nn.Module) -> dict[torch.dtype, tuple[int, int]]:
    """{dtype: (liczba parametrów, bajty)}; wspólne parametry raz, bez buforów."""
    inventory: dict[torch.dtype, tuple[int, int]] = {}
    for p in model.parameters():  # parameters() pomija duplikaty (wagi związane)
        count, size = inventory.get(p.dtype, (0, 0))
        inventory[p.dtype] = (count + p.numel(), size + p.numel() * p.element_size())
    return inventory


def materialize(model: nn.Module, device: torch.device | str) -> nn.Module:
    """to_empty + reset_parameters() w kolejności modules() + tie_weights(), jeśli istnieje."""
    model.to_empty(device=device)
    for module in model.modules():
        reset = getattr(module, "reset_parameters", None)
        if callable(reset):
            reset()
    tie = getattr(model, "tie_weights", None)
    if callable(tie):
        tie()
    return model


def load_without_copies(factory: Callable[[], nn.Module], path: Path) -> nn.Module:
    """Model z factory() na meta + torch.load(mmap) + load_state_dict(assign) + tie_weights."""
    with torch.device("meta"):
        model = factory()
    state = torch.load(path, mmap=True, weights_only=True)
    model.load_state_dict(state, assign=True)
    tie = getattr(model, "tie_weights", None)
    if callable(tie):
        tie()
    return model


def dry_run(
    factory: Callable[[], nn.Module], input_shape: tuple[int, ...], device: str
) -> tuple[tuple[int, ...], str, int]:
    """(kształt wyniku, str(urządzenie wyniku), FLOP-y) z przebiegu pod FakeTensorMode."""
    with FakeTensorMode(), torch.device(device):
        model = factory()
        tokens = torch.zeros(input_shape, dtype=torch.long)
        with FlopCounterMode(display=False) as counter:
            out = model(tokens)
    return tuple(out.shape), str(out.device), int(counter.get_total_flops())
