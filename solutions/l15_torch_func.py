"""Rozwiązania wzorcowe do lekcji 15 — torch.func: vmap, grad, functional_call, MAML."""

from __future__ import annotations

import copy

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn
from torch.func import functional_call, grad, stack_module_state, vmap


def per_sample_grads(model: nn.Module, inputs: torch.Tensor,
                     targets: torch.Tensor) -> dict[str, torch.Tensor]:
    """Gradient straty MSE każdego przykładu po każdym parametrze: nazwa → (B, *shape)."""

    def sample_loss(
        params: dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor
    ) -> torch.Tensor:
        prediction: torch.Tensor = functional_call(model, params, (x.unsqueeze(0),))
        return F.mse_loss(prediction, y.unsqueeze(0))

    params = {name: p.detach() for name, p in model.named_parameters()}
    result: dict[str, torch.Tensor] = vmap(grad(sample_loss), in_dims=(None, 0, 0))(
        params, inputs, targets
    )
    return result


def ensemble_predict(models: list[nn.Module], inputs: torch.Tensor) -> torch.Tensor:
    """Predykcje M modeli dla jednej paczki jako tensor (M, B, out), bez pętli po modelach."""
    params, buffers = stack_module_state(models)
    skeleton = copy.deepcopy(models[0]).to("meta")

    def run(p: dict[str, torch.Tensor], b: dict[str, torch.Tensor],
            x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = functional_call(skeleton, (p, b), (x,))
        return out

    result: torch.Tensor = vmap(run, in_dims=(0, 0, None))(params, buffers, inputs)
    return result


def maml_adapt(model: nn.Module, params: dict[str, torch.Tensor], inputs: torch.Tensor,
               targets: torch.Tensor, *, inner_lr: float, steps: int) -> dict[str, torch.Tensor]:
    """steps kroków SGD poza miejscem; wynik różniczkowalny względem params."""

    def loss(p: dict[str, torch.Tensor]) -> torch.Tensor:
        prediction: torch.Tensor = functional_call(model, p, (inputs,))
        return F.mse_loss(prediction, targets)

    current = dict(params)
    for _ in range(steps):
        step_grads: dict[str, torch.Tensor] = grad(loss)(current)
        current = {name: p - inner_lr * step_grads[name] for name, p in current.items()}
    return current


def clipped_mean_grad(model: nn.Module, inputs: torch.Tensor, targets: torch.Tensor,
                      max_norm: float) -> dict[str, torch.Tensor]:
    """Średnia gradientów przykładów, każdy obcięty do łącznej normy max_norm."""
    per_sample = per_sample_grads(model, inputs, targets)
    squares = [g.flatten(start_dim=1).pow(2).sum(dim=1) for g in per_sample.values()]
    norms = torch.stack(squares).sum(dim=0).sqrt()
    factors = (max_norm / norms).clamp(max=1.0)
    return {
        name: (g * factors.view(-1, *[1] * (g.dim() - 1))).mean(dim=0)
        for name, g in per_sample.items()
    }
