"""Rozwiązania wzorcowe lekcji 09 — tryby gradientu."""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn


def fgsm_attack(model: nn.Module, x: Tensor, y: Tensor, epsilon: float,
                bounds: tuple[float, float]) -> Tensor:
    """Przykład adwersarialny FGSM: clamp(x + epsilon * sign(∇_x CE(model(x), y)), *bounds)."""
    with torch.enable_grad():  # wywołujący może być w no_grad
        probe = x.detach().clone().requires_grad_()
        loss = F.cross_entropy(model(probe), y)
        (grad,) = torch.autograd.grad(loss, probe)  # nie dotyka .grad parametrów
    return (x.detach() + epsilon * grad.sign()).clamp(*bounds)


def predict_proba(model: nn.Module, x: Tensor) -> Tensor:
    """softmax(model(x)) w trybie eval, bez grafu; przywraca model.training; zwykły tensor."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():  # nie inference_mode: wynik wraca do autogradu jako cel
            probabilities = torch.softmax(model(x), dim=-1)
    finally:
        model.train(was_training)
    return probabilities


def make_autograd_safe(t: Tensor) -> Tensor:
    """t, gdy jest zwykłym tensorem; zwykła kopia t, gdy t jest tensorem inferencyjnym."""
    if not t.is_inference():
        return t
    with torch.inference_mode(False):
        return t.clone()


def head_only_logits(backbone: nn.Module, head: nn.Module, x: Tensor) -> Tensor:
    """head(backbone(x)) z grafem tylko dla head; flagi parametrów bez zmian."""
    with torch.no_grad():
        features = backbone(x)
    logits: Tensor = head(features)
    return logits
