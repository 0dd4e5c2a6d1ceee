"""Rozwiązania wzorcowe do lekcji 16 — Dispatcher, __torch_function__ i __torch_dispatch__."""

from collections import Counter
from collections.abc import Callable, Sequence

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_map


def predict_kernel(op_name: str, t: torch.Tensor) -> tuple[str, str]:
    """Klucz i rodzaj jądra, które dispatcher wybierze dla op_name z jedynym argumentem t."""
    keys = (
        torch._C._dispatch_keys(t) | torch._C._dispatch_tls_local_include_set()
    ) - torch._C._dispatch_tls_local_exclude_set()
    table: dict[str, str] = {}
    for line in torch._C._dispatch_dump_table(op_name).splitlines():
        if ":" in line:
            table[line.split(":", 1)[0].strip()] = line
    while True:
        key = keys.highestPriorityTypeId()
        name = torch._C._dispatch_key_name(key)
        if name == "Undefined":
            raise RuntimeError(f"brak jądra dla {op_name}")
        entry = table.get(name)
        if entry is not None and "fallthrough" not in entry:
            kind = entry[entry.rindex("[") + 1 : entry.rindex("]")]
            return name, kind
        keys = keys.remove(key)


class AtenOpCounter(TorchDispatchMode):
    """Zlicza wywołania przeciążeń ATen (klucz: str(func), np. 'aten.addmm.default')."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.counts: Counter[str] = Counter()

    def __torch_dispatch__(
        self,
        func: Callable[..., object],
        types: Sequence[type],
        args: Sequence[object] = (),
        kwargs: dict[str, object] | None = None,
    ) -> object:
        self.counts[str(func)] += 1
        return func(*args, **(kwargs or {}))


class CallRecorder(TorchFunctionMode):
    """Zapisuje nazwy wywołań API torch z Pythona (bez odczytów atrybutów '__get__')."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def __torch_function__(
        self,
        func: Callable[..., object],
        types: Sequence[type],
        args: Sequence[object] = (),
        kwargs: dict[str, object] | None = None,
    ) -> object:
        name = getattr(func, "__name__", str(func))
        if name not in {"__get__", "__set__"}:
            self.calls.append(name)
        return func(*args, **(kwargs or {}))


class UnitTensor(torch.Tensor):
    """Tensor-opakowanie z jednostką fizyczną, pilnowaną w add i mul na poziomie ATen."""

    data_: torch.Tensor
    unit: str

    @staticmethod
    def __new__(cls: type["UnitTensor"], data: torch.Tensor, unit: str) -> "UnitTensor":
        return torch.Tensor._make_wrapper_subclass(
            cls, data.shape, dtype=data.dtype, device=data.device, requires_grad=False
        )

    def __init__(self, data: torch.Tensor, unit: str) -> None:
        self.data_ = data
        self.unit = unit

    def __repr__(self) -> str:  # type: ignore[override]
        return f"UnitTensor({self.data_.tolist()}, unit={self.unit!r})"

    def __tensor_flatten__(self) -> tuple[list[str], dict[str, str]]:
        return ["data_"], {"unit": self.unit}

    @staticmethod
    def __tensor_unflatten__(
        inner: dict[str, torch.Tensor],
        meta: dict[str, str],
        outer_size: object,
        outer_stride: object,
    ) -> "UnitTensor":
        return UnitTensor(inner["data_"], meta["unit"])

    @classmethod
    def __torch_dispatch__(  # type: ignore[override]
        cls,
        func: Callable[..., object],
        types: Sequence[type],
        args: Sequence[object] = (),
        kwargs: dict[str, object] | None = None,
    ) -> object:
        kwargs = kwargs or {}

        def unwrap(x: object) -> object:
            return x.data_ if isinstance(x, UnitTensor) else x

        raw_args = tree_map(unwrap, list(args))
        raw_kwargs = tree_map(unwrap, kwargs)
        result = func(*raw_args, **raw_kwargs)
        units = [a.unit if isinstance(a, UnitTensor) else None for a in args[:2]]
        if func is torch.ops.aten.add.Tensor:
            if units[0] != units[1]:
                raise ValueError(f"nie dodam jednostek {units[0]} i {units[1]}")
            assert isinstance(result, torch.Tensor)
            return UnitTensor(result, str(units[0]))
        if func is torch.ops.aten.mul.Tensor:
            named = [u for u in units if u is not None]
            assert isinstance(result, torch.Tensor)
            return UnitTensor(result, "*".join(named))
        return result
