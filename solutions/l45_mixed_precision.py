"""Rozwiązania wzorcowe lekcji 45 — mieszana precyzja."""

from dataclasses import dataclass

import torch
from torch import nn


def predict_cpu_autocast_dtypes() -> dict[str, torch.dtype]:
    """Typy wyników w regionie autocast CPU z bf16."""
    return {
        "f @ f": torch.bfloat16,
        "h @ f": torch.bfloat16,
        "d @ d": torch.float64,
        "softmax(h)": torch.bfloat16,
        "softmax(f)": torch.float32,
        "cross_entropy(h, t)": torch.float32,
        "relu(f)": torch.float32,
        "stack([h, f])": torch.float32,
        "conv1d(f)": torch.bfloat16,
        "layer_norm(h)": torch.bfloat16,
    }


@dataclass
class ScalerState:
    scale: float
    growth_tracker: int = 0


@dataclass(frozen=True)
class ScalerConfig:
    growth_factor: float = 2.0
    backoff_factor: float = 0.5
    growth_interval: int = 2000


def manual_scaler_step(
    params: list[torch.Tensor],
    optimizer: torch.optim.Optimizer,
    state: ScalerState,
    cfg: ScalerConfig,
) -> bool:
    """Unscale w miejscu, wykrycie inf/nan, warunkowy krok i aktualizacja state."""
    inv_scale = 1.0 / state.scale
    found_inf = False
    with torch.no_grad():
        for param in params:
            if param.grad is None:
                continue
            param.grad.mul_(inv_scale)
            if not bool(torch.isfinite(param.grad).all()):
                found_inf = True
    if found_inf:
        state.scale *= cfg.backoff_factor
        state.growth_tracker = 0
        return False
    optimizer.step()
    state.growth_tracker += 1
    if state.growth_tracker == cfg.growth_interval:
        state.scale *= cfg.growth_factor
        state.growth_tracker = 0
    return True


class ProjectedDistance(nn.Module):
    def __init__(self, dim_in: int, dim_out: int) -> None:
        super().__init__()
        self.proj = nn.Linear(dim_in, dim_out)

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        """Macierz kwadratów odległości (fp32) między self.proj(a) i self.proj(b)."""
        pa = self.proj(a)
        pb = self.proj(b)
        with torch.autocast(a.device.type, enabled=False):
            fa = pa.float()
            fb = pb.float()
            sq_a = (fa * fa).sum(-1, keepdim=True)
            sq_b = (fb * fb).sum(-1)
            distances: torch.Tensor = sq_a + sq_b - 2.0 * fa @ fb.T
            return distances


@dataclass(frozen=True)
class Fp16Report:
    overflow: int
    underflow: int
    subnormal: int


def fp16_overflow_report(values: torch.Tensor) -> Fp16Report:
    """Policz przepełnienia, niedomiary i wartości podnormalne po rzutowaniu na fp16."""
    half = values.to(torch.float16)
    tiny = torch.finfo(torch.float16).tiny
    overflow = torch.isinf(half) & torch.isfinite(values)
    underflow = (half == 0) & (values != 0)
    subnormal = (half != 0) & (half.abs() < tiny)
    return Fp16Report(
        overflow=int(overflow.sum()),
        underflow=int(underflow.sum()),
        subnormal=int(subnormal.sum()),
    )
