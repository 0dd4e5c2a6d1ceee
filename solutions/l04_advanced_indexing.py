"""Rozwiązania wzorcowe do lekcji 04 — zaawansowane indeksowanie."""

from __future__ import annotations

import torch
from torch import Tensor


def taken_action_values(q_values: Tensor, actions: Tensor) -> Tensor:
    """Wartości Q akcji ``actions`` wybrane z ostatniego wymiaru ``q_values`` (użyj gather)."""
    return q_values.gather(-1, actions.unsqueeze(-1)).squeeze(-1)


def segment_sum(values: Tensor, segment_ids: Tensor, num_segments: int) -> Tensor:
    """Suma wierszy ``values`` w każdym segmencie (użyj index_add_ na nowym tensorze zer)."""
    out = values.new_zeros((num_segments, *values.shape[1:]))
    return out.index_add_(0, segment_ids, values)


def keep_topk(scores: Tensor, k: int, fill_value: float) -> Tensor:
    """Zostaw k największych wartości w każdym wierszu, resztę zastąp ``fill_value``."""
    top = scores.topk(k, dim=-1).indices
    keep = torch.zeros_like(scores, dtype=torch.bool).scatter_(-1, top, True)
    return scores.masked_fill(~keep, fill_value)


def segment_mean(values: Tensor, segment_ids: Tensor, num_segments: int) -> Tensor:
    """Średnia wierszy ``values`` w każdym segmencie; puste segmenty dają 0."""
    shape = (num_segments, *values.shape[1:])
    index = segment_ids.reshape(-1, *([1] * (values.dim() - 1))).expand_as(values)
    return values.new_zeros(shape).scatter_reduce(
        0, index, values, "mean", include_self=False
    )
