"""Rozwiązania wzorcowe lekcji 50 — egzamin końcowy: znajdź i napraw błąd."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn
from torch.nn.utils.rnn import pad_sequence
from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler
from torch.utils.hooks import RemovableHandle


def center_features(batch: torch.Tensor) -> torch.Tensor:
    """Wycentruj cechy (ostatni wymiar) bez zmiany wejścia; działa też dla nieciągłych."""
    flat = batch.reshape(-1, batch.shape[-1])
    mean = flat.mean(dim=0)
    return batch - mean  # operacja poza miejscem: nowy tensor, wejście nietknięte


def accumulated_gradients(
    model: nn.Module, chunks: list[tuple[torch.Tensor, torch.Tensor]]
) -> None:
    """Zostaw w .grad gradient średniego MSE po wszystkich przykładach (mikropaczka po mikro)."""
    model.zero_grad(set_to_none=True)
    total = sum(inputs.shape[0] for inputs, _ in chunks)
    for inputs, targets in chunks:
        weight = inputs.shape[0] / total
        (F.mse_loss(model(inputs), targets) * weight).backward()


def capture_activations(
    model: nn.Module, x: torch.Tensor, names: list[str]
) -> dict[str, torch.Tensor]:
    """Wyjścia (odłączone) wskazanych modułów; haki usunięte zawsze, także po wyjątku."""
    captured: dict[str, torch.Tensor] = {}
    modules = dict(model.named_modules())

    def make_hook(name: str) -> Callable[[nn.Module, tuple[torch.Tensor, ...], torch.Tensor], None]:
        def hook(module: nn.Module, args: tuple[torch.Tensor, ...], out: torch.Tensor) -> None:
            captured[name] = out.detach()

        return hook

    handles: list[RemovableHandle] = []
    try:
        for name in names:
            handles.append(modules[name].register_forward_hook(make_hook(name)))
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return captured


class MultiHead(nn.Module):
    """Pień + głowy jako zarejestrowane podmoduły, scale jako bufor (trwały, bez gradientu)."""

    def __init__(self, dim: int, num_heads: int, out_dim: int) -> None:
        super().__init__()
        self.trunk = nn.Linear(dim, dim)
        self.heads = nn.ModuleList(nn.Linear(dim, out_dim) for _ in range(num_heads))
        self.scale: torch.Tensor
        self.register_buffer("scale", torch.ones(out_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        hidden = torch.relu(self.trunk(x))
        return torch.stack([head(hidden) * self.scale for head in self.heads], dim=1)


def collate_tokens(
    batch: list[tuple[torch.Tensor, torch.Tensor]],
) -> tuple[torch.Tensor, torch.Tensor]:
    """(B, L_max) wejść wypełnionych 0 i etykiet wypełnionych -100; kolejność zachowana."""
    inputs = pad_sequence([tokens for tokens, _ in batch], batch_first=True, padding_value=0)
    targets = pad_sequence([labels for _, labels in batch], batch_first=True, padding_value=-100)
    return inputs.long(), targets.long()


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Wynik w trybie eval i inference_mode; flagi training wszystkich modułów przywrócone."""
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        with torch.inference_mode():
            out: torch.Tensor = model(x)
        return out
    finally:
        for module, mode in modes:
            module.training = mode


def save_checkpoint(
    path: Path, model: nn.Module, optimizer: Optimizer, scheduler: LRScheduler, step: int
) -> None:
    """Zapisz stan potrzebny do wznowienia bit w bit (tylko state_dict-y i liczby)."""
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "step": step,
        },
        path,
    )


def load_checkpoint(
    path: Path, model: nn.Module, optimizer: Optimizer, scheduler: LRScheduler
) -> int:
    """Odtwórz model, optymalizator i harmonogram; zwróć numer kroku."""
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    return int(state["step"])


def amp_clipped_step(
    model: nn.Module,
    optimizer: Optimizer,
    scaler: torch.amp.GradScaler,
    batch: tuple[torch.Tensor, torch.Tensor],
    max_norm: float,
) -> float:
    """Krok AMP: przytnij nieskalowane gradienty; zwróć ich normę sprzed przycięcia."""
    optimizer.zero_grad(set_to_none=True)
    inputs, targets = batch
    loss = F.mse_loss(model(inputs), targets)
    scaler.scale(loss).backward()
    scaler.unscale_(optimizer)
    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    scaler.step(optimizer)
    scaler.update()
    return float(norm)
