"""Rozwiązania wzorcowe lekcji 05 — operacje w miejscu i licznik wersji."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import Tensor


def gated_residual(x: Tensor, w: Tensor) -> Tensor:
    """sigmoid(x @ w) + x: poprawny backward, najwyżej 2 przydziały storage w przód."""
    # mm zapisuje wejścia, nie wyjście, więc sigmoid_ może nadpisać jego wynik.
    # sigmoid_ zapisuje swój wynik, więc dodanie x musi być już poza miejscem.
    h = x @ w
    h.sigmoid_()
    return h + x


def sgd_step_(params: Iterable[Tensor], lr: float, weight_decay: float = 0.0) -> None:
    """Aktualizuje parametry w miejscu pod torch.no_grad(); nie rusza p.grad."""
    with torch.no_grad():
        for p in params:
            if p.grad is None:
                continue
            step = p.grad if weight_decay == 0.0 else p.grad.add(p, alpha=weight_decay)
            p.sub_(step, alpha=lr)


def safe_relu_(x: Tensor) -> Tensor:
    """ReLU w miejscu, gdy bezpieczne (zwraca x); inaczej torch.relu(x)."""
    if x.is_inference() and not torch.is_inference_mode_enabled():
        return torch.relu(x)  # inference tensor nie ma licznika wersji
    if any(st == 0 and n > 1 for n, st in zip(x.shape, x.stride(), strict=True)):
        return torch.relu(x)  # krok 0: kilka elementów pod jednym adresem
    if torch.is_grad_enabled() and x.requires_grad:
        if x.is_leaf:
            return torch.relu(x)
        base = x._base
        if x._is_view() and base is not None and base.is_leaf and base.requires_grad:
            return torch.relu(x)
        if x.grad_fn is not None and hasattr(x.grad_fn, "_saved_result"):
            return torch.relu(x)  # producent zapisał swój wynik do backward
    return x.relu_()


def byte_span(t: Tensor) -> tuple[int, int]:
    """Półotwarty przedział adresów [start, end) zajmowanych przez elementy t."""
    start = t.data_ptr()
    if t.numel() == 0:
        return start, start
    last = sum((size - 1) * stride for size, stride in zip(t.shape, t.stride(), strict=True))
    return start, start + (last + 1) * t.element_size()


def may_overlap(a: Tensor, b: Tensor) -> bool:
    """True, gdy przedziały bajtów dwóch niepustych tensorów się przecinają."""
    if a.numel() == 0 or b.numel() == 0:
        return False
    a_start, a_end = byte_span(a)
    b_start, b_end = byte_span(b)
    return a_start < b_end and b_start < a_end
