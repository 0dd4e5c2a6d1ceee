"""Rozwiązania wzorcowe do lekcji 21 — cykl życia nn.Module."""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.hooks import RemovableHandle


def find_hidden_modules(model: nn.Module) -> list[str]:
    """Ścieżki modułów trzymanych w list/tuple/dict w __dict__, a niezarejestrowanych w drzewie."""
    registered = {id(m) for _, m in model.named_modules(remove_duplicate=False)}
    hidden: list[str] = []
    for path, owner in model.named_modules():
        prefix = f"{path}." if path else ""
        for attr, value in vars(owner).items():
            entries: list[tuple[str, object]] = []
            if isinstance(value, list | tuple):
                entries = [(f"[{i}]", item) for i, item in enumerate(value)]
            elif isinstance(value, dict):
                entries = [(f"[{key!r}]", item) for key, item in value.items()]
            for suffix, item in entries:
                if isinstance(item, nn.Module) and id(item) not in registered:
                    hidden.append(f"{prefix}{attr}{suffix}")
    return hidden


class ScaleShift(nn.Module):
    """y = x * scale (+ shift); parametry po ostatnim wymiarze, licznik wywołań w treningu."""

    scale: nn.Parameter
    shift: nn.Parameter | None
    calls: torch.Tensor

    def __init__(self, features: int, init_scale: float = 1.0, shift: bool = True) -> None:
        super().__init__()
        self.features = features
        self.init_scale = init_scale
        self.scale = nn.Parameter(torch.full((features,), init_scale))
        if shift:
            self.shift = nn.Parameter(torch.zeros(features))
        else:
            self.register_parameter("shift", None)
        self.register_buffer("calls", torch.zeros((), dtype=torch.int64), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            self.calls += 1
        out = x * self.scale
        if self.shift is not None:
            out = out + self.shift
        return out

    def extra_repr(self) -> str:
        return (
            f"features={self.features}, init_scale={self.init_scale}, "
            f"shift={self.shift is not None}"
        )


def record_call_order(model: nn.Module, x: torch.Tensor) -> list[str]:
    """Dziennik 'pre:nazwa'/'post:nazwa' z jednego wywołania model(x); haki usunięte."""
    log: list[str] = []
    handles: list[RemovableHandle] = []

    try:
        for name, sub in model.named_modules():
            label = name or "root"

            def pre(module: nn.Module, args: tuple[object, ...], label: str = label) -> None:
                log.append(f"pre:{label}")

            def post(
                module: nn.Module, args: tuple[object, ...], out: object, label: str = label
            ) -> None:
                log.append(f"post:{label}")

            handles.append(sub.register_forward_pre_hook(pre))
            handles.append(sub.register_forward_hook(post))
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return log


def apply_visit_names(model: nn.Module) -> list[str]:
    """Kropkowane ścieżki modułów w kolejności wywołań fn przez model.apply(fn)."""
    names: list[str] = []

    def visit(module: nn.Module, path: str) -> None:
        for child_name, child in module.named_children():
            visit(child, f"{path}.{child_name}" if path else child_name)
        names.append(path)

    visit(model, "")
    return names
