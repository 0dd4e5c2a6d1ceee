"""Rozwiązania wzorcowe lekcji 03 — einsum i kontrakcje."""

from __future__ import annotations

import math

import torch


def attention_scores_via_bmm(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """'bqhd,bkhd->bhqk' przez permute + reshape + jedno torch.bmm; wynik ciągły (B,H,Q,K)."""
    batch, s_q, heads, dim = q.shape
    s_k = k.shape[1]
    left = q.permute(0, 2, 1, 3).reshape(batch * heads, s_q, dim)  # (wsad, lewe, sumowane)
    right = k.permute(0, 2, 3, 1).reshape(batch * heads, dim, s_k)  # (wsad, sumowane, prawe)
    return torch.bmm(left, right).reshape(batch, heads, s_q, s_k)


def left_to_right_flops(spec: str, sizes: dict[str, int]) -> int:
    """FLOP-y kontrakcji parami od lewej (jak ATen bez opt_einsum) dla jawnego spec."""
    inputs, output = spec.split("->")
    operands = inputs.split(",")
    current = set(operands[0])
    total = 0
    for position in range(1, len(operands)):
        incoming = set(operands[position])
        involved = current | incoming
        total += 2 * math.prod(sizes[label] for label in involved)
        later = set(output).union(*(set(rest) for rest in operands[position + 1 :]))
        current = involved & later
    return total


def chain_matmul_optimal(matrices: list[torch.Tensor]) -> torch.Tensor:
    """Iloczyn łańcucha macierzy 2D w kolejności o minimalnej liczbie FLOP-ów."""
    count = len(matrices)
    dims = [matrices[0].shape[0], *(m.shape[1] for m in matrices)]
    cost = [[0] * count for _ in range(count)]
    split = [[0] * count for _ in range(count)]
    for length in range(2, count + 1):
        for i in range(count - length + 1):
            j = i + length - 1
            best_cost, best_split = -1, i
            for s in range(i, j):
                candidate = cost[i][s] + cost[s + 1][j] + 2 * dims[i] * dims[s + 1] * dims[j + 1]
                if best_cost < 0 or candidate < best_cost:
                    best_cost, best_split = candidate, s
            cost[i][j], split[i][j] = best_cost, best_split

    def multiply(i: int, j: int) -> torch.Tensor:
        if i == j:
            return matrices[i]
        s = split[i][j]
        return multiply(i, s) @ multiply(s + 1, j)

    return multiply(0, count - 1)


def bilinear_scores(x1: torch.Tensor, weight: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    """y[n, o] = sum_ij x1[n, i] * weight[o, i, j] * x2[n, j] (jedno torch.einsum)."""
    return torch.einsum("ni,oij,nj->no", x1, weight, x2)


def batched_trace(m: torch.Tensor) -> torch.Tensor:
    """Ślad ostatnich dwóch wymiarów dla dowolnego wsadu (jedno torch.einsum)."""
    return torch.einsum("...ii->...", m)
