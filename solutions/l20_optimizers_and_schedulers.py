"""Rozwiązania wzorcowe do lekcji 20 — Optymalizatory i harmonogramy od środka."""

from __future__ import annotations

import copy
import math
from typing import Any

import torch


def rmsprop_update_(param: torch.Tensor, grad: torch.Tensor, state: dict[str, torch.Tensor],
                    group: dict[str, Any]) -> None:
    """Jeden krok RMSprop dla jednego parametru, w miejscu (param i bufory w state)."""
    alpha: float = group["alpha"]
    if not state:
        state["square_avg"] = torch.zeros_like(param)
        if group["momentum"] > 0:
            state["momentum_buffer"] = torch.zeros_like(param)
        if group["centered"]:
            state["grad_avg"] = torch.zeros_like(param)
    if group["weight_decay"] != 0:
        grad = grad.add(param, alpha=group["weight_decay"])
    square_avg = state["square_avg"]
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    if group["centered"]:
        grad_avg = state["grad_avg"]
        grad_avg.lerp_(grad, 1 - alpha)
        denom = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_().add_(group["eps"])
    else:
        denom = square_avg.sqrt().add_(group["eps"])
    if group["momentum"] > 0:
        buffer = state["momentum_buffer"]
        buffer.mul_(group["momentum"]).addcdiv_(grad, denom)
        param.add_(buffer, alpha=-group["lr"])
    else:
        param.addcdiv_(grad, denom, value=-group["lr"])


def warmup_cosine_lr(step: int, base_lr: float, warmup_steps: int, total_steps: int,
                     eta_min: float) -> float:
    """lr w kroku step: liniowa rozgrzewka (s+1)/W, potem kosinus do eta_min."""
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    period = total_steps - warmup_steps
    progress = (step - warmup_steps) / period
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * progress)) / 2


def remap_optimizer_state(saved: dict[str, Any], old_names: list[list[str]],
                          new_names: list[list[str]]) -> dict[str, Any]:
    """state_dict przenumerowany z kolejności old_names na kolejność new_names."""
    old_id: dict[str, int] = {}
    for group, names in zip(saved["param_groups"], old_names, strict=True):
        old_id.update(zip(names, group["params"], strict=True))
    state: dict[int, Any] = {}
    groups: list[dict[str, Any]] = []
    next_id = 0
    for group, names in zip(saved["param_groups"], new_names, strict=True):
        ids: list[int] = []
        for name in names:
            if old_id[name] in saved["state"]:
                state[next_id] = copy.deepcopy(saved["state"][old_id[name]])
            ids.append(next_id)
            next_id += 1
        new_group = {key: copy.deepcopy(value) for key, value in group.items() if key != "params"}
        if "param_names" in new_group:
            new_group["param_names"] = list(names)
        new_group["params"] = ids
        groups.append(new_group)
    return {"state": state, "param_groups": groups}


def foreach_momentum_step_(params: list[torch.Tensor], grads: list[torch.Tensor],
                           buffers: list[torch.Tensor], lr: float, momentum: float) -> None:
    """b = momentum·b + g; p = p − lr·b — dla całych list, operacjami torch._foreach_*."""
    torch._foreach_mul_(buffers, momentum)
    torch._foreach_add_(buffers, grads)
    torch._foreach_add_(params, buffers, alpha=-lr)
