"""Rozwiązania wzorcowe do lekcji 01 — Storage, widoki i kroki."""

from __future__ import annotations

import math

import torch


def contiguous_strides(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Kroki układu wierszowego (C-order) dla kształtu o dodatnich rozmiarach."""
    strides: list[int] = []
    running = 1
    for size in reversed(shape):
        strides.append(running)
        running *= max(size, 1)
    return tuple(reversed(strides))


def channels_last_strides(shape: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Kroki układu channels_last dla kształtu (N, C, H, W): w pamięci kolejność N, H, W, C."""
    _, channels, height, width = shape
    stride_c = 1
    stride_w = channels
    stride_h = stride_w * width
    stride_n = stride_h * height
    return (stride_n, stride_c, stride_h, stride_w)


def can_view(shape: tuple[int, ...], stride: tuple[int, ...], new_shape: tuple[int, ...]) -> bool:
    """Czy tensor o danym kształcie i krokach da się przekształcić przez view do new_shape."""
    if math.prod(shape) != math.prod(new_shape):
        return False
    if not shape:
        return True
    view_d = len(new_shape) - 1
    chunk_base = stride[-1]  # krok najszybszego wymiaru bieżącej grupy
    chunk_numel = 1
    view_numel = 1
    for tensor_d in range(len(shape) - 1, -1, -1):
        chunk_numel *= shape[tensor_d]
        ends_chunk = tensor_d == 0 or (
            shape[tensor_d - 1] != 1 and stride[tensor_d - 1] != chunk_numel * chunk_base
        )
        if not ends_chunk:
            continue
        while view_d >= 0 and (view_numel < chunk_numel or new_shape[view_d] == 1):
            view_numel *= new_shape[view_d]
            view_d -= 1
        if view_numel != chunk_numel:
            return False
        if tensor_d > 0:
            chunk_base = stride[tensor_d - 1]
            chunk_numel = 1
            view_numel = 1
    return view_d == -1


def sliding_windows(signal: torch.Tensor, size: int, step: int) -> torch.Tensor:
    """Widok (n_windows, size) na 1-D signal: okno k zaczyna się w elemencie k * step."""
    if signal.dim() != 1:
        raise ValueError("sliding_windows oczekuje tensora 1-D")
    if not 1 <= size <= signal.numel() or step < 1:
        raise ValueError("okno musi mieścić się w sygnale, a krok musi być dodatni")
    count = (signal.numel() - size) // step + 1
    element_stride = signal.stride(0)
    return signal.as_strided((count, size), (step * element_stride, element_stride))


def retained_bytes(t: torch.Tensor) -> int:
    """Liczba bajtów storage utrzymywanych przy życiu przez t."""
    return t.untyped_storage().nbytes()


def compact(t: torch.Tensor) -> torch.Tensor:
    """Ciągła kopia t z własnym storage o minimalnym rozmiarze."""
    return t.clone(memory_format=torch.contiguous_format)
