"""Rozwiązania wzorcowe do lekcji 11 — Jakobiany, hesjany, JVP i VJP."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn
from torch.func import grad, jacfwd, jacrev, jvp, vjp


def jacobian_via_vjp(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Jakobian (m, n) funkcji f w punkcie x, wiersz po wierszu z VJP; f wołane raz."""
    out, vjp_fn = vjp(f, x)[:2]
    basis = torch.eye(out.numel(), dtype=out.dtype, device=out.device)
    rows = [vjp_fn(e.reshape(out.shape))[0].reshape(-1) for e in basis]
    return torch.stack(rows).reshape(out.numel(), x.numel())


def choose_jacobian_mode(n_inputs: int, n_outputs: int) -> str:
    """'jacfwd', gdy n_inputs < n_outputs; inaczej 'jacrev'."""
    return "jacfwd" if n_inputs < n_outputs else "jacrev"


def smart_jacobian(
    f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor
) -> tuple[torch.Tensor, str]:
    """Jakobian f w x liczony tańszym trybem oraz nazwa wybranego trybu."""
    with torch.no_grad():
        n_outputs = f(x).numel()
    mode = choose_jacobian_mode(x.numel(), n_outputs)
    transform = jacfwd if mode == "jacfwd" else jacrev
    jacobian: torch.Tensor = transform(f)(x)
    return jacobian, mode


def hvp(
    f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor, v: torch.Tensor
) -> torch.Tensor:
    """Iloczyn hesjanu f w punkcie x z wektorem v, bez materializacji hesjanu."""
    product = jvp(grad(f), (x,), (v,))[1]
    result: torch.Tensor = product
    return result


def gradient_penalty(
    critic: nn.Module, real: torch.Tensor, fake: torch.Tensor, alpha: torch.Tensor
) -> torch.Tensor:
    """Kara WGAN-GP: mean((‖∇_x̂ D(x̂)‖₂ − 1)²) dla x̂ = α·real + (1 − α)·fake."""
    weight = alpha.reshape(-1, *([1] * (real.dim() - 1)))
    points = (weight * real.detach() + (1 - weight) * fake.detach()).requires_grad_()
    (grads,) = torch.autograd.grad(critic(points).sum(), points, create_graph=True)
    norms = grads.flatten(start_dim=1).norm(dim=1)
    penalty: torch.Tensor = ((norms - 1) ** 2).mean()
    return penalty
