"""Rozwiązania wzorcowe do lekcji 34 — Augmentacja na GPU: transforms.v2 na całych partiach."""

from __future__ import annotations

import torch


def random_hflip_batch(
    batch: torch.Tensor, p: float, gen: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Odbija w poziomie próbki, dla których torch.rand(N, generator=gen) < p."""
    n = batch.shape[0]
    flip = torch.rand(n, generator=gen, device=gen.device).to(batch.device) < p
    out = torch.where(flip.view(n, *([1] * (batch.dim() - 1))), batch.flip(-1), batch)
    return out, flip


def hflip_boxes_xyxy(boxes: torch.Tensor, width: int) -> torch.Tensor:
    """Ramki (K, 4) w formacie XYXY po odbiciu obrazu o szerokości width w poziomie."""
    out = boxes.clone()
    out[:, 0] = width - boxes[:, 2]
    out[:, 2] = width - boxes[:, 0]
    return out


def brightness_jitter(
    batch: torch.Tensor, strength: float, gen: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mnoży każdą próbkę przez własny współczynnik jasności; zwraca (wynik, współczynniki)."""
    n = batch.shape[0]
    factors = 1 + (2 * torch.rand(n, generator=gen, device=gen.device) - 1) * strength
    factors = factors.to(batch.device)
    out = (batch * factors.view(n, *([1] * (batch.dim() - 1)))).clamp(0, 1)
    return out, factors


def random_crop_batch(
    batch: torch.Tensor, size: int, gen: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-próbkowe losowe przycięcie; zwraca (wycinki (N, C, size, size), (top, left) (N, 2))."""
    n, channels, height, width = batch.shape
    dev = gen.device
    top = torch.randint(0, height - size + 1, (n,), generator=gen, device=dev).to(batch.device)
    left = torch.randint(0, width - size + 1, (n,), generator=gen, device=dev).to(batch.device)
    offsets = torch.arange(size, device=batch.device)
    rows = (top[:, None] + offsets)[:, None, :, None]
    cols = (left[:, None] + offsets)[:, None, None, :]
    batch_idx = torch.arange(n, device=batch.device)[:, None, None, None]
    chan_idx = torch.arange(channels, device=batch.device)[None, :, None, None]
    crops = batch[batch_idx, chan_idx, rows, cols]
    return crops, torch.stack([top, left], dim=1)
