"""Rozwiązania wzorcowe lekcji 19 — jądra w Tritonie.

Notatnik ustawia ``TRITON_INTERPRET=1`` przed importem tritona, gdy nie ma GPU; ten plik
importuje triton dopiero po tej decyzji (importy są dopisywane do komórek ćwiczeń).
"""

from dataclasses import dataclass

import torch
import triton
import triton.language as tl


@triton.jit
def leaky_relu_kernel(
    x_ptr: tl.tensor, out_ptr: tl.tensor, n_elements: tl.tensor, negative_slope: tl.tensor,
    BLOCK_SIZE: tl.constexpr,
) -> None:
    """out = x dla x > 0, w przeciwnym razie negative_slope * x; pasy poza n_elements maskuj."""
    offsets = tl.program_id(axis=0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask, other=0.0)
    tl.store(out_ptr + offsets, tl.where(x > 0, x, x * negative_slope), mask=mask)


def leaky_relu_into(
    x: torch.Tensor, out: torch.Tensor, negative_slope: float, block_size: int = 64
) -> torch.Tensor:
    """Uruchamia leaky_relu_kernel na ciągłych x i out (ten sam kształt) i zwraca out."""
    if x.shape != out.shape or not (x.is_contiguous() and out.is_contiguous()):
        raise ValueError("x i out muszą być ciągłe i mieć ten sam kształt")
    n = x.numel()
    grid = (triton.cdiv(n, block_size),)
    leaky_relu_kernel[grid](x, out, n, negative_slope, BLOCK_SIZE=block_size)
    return out


@triton.jit
def row_max_kernel(
    x_ptr: tl.tensor, out_ptr: tl.tensor, n_cols: tl.tensor, row_stride: tl.tensor,
    BLOCK_SIZE: tl.constexpr,
) -> None:
    """out[row] = max(x[row, :n_cols]); wiersz zaczyna się pod x_ptr + row * row_stride."""
    row = tl.program_id(axis=0)
    cols = tl.arange(0, BLOCK_SIZE)
    values = tl.load(x_ptr + row * row_stride + cols, mask=cols < n_cols, other=-float("inf"))
    tl.store(out_ptr + row, tl.max(values, axis=0))


def triton_row_max(x: torch.Tensor) -> torch.Tensor:
    """Maksimum każdego wiersza macierzy 2-D (stride(1) == 1), jeden program na wiersz."""
    if x.dim() != 2 or x.stride(1) != 1:
        raise ValueError("oczekuję macierzy 2-D o ciągłych wierszach")
    rows, cols = x.shape
    out = torch.empty(rows, device=x.device, dtype=x.dtype)
    block = triton.next_power_of_2(cols)
    row_max_kernel[(rows,)](x, out, cols, x.stride(0), BLOCK_SIZE=block)
    return out


@triton.jit
def strided_copy_kernel(  # noqa: PLR0917 — jądro Tritona przyjmuje argumenty pozycyjnie
    x_ptr: tl.tensor, out_ptr: tl.tensor, n_rows: tl.tensor, n_cols: tl.tensor,
    stride_xr: tl.tensor, stride_xc: tl.tensor, stride_or: tl.tensor, stride_oc: tl.tensor,
    BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr,
) -> None:
    """out[r, c] = x[r, c] z adresami r * stride_r + c * stride_c; kafelek BLOCK_R × BLOCK_C."""
    rows = tl.program_id(axis=0) * BLOCK_R + tl.arange(0, BLOCK_R)
    cols = tl.program_id(axis=1) * BLOCK_C + tl.arange(0, BLOCK_C)
    mask = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
    src = x_ptr + rows[:, None] * stride_xr + cols[None, :] * stride_xc
    dst = out_ptr + rows[:, None] * stride_or + cols[None, :] * stride_oc
    tl.store(dst, tl.load(src, mask=mask), mask=mask)


def triton_contiguous(x: torch.Tensor) -> torch.Tensor:
    """Nowy, ciągły tensor 2-D o wartościach x, skopiowany przez strided_copy_kernel."""
    if x.dim() != 2:
        raise ValueError("oczekuję macierzy 2-D")
    rows, cols = x.shape
    out = torch.empty((rows, cols), device=x.device, dtype=x.dtype)
    block_r, block_c = 16, 16
    grid = (triton.cdiv(rows, block_r), triton.cdiv(cols, block_c))
    strided_copy_kernel[grid](
        x, out, rows, cols, x.stride(0), x.stride(1), out.stride(0), out.stride(1),
        BLOCK_R=block_r, BLOCK_C=block_c,
    )
    return out


@dataclass(frozen=True)
class RowLaunchPlan:
    block_size: int
    grid: int
    masked_lanes: int
    needs_int64: bool


def plan_row_launch(n_rows: int, n_cols: int, row_stride: int) -> RowLaunchPlan:
    """Plan jądra wierszowego: blok, siatka, puste pasy, czy offset przekracza 2**31 - 1."""
    if n_rows < 1 or n_cols < 1:
        raise ValueError("n_rows i n_cols muszą być dodatnie")
    block = 1
    while block < n_cols:
        block *= 2
    largest_offset = (n_rows - 1) * row_stride + block - 1
    return RowLaunchPlan(
        block_size=block,
        grid=n_rows,
        masked_lanes=n_rows * (block - n_cols),
        needs_int64=largest_offset > 2**31 - 1,
    )
