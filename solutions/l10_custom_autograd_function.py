"""Rozwiązania wzorcowe do lekcji 10 — własna funkcja autograd."""

from __future__ import annotations

import torch
from torch.autograd import Function
from torch.autograd.function import FunctionCtx


class Ctx(FunctionCtx):
    """Typ `ctx` dla mypy. W rzeczywistości to węzeł grafu (`BackwardCFunction`)."""

    saved_tensors: tuple[torch.Tensor, ...]
    needs_input_grad: tuple[bool, ...]


class AttrCtx(Ctx):
    """Zwykłe atrybuty Pythona przypisywane do ctx (deklaracje dla mypy)."""

    x: torch.Tensor
    out: torch.Tensor
    k: float
    alpha: float
    max_norm: float


class SiLU(Function):
    @staticmethod
    def forward(x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(x)

    @staticmethod
    def setup_context(ctx: Ctx, inputs: tuple[torch.Tensor], output: torch.Tensor) -> None:
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx: Ctx, grad_out: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)
        return grad_out * s * (1 + x * (1 - s))


def silu(x: torch.Tensor) -> torch.Tensor:
    """SiLU przez własną funkcję autograd."""
    out: torch.Tensor = SiLU.apply(x)
    return out


class SignSTE(Function):
    @staticmethod
    def forward(x: torch.Tensor) -> torch.Tensor:
        return torch.sign(x)

    @staticmethod
    def setup_context(ctx: Ctx, inputs: tuple[torch.Tensor], output: torch.Tensor) -> None:
        ctx.save_for_backward(inputs[0].abs() <= 1)

    @staticmethod
    def backward(ctx: Ctx, grad_out: torch.Tensor) -> torch.Tensor:
        (inside,) = ctx.saved_tensors
        return grad_out * inside.to(grad_out.dtype)


def sign_ste(x: torch.Tensor) -> torch.Tensor:
    """Znak z estymatorem prostoprzepustowym z nasyceniem."""
    out: torch.Tensor = SignSTE.apply(x)
    return out


class ClipGradRows(Function):
    @staticmethod
    def forward(x: torch.Tensor, max_norm: float) -> torch.Tensor:
        return x.view_as(x)

    @staticmethod
    def setup_context(
        ctx: AttrCtx, inputs: tuple[torch.Tensor, float], output: torch.Tensor
    ) -> None:
        ctx.max_norm = inputs[1]

    @staticmethod
    def backward(ctx: AttrCtx, grad_out: torch.Tensor) -> tuple[torch.Tensor, None]:
        norms = grad_out.norm(dim=-1, keepdim=True)
        scale = (ctx.max_norm / norms.clamp(min=1e-12)).clamp(max=1.0)
        return grad_out * scale, None


def clip_grad_rows(x: torch.Tensor, max_norm: float) -> torch.Tensor:
    """Tożsamość w przód, przycięcie norm wierszy gradientu wstecz."""
    out: torch.Tensor = ClipGradRows.apply(x, max_norm)
    return out


class ClampWithMask(Function):
    @staticmethod
    def forward(x: torch.Tensor, low: float, high: float) -> tuple[torch.Tensor, torch.Tensor]:
        mask = ((x > low) & (x < high)).to(x.dtype)
        return x.clamp(low, high), mask

    @staticmethod
    def setup_context(
        ctx: Ctx,
        inputs: tuple[torch.Tensor, float, float],
        output: tuple[torch.Tensor, torch.Tensor],
    ) -> None:
        _, mask = output
        ctx.mark_non_differentiable(mask)
        ctx.save_for_backward(mask)

    @staticmethod
    def backward(
        ctx: Ctx, grad_clamped: torch.Tensor, grad_mask: torch.Tensor
    ) -> tuple[torch.Tensor, None, None]:
        (mask,) = ctx.saved_tensors
        return grad_clamped * mask, None, None
