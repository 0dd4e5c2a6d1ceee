"""Rozwiązania wzorcowe do lekcji 36 — serializacja i checkpointy."""

from __future__ import annotations

import json
import os
import random
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn


def atomic_save(obj: object, path: Path) -> None:
    """Atomowo zapisuje obj pod path (plik tymczasowy obok, fsync, os.replace)."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            torch.save(obj, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def save_training_state(
    path: Path,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    step: int,
) -> None:
    """Zapisuje pełny stan treningu (wagi, optymalizator, scheduler, 3 RNG, krok)."""
    np_state: Any = np.random.get_state()
    name, keys, pos, has_gauss, cached = np_state
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "rng_torch": torch.get_rng_state(),
        "rng_python": random.getstate(),
        "rng_numpy": {
            "name": str(name),
            "keys": torch.from_numpy(np.asarray(keys).astype(np.int64)),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "cached": float(cached),
        },
        "step": int(step),
    }
    torch.save(state, path)


def load_training_state(
    path: Path,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
) -> int:
    """Przywraca stan zapisany przez save_training_state i zwraca numer kroku."""
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng_torch"])
    random.setstate(state["rng_python"])
    np_state = state["rng_numpy"]
    np.random.set_state((
        np_state["name"],
        np_state["keys"].numpy().astype(np.uint32),
        np_state["pos"],
        np_state["has_gauss"],
        np_state["cached"],
    ))
    return int(state["step"])


def read_safetensors_header(path: Path) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Zwraca {nazwa: (dtype, shape)} z nagłówka pliku safetensors."""
    with Path(path).open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    return {
        name: (str(entry["dtype"]), tuple(int(d) for d in entry["shape"]))
        for name, entry in header.items()
        if name != "__metadata__"
    }


def find_oversized(path: Path, ratio: float = 2.0) -> list[str]:
    """Zwraca posortowane klucze tensorów, których storage marnuje miejsce w pliku."""
    state = torch.load(path, weights_only=True)
    needed: dict[int, int] = {}
    for tensor in state.values():
        key = tensor.untyped_storage().data_ptr()
        needed[key] = max(needed.get(key, 0), tensor.numel() * tensor.element_size())
    return sorted(
        name
        for name, tensor in state.items()
        if tensor.untyped_storage().nbytes()
        > ratio * needed[tensor.untyped_storage().data_ptr()]
    )
