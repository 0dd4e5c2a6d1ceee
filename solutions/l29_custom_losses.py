"""Rozwiązania wzorcowe do lekcji 29 — własne funkcje straty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

Reduction = Literal["none", "mean", "sum"]


def weighted_ce_mean(logits: torch.Tensor, target: torch.Tensor, weight: torch.Tensor,
                     ignore_index: int = -100) -> torch.Tensor:
    """Średnia ważona -log p[y] po nieignorowanych przykładach (mianownik: suma wag)."""
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    log_p = F.log_softmax(logits, dim=1).gather(1, safe[:, None]).squeeze(1)
    w = weight[safe] * keep.to(weight.dtype)
    return -(w * log_p).sum() / w.sum()


@dataclass(frozen=True)
class FocalConfig:
    gamma: float = 2.0
    alpha: tuple[float, ...] | None = None
    reduction: Reduction = "mean"


class FocalLoss(nn.Module):
    """Wieloklasowa focal loss liczona z log_softmax (stabilna)."""

    alpha: torch.Tensor | None

    def __init__(self, config: FocalConfig) -> None:
        super().__init__()
        self.config = config
        alpha = None if config.alpha is None else torch.tensor(config.alpha)
        self.register_buffer("alpha", alpha)

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        log_p = F.log_softmax(logits, dim=1).gather(1, target[:, None]).squeeze(1)
        modulating = (1 - log_p.exp()).clamp_min(0).pow(self.config.gamma)
        loss = -modulating * log_p
        if self.alpha is not None:
            loss = self.alpha.to(loss.dtype)[target] * loss
        if self.config.reduction == "none":
            return loss
        if self.config.reduction == "sum":
            return loss.sum()
        return loss.mean()


def nt_xent_loss(z1: torch.Tensor, z2: torch.Tensor, temperature: float) -> torch.Tensor:
    """Symetryczna strata NT-Xent dla dwóch widoków paczki (średnia po 2N wierszach)."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = z @ z.T / temperature
    eye = torch.eye(2 * n, dtype=torch.bool, device=z.device)
    logits = logits.masked_fill(eye, float("-inf"))
    targets = (torch.arange(2 * n, device=z.device) + n) % (2 * n)
    return F.cross_entropy(logits, targets)


def batch_hard_triplet_loss(embeddings: torch.Tensor, labels: torch.Tensor,
                            margin: float) -> torch.Tensor:
    """Średnia relu(max d(pozytyw) − min d(negatyw) + margin) po kotwicach z parami."""
    dist = torch.cdist(embeddings, embeddings, compute_mode="donot_use_mm_for_euclid_dist")
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(labels.shape[0], dtype=torch.bool, device=labels.device)
    pos_mask = same & ~eye
    neg_mask = ~same
    valid = pos_mask.any(dim=1) & neg_mask.any(dim=1)
    if not bool(valid.any()):
        return embeddings.sum() * 0
    hardest_pos = dist.masked_fill(~pos_mask, float("-inf")).amax(dim=1)
    hardest_neg = dist.masked_fill(~neg_mask, float("inf")).amin(dim=1)
    return F.relu(hardest_pos - hardest_neg + margin)[valid].mean()
