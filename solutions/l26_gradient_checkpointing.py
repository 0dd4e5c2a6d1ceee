"""Rozwiązania wzorcowe do lekcji 26 (gradient checkpointing)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

import torch
from torch import nn
from torch.utils.checkpoint import (
    CheckpointPolicy,
    SelectiveCheckpointContext,
    checkpoint,
    create_selective_checkpoint_contexts,
)


class CheckpointedStack(nn.Module):
    """Bloki wykonywane po kolei; każdy pod osobnym checkpointem, gdy enabled=True."""

    def __init__(self, blocks: Sequence[nn.Module], enabled: bool = True) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.enabled = enabled

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.blocks:
            x = checkpoint(block, x, use_reentrant=False) if self.enabled else block(x)
        return x


def sequential_stored_bytes(
    block_bytes: Sequence[int], input_bytes: Sequence[int], segments: int
) -> int:
    """Bajty aktywacji po przebiegu w przód checkpoint_sequential (1 <= segments <= n)."""
    n = len(block_bytes)
    if segments == 1:
        return sum(block_bytes)
    size = n // segments
    checkpointed = (segments - 1) * size
    starts = range(0, checkpointed, size)
    return sum(input_bytes[i] for i in starts) + sum(block_bytes[checkpointed:])


def best_segments(block_bytes: Sequence[int], input_bytes: Sequence[int]) -> int:
    """Najmniejsza liczba segmentów minimalizująca sequential_stored_bytes."""
    n = len(block_bytes)
    costs = [sequential_stored_bytes(block_bytes, input_bytes, s) for s in range(1, n + 1)]
    return 1 + costs.index(min(costs))


def matmul_policy(
    ctx: SelectiveCheckpointContext, op: object, *args: object, **kwargs: object
) -> CheckpointPolicy:
    """MUST_SAVE dla mm/addmm/bmm/baddbmm (.default), PREFER_RECOMPUTE dla reszty."""
    aten = torch.ops.aten
    matmuls = (aten.mm.default, aten.addmm.default, aten.bmm.default, aten.baddbmm.default)
    if op in matmuls:
        return CheckpointPolicy.MUST_SAVE
    return CheckpointPolicy.PREFER_RECOMPUTE


def sac_context_fn() -> tuple[AbstractContextManager[object], AbstractContextManager[object]]:
    """Para kontekstów SAC zbudowana z matmul_policy."""
    forward_ctx, recompute_ctx = create_selective_checkpoint_contexts(matmul_policy)
    return forward_ctx, recompute_ctx


def predicted_forward_calls(n_blocks: int, segments: int) -> list[int]:
    """Lista długości n_blocks: liczba wywołań forward bloku i w kroku z checkpoint_sequential."""
    if segments == 1:
        return [1] * n_blocks
    checkpointed = (segments - 1) * (n_blocks // segments)
    return [2 if i < checkpointed else 1 for i in range(n_blocks)]
