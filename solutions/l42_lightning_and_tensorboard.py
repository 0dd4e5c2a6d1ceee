"""Rozwiązania wzorcowe do lekcji 42 — Lightning i TensorBoard."""

from __future__ import annotations

import lightning as L  # noqa: N812
import torch
import torch.nn.functional as F  # noqa: N812
from tensorboard.backend.event_processing.event_accumulator import (  # type: ignore[import-untyped]
    EventAccumulator,
)
from torch import Tensor, nn
from torch.optim import Optimizer


class MomentumRegressor(L.LightningModule):
    """LightningModule: MSE, log "train_loss" (on_step i on_epoch), SGD z momentum i wd."""

    def __init__(self, net: nn.Module, lr: float, momentum: float, weight_decay: float) -> None:
        super().__init__()
        self.net = net
        self.lr = lr
        self.momentum = momentum
        self.weight_decay = weight_decay

    def training_step(self, batch: tuple[Tensor, Tensor], batch_idx: int) -> Tensor:
        x, y = batch
        loss = F.mse_loss(self.net(x), y)
        self.log("train_loss", loss, on_step=True, on_epoch=True, batch_size=x.shape[0])
        return loss

    def configure_optimizers(self) -> Optimizer:
        return torch.optim.SGD(
            self.parameters(),
            lr=self.lr,
            momentum=self.momentum,
            weight_decay=self.weight_decay,
        )


def early_stop_epoch(
    history: list[float], patience: int, min_delta: float = 0.0, mode: str = "min"
) -> int | None:
    """Indeks epoki, po której EarlyStopping zatrzyma trening (albo None)."""
    if mode not in ("min", "max"):
        raise ValueError(f"nieznany tryb {mode!r}")
    best = float("inf") if mode == "min" else float("-inf")
    wait = 0
    for epoch, value in enumerate(history):
        improved = value < best - min_delta if mode == "min" else value > best + min_delta
        if improved:
            best = value
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return None


def epoch_reduction(values: list[float], batch_sizes: list[int], reduce_fx: str) -> float:
    """Wartość epokowa metryki logowanej przez self.log z on_epoch=True."""
    if len(values) != len(batch_sizes) or not values:
        raise ValueError("potrzebna niepusta lista wartości i tyle samo rozmiarów batchy")
    if reduce_fx == "mean":
        total = sum(v * b for v, b in zip(values, batch_sizes, strict=True))
        return total / sum(batch_sizes)
    if reduce_fx == "sum":
        return float(sum(values))
    if reduce_fx == "max":
        return max(values)
    if reduce_fx == "min":
        return min(values)
    raise ValueError(f"nieznana redukcja {reduce_fx!r}")


def read_all_scalars(logdir: str) -> dict[str, list[tuple[int, float]]]:
    """Wszystkie skalary z plików zdarzeń w logdir: {tag: [(step, value), ...]}."""
    accumulator = EventAccumulator(logdir, size_guidance={"scalars": 0})
    accumulator.Reload()
    result: dict[str, list[tuple[int, float]]] = {}
    for tag in accumulator.Tags()["scalars"]:
        points = [(int(e.step), float(e.value)) for e in accumulator.Scalars(tag)]
        result[str(tag)] = sorted(points)
    return result
