"""Rozwiązania wzorcowe do lekcji 14 — Anatomia haków (hooks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn
from torch.utils.hooks import RemovableHandle


def record_activation_shapes(model: nn.Module, x: torch.Tensor) -> dict[str, tuple[int, ...]]:
    """Kształty wyjść liści drzewa modułów w kolejności pierwszego wywołania."""
    shapes: dict[str, tuple[int, ...]] = {}
    handles: list[RemovableHandle] = []

    def make_hook(name: str) -> Callable[[nn.Module, tuple[Any, ...], torch.Tensor], None]:
        def hook(module: nn.Module, args: tuple[Any, ...], output: torch.Tensor) -> None:
            if name not in shapes:
                shapes[name] = tuple(output.shape)

        return hook

    try:
        for name, module in model.named_modules():
            if next(module.children(), None) is None:
                handles.append(module.register_forward_hook(make_hook(name)))
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return shapes


def make_clip_hook(max_norm: float) -> Callable[[torch.Tensor], torch.Tensor]:
    """Hak tensora przycinający normę L2 gradientu do max_norm (bez zapisu w miejscu)."""

    def hook(grad: torch.Tensor) -> torch.Tensor:
        norm = grad.norm()
        scale = torch.clamp(max_norm / (norm + 1e-12), max=1.0)
        return grad * scale

    return hook


def attach_grad_clipping(module: nn.Module, max_norm: float) -> list[RemovableHandle]:
    """Rejestruje make_clip_hook(max_norm) na każdym parametrze; zwraca uchwyty."""
    return [p.register_hook(make_clip_hook(max_norm)) for p in module.parameters()]


def attach_sgd_in_backward(
    model: nn.Module, lr: float, momentum: float
) -> list[RemovableHandle]:
    """Optymalizator w backward: krok SGD na parametr w haku post_accumulate_grad."""
    optimizers: dict[torch.Tensor, torch.optim.SGD] = {
        p: torch.optim.SGD([p], lr=lr, momentum=momentum) for p in model.parameters()
    }

    def step_now(param: torch.Tensor) -> None:
        optimizers[param].step()
        param.grad = None

    return [p.register_post_accumulate_grad_hook(step_now) for p in model.parameters()]


def class_activation_map(
    features: torch.Tensor, fc_weight: torch.Tensor, classes: torch.Tensor
) -> torch.Tensor:
    """Mapy CAM (N, H, W): suma map cech ważona wierszem fc_weight[classes[n]]."""
    return torch.einsum("nkhw,nk->nhw", features, fc_weight[classes])


def make_key_renamer(renames: dict[str, str]) -> Callable[..., None]:
    """Pre-hak load_state_dict przenoszący prefix+stara_nazwa na prefix+nowa_nazwa."""

    def hook(  # noqa: PLR0917 — sygnaturę narzuca load_state_dict
        module: nn.Module,
        state_dict: dict[str, Any],
        prefix: str,
        local_metadata: dict[str, Any],
        strict: bool,
        missing_keys: list[str],
        unexpected_keys: list[str],
        error_msgs: list[str],
    ) -> None:
        for old, new in renames.items():
            if prefix + old in state_dict:
                state_dict[prefix + new] = state_dict.pop(prefix + old)

    return hook
