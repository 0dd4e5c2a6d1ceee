"""Rozwiązania wzorcowe lekcji 41."""

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn


def quantize_per_channel(w: torch.Tensor, n_bits: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Symetryczna kwantyzacja per-wiersz do n_bits (2..8); martwy wiersz: skala 1.0."""
    qmax = 2 ** (n_bits - 1) - 1
    amax = w.detach().abs().amax(dim=1, keepdim=True).float()
    scale = torch.where(amax > 0, amax / qmax, torch.ones_like(amax))
    q = torch.round(w.detach().float() / scale).clamp(-qmax, qmax).to(torch.int8)
    return q, scale


def dequantize(q: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """Odtwarza wagi fp32: q * scale."""
    return q.float() * scale.float()


class QuantLinear(nn.Module):
    """Linear z wagami int8 (bufory qweight, scale, bias)."""

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__()
        w = linear.weight.detach().float()
        amax = w.abs().amax(dim=1, keepdim=True)
        scale = torch.where(amax > 0, amax / 127.0, torch.ones_like(amax))
        q = torch.round(w / scale).clamp(-127, 127).to(torch.int8)
        self.register_buffer("qweight", q)
        self.register_buffer("scale", scale)
        bias = linear.bias.detach().clone() if linear.bias is not None else None
        self.register_buffer("bias", bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        qweight = self.get_buffer("qweight")
        scale = self.get_buffer("scale")
        weight = qweight.to(x.dtype) * scale.to(x.dtype)
        bias = self.bias.to(x.dtype) if isinstance(self.bias, torch.Tensor) else None
        return F.linear(x, weight, bias)


def swap_linear_for_quant(
    model: nn.Module, skip: set[str], factory: Callable[[nn.Linear], nn.Module]
) -> list[str]:
    """Podmienia nn.Linear (poza skip) na factory(linear); zwraca posortowane nazwy."""
    targets = [
        name
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear) and name not in skip
    ]
    for name in targets:
        linear = model.get_submodule(name)
        assert isinstance(linear, nn.Linear)
        model.set_submodule(name, factory(linear))
    return sorted(targets)


@dataclass(frozen=True)
class QuantReport:
    reference_accuracy: float
    candidate_accuracy: float
    agreement: float
    reference_bytes: int
    candidate_bytes: int
    compression: float


def make_quant_report(
    reference: nn.Module, candidate: nn.Module, x: torch.Tensor, y: torch.Tensor
) -> QuantReport:
    """Liczy dokładności, zgodność argmax, bajty parametrów+buforów i kompresję."""

    def size(model: nn.Module) -> int:
        tensors = [*model.parameters(), *model.buffers()]
        return sum(t.numel() * t.element_size() for t in tensors)

    with torch.inference_mode():
        ref_pred = reference(x).argmax(-1)
        cand_pred = candidate(x).argmax(-1)
    ref_bytes = size(reference)
    cand_bytes = size(candidate)
    return QuantReport(
        reference_accuracy=(ref_pred == y).float().mean().item(),
        candidate_accuracy=(cand_pred == y).float().mean().item(),
        agreement=(cand_pred == ref_pred).float().mean().item(),
        reference_bytes=ref_bytes,
        candidate_bytes=cand_bytes,
        compression=ref_bytes / cand_bytes,
    )
