"""Rozwiązania wzorcowe do lekcji 24 — współdzielenie wag i parametryzacje."""

from __future__ import annotations

from collections.abc import Mapping

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn


def tie_head_to_embedding(embedding: nn.Embedding, head: nn.Linear) -> None:
    """Sprawia, że head.weight jest tym samym obiektem Parameter co embedding.weight."""
    if head.weight.shape != embedding.weight.shape:
        raise ValueError(
            f"kształty wag się nie zgadzają: głowa {tuple(head.weight.shape)}, "
            f"osadzenia {tuple(embedding.weight.shape)}"
        )
    head.weight = embedding.weight


class Symmetric(nn.Module):
    """Przepis: macierz symetryczna z górnego trójkąta X; right_inverse tylko dla symetrycznych."""

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return X.triu() + X.triu(1).mT

    def right_inverse(self, A: torch.Tensor) -> torch.Tensor:
        if not torch.allclose(A, A.mT):
            raise ValueError("macierz nie jest symetryczna: nie leży w obrazie przepisu")
        return A.triu()


def unique_storage_bytes(state: Mapping[str, torch.Tensor]) -> int:
    """Suma nbytes unikalnych storage'ów tensorów ze słownika (każdy storage raz, w całości)."""
    seen: dict[tuple[str, int], int] = {}
    for tensor in state.values():
        storage = tensor.untyped_storage()
        key = (str(tensor.device), storage.data_ptr())
        if storage.nbytes() == 0:
            continue
        seen[key] = storage.nbytes()
    return sum(seen.values())


class SoftplusPositive(nn.Module):
    """Przepis: W = softplus(X) > 0; right_inverse to stabilna odwrotność softplus."""

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return F.softplus(X)

    def right_inverse(self, Y: torch.Tensor) -> torch.Tensor:
        if not bool((Y > 0).all()):
            raise ValueError("softplus daje tylko wartości dodatnie: Y musi być > 0")
        return Y + torch.log(-torch.expm1(-Y))
