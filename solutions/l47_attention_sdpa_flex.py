"""Rozwiązania wzorcowe lekcji 47."""

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor

MaskMod = Callable[[Tensor, Tensor, Tensor, Tensor], Tensor]
ScoreMod = Callable[[Tensor, Tensor, Tensor, Tensor, Tensor], Tensor]


@dataclass(frozen=True)
class AttnConfig:
    batch: int = 2
    heads: int = 4
    seq: int = 256
    head_dim: int = 32
    dtype: torch.dtype = torch.float32


def tiled_attention(q: Tensor, k: Tensor, v: Tensor, tile: int) -> Tensor:
    """Atencja bez maski z domyślną skalą 1/sqrt(D), liczona kafelkami kluczy (softmax online)."""
    scale = 1.0 / math.sqrt(q.size(-1))
    m = torch.full((*q.shape[:-1], 1), float("-inf"), dtype=q.dtype)
    denom = torch.zeros((*q.shape[:-1], 1), dtype=q.dtype)
    acc = torch.zeros((*q.shape[:-1], v.size(-1)), dtype=q.dtype)
    for start in range(0, k.size(-2), tile):
        k_t = k[..., start : start + tile, :]
        v_t = v[..., start : start + tile, :]
        s = (q @ k_t.transpose(-2, -1)) * scale
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        alpha = torch.exp(m - m_new)
        p = torch.exp(s - m_new)
        denom = alpha * denom + p.sum(dim=-1, keepdim=True)
        acc = alpha * acc + p @ v_t
        m = m_new
    return acc / denom


def sliding_window_causal(window: int) -> MaskMod:
    """Zwraca mask_mod(b, h, q_idx, kv_idx) -> Tensor bool dla okna przesuwnego."""

    def mask_mod(b: Tensor, h: Tensor, q_idx: Tensor, kv_idx: Tensor) -> Tensor:
        diff = q_idx - kv_idx
        return (diff >= 0) & (diff < window)

    return mask_mod


def alibi_score_mod(num_heads: int) -> ScoreMod:
    """Zwraca score_mod(score, b, h, q_idx, kv_idx) dodający bias ALiBi dla głowy h."""
    slopes = torch.tensor([2.0 ** (-8.0 * (i + 1) / num_heads) for i in range(num_heads)])

    def score_mod(score: Tensor, b: Tensor, h: Tensor, q_idx: Tensor, kv_idx: Tensor) -> Tensor:
        return score + slopes[h] * (kv_idx - q_idx)

    return score_mod


def naive_scores_bytes(cfg: AttnConfig, kv_seq: int | None = None) -> int:
    """Liczba bajtów tensora (batch, heads, seq, kv_seq) w cfg.dtype."""
    s_kv = cfg.seq if kv_seq is None else kv_seq
    elem = torch.empty((), dtype=cfg.dtype).element_size()
    return cfg.batch * cfg.heads * cfg.seq * s_kv * elem
