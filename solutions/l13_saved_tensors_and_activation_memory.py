"""Rozwiązania wzorcowe do lekcji 13 — Zapisane tensory i pamięć aktywacji."""

import weakref
from collections.abc import Callable, Sequence
from typing import Protocol

import torch


class _MLPLike(Protocol):
    d_in: int
    hidden: int
    depth: int
    activation: str
    dropout: float


def predict_saved(op: str, input_requires_grad: bool) -> frozenset[str]:
    """Role tensorów zapisanych przez op: podzbiór {'input', 'output', 'weight'}."""
    saves_output = {"tanh", "exp", "sqrt", "softmax"}  # pochodna wyrażona przez wynik
    saves_input = {"log", "cos", "silu", "relu6"}  # relu6 (hardtanh) zapisuje wejście
    if op == "linear":
        # Gradient po wadze potrzebuje wejścia; po wejściu — wagi (tylko gdy jest potrzebny).
        return frozenset({"input", "weight"}) if input_requires_grad else frozenset({"input"})
    if not input_requires_grad:
        return frozenset()
    if op in saves_output:
        return frozenset({"output"})
    if op in saves_input:
        return frozenset({"input"})
    raise ValueError(f"nieznana operacja {op}")


def make_bf16_hooks(
    protected: Sequence[torch.Tensor],
) -> tuple[
    Callable[[torch.Tensor], tuple[torch.dtype, torch.Tensor]],
    Callable[[tuple[torch.dtype, torch.Tensor]], torch.Tensor],
]:
    """Para haków: float32 spoza protected → kopia bf16; reszta bez zmian."""
    keys = {t.untyped_storage().data_ptr() for t in protected}

    def pack(t: torch.Tensor) -> tuple[torch.dtype, torch.Tensor]:
        if t.dtype != torch.float32 or t.untyped_storage().data_ptr() in keys:
            return t.dtype, t.detach()  # bez kopii; detach zapobiega cyklowi referencji
        return t.dtype, t.to(torch.bfloat16)

    def unpack(packed: tuple[torch.dtype, torch.Tensor]) -> torch.Tensor:
        dtype, stored = packed
        return stored if stored.dtype == dtype else stored.to(dtype)

    return pack, unpack


def activation_bytes_per_sample(cfg: "_MLPLike") -> int:
    """Bajty zapisanych aktywacji na jedną próbkę dla MLP(cfg) (float32, CPU, trening)."""
    floats = cfg.d_in  # batch wejściowy zapisany przez pierwszą warstwę liniową
    for _ in range(cfg.depth):
        if cfg.dropout > 0:
            # relu/tanh: wynik; gelu/silu: wejście (ich wyniku nikt wtedy nie zapisuje);
            # do tego szum (float na CPU) i wyjście dropoutu zapisane przez następną warstwę
            layer = 3
        elif cfg.activation in ("relu", "tanh"):
            layer = 1  # wynik aktywacji, wspólny z wejściem następnej warstwy
        else:
            layer = 2  # gelu/silu: wejście aktywacji + jej wynik (wejście następnej warstwy)
        floats += layer * cfg.hidden
    return 4 * floats


class LiveSavedTracker:
    """Liczy bajty różnych storage trzymanych przez zapisane tensory, na żywo."""

    class Holder:
        """Opakowanie zapisanego tensora; jego zniknięcie oznacza zwolnienie zapisu."""

        def __init__(self, tensor: torch.Tensor) -> None:
            self.tensor = tensor

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}
        self._sizes: dict[int, int] = {}
        self._live = 0
        self._peak = 0

    def _release(self, key: int) -> None:
        self._counts[key] -= 1
        if self._counts[key] == 0:
            del self._counts[key]
            self._live -= self._sizes.pop(key)

    def pack(self, t: torch.Tensor) -> object:
        key = t.untyped_storage().data_ptr()
        if key not in self._counts:
            self._counts[key] = 0
            self._sizes[key] = t.untyped_storage().nbytes()
            self._live += self._sizes[key]
            self._peak = max(self._peak, self._live)
        self._counts[key] += 1
        holder = LiveSavedTracker.Holder(t.detach())  # bez grad_fn: bez cyklu
        weakref.finalize(holder, self._release, key)
        return holder

    def unpack(self, packed: object) -> torch.Tensor:
        assert isinstance(packed, LiveSavedTracker.Holder)
        return packed.tensor

    @property
    def live_bytes(self) -> int:
        return self._live

    @property
    def peak_bytes(self) -> int:
        return self._peak
