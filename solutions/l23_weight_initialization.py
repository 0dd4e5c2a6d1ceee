"""Rozwiązania wzorcowe do lekcji 23 — Inicjalizacja wag i propagacja sygnału."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn


def kaiming_normal_manual_(weight: torch.Tensor, a: float, mode: str, nonlinearity: str,
                           generator: torch.Generator) -> torch.Tensor:
    """Wypełnia weight w miejscu rozkładem N(0, gain²/fan) i zwraca weight."""
    receptive = math.prod(weight.shape[2:])
    fan_in = weight.shape[1] * receptive
    fan_out = weight.shape[0] * receptive
    fan = fan_in if mode == "fan_in" else fan_out
    if nonlinearity == "relu":
        gain = math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        gain = math.sqrt(2.0 / (1 + a**2))
    elif nonlinearity == "tanh":
        gain = 5.0 / 3
    else:
        gain = 1.0
    std = gain / math.sqrt(fan)
    with torch.no_grad():
        weight.normal_(0, std, generator=generator)
    return weight


def leaky_relu_gain(negative_slope: float) -> float:
    """Wzmocnienie dla Leaky ReLU: kompensuje utratę drugiego momentu."""
    return math.sqrt(2.0 / (1 + negative_slope**2))


def monte_carlo_gain(activation: Callable[[torch.Tensor], torch.Tensor], samples: int,
                     generator: torch.Generator) -> float:
    """1 / sqrt(E[φ(z)²]) dla z ~ N(0, 1), z samples próbek z generatora."""
    z = torch.randn(samples, generator=generator)
    return 1.0 / math.sqrt(float(activation(z).pow(2).mean()))


def linear_output_stds(model: nn.Module, x: torch.Tensor) -> list[float]:
    """Std wyjścia każdego wywołania nn.Linear w model(x), w kolejności wywołań."""
    captured: list[float] = []

    def record(_module: nn.Module, _inputs: tuple[torch.Tensor, ...],
               output: torch.Tensor) -> None:
        captured.append(float(output.std()))

    handles = [m.register_forward_hook(record) for m in model.modules()
               if isinstance(m, nn.Linear)]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return captured


def lsuv_init_(model: nn.Module, batch: torch.Tensor, tol: float = 0.02,
               max_iter: int = 10) -> list[float]:
    """Ortogonalna inicjalizacja + skalowanie warstw Linear do jednostkowego std wyjścia."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for layer in linears:
            nn.init.orthogonal_(layer.weight)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)

    def output_std(layer: nn.Linear) -> float:
        seen: list[float] = []
        handle = layer.register_forward_hook(
            lambda _m, _i, out: seen.append(float(out.std()))
        )
        try:
            with torch.no_grad():
                model(batch)
        finally:
            handle.remove()
        return seen[0]

    final: list[float] = []
    for layer in linears:
        std = output_std(layer)
        for _ in range(max_iter):
            if abs(std - 1.0) < tol:
                break
            with torch.no_grad():
                layer.weight.div_(std)
            std = output_std(layer)
        final.append(std)
    return final
