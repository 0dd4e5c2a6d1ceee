"""Rozwiązania wzorcowe do lekcji 12 — Akumulacja gradientów i przycinanie."""

from __future__ import annotations

from collections.abc import Iterable

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn


def total_grad_norm(parameters: Iterable[torch.Tensor], norm_type: float = 2.0) -> torch.Tensor:
    """Norma rzędu norm_type sklejonego wektora wszystkich gradientów (None pomijamy)."""
    grads = [p.grad.detach() for p in parameters if p.grad is not None]
    if not grads:
        return torch.tensor(0.0)
    norms = torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])
    total: torch.Tensor = torch.linalg.vector_norm(norms, norm_type)
    return total


def accumulate_token_loss(
    model: nn.Module, micro_inputs: list[torch.Tensor], micro_targets: list[torch.Tensor]
) -> float:
    """Akumuluje w .grad gradient cross_entropy(ignore_index=-100) uśrednionej po wszystkich
    nieignorowanych celach wszystkich mikropaczek; zwraca tę stratę."""
    model.zero_grad(set_to_none=True)
    valid = sum(int((t != -100).sum()) for t in micro_targets)
    total = 0.0
    for x, t in zip(micro_inputs, micro_targets, strict=True):
        loss = F.cross_entropy(model(x), t, ignore_index=-100, reduction="sum") / valid
        loss.backward()
        total += float(loss.detach())
    return total


def nonfinite_grad_names(model: nn.Module) -> list[str]:
    """Nazwy parametrów, których gradient ma choć jedną nieskończoną wartość lub NaN."""
    return [
        name
        for name, p in model.named_parameters()
        if p.grad is not None and not bool(torch.isfinite(p.grad).all())
    ]


def clip_by_value_(parameters: Iterable[torch.Tensor], clip_value: float) -> int:
    """Przycina gradienty w miejscu do [-clip_value, clip_value]; zwraca liczbę zmienionych."""
    changed = 0
    with torch.no_grad():
        for p in parameters:
            if p.grad is None:
                continue
            changed += int((p.grad.abs() > clip_value).sum())
            p.grad.clamp_(min=-clip_value, max=clip_value)
    return changed
