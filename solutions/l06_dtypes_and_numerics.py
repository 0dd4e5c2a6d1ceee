"""Rozwiązania wzorcowe do lekcji 06 — typy danych i numeryka."""

from __future__ import annotations

import torch


def format_limits(
    exponent_bits: int, mantissa_bits: int, ieee_special_values: bool
) -> tuple[float, float, float]:
    """Zwraca (eps, największa liczba skończona, najmniejsza liczba znormalizowana)."""
    bias = 2 ** (exponent_bits - 1) - 1
    eps = 2.0**-mantissa_bits
    all_ones_exponent = 2**exponent_bits - 1
    if ieee_special_values:
        # Wykładnik z samych jedynek to inf/NaN: największy użyteczny jest o jeden niżej,
        # a mantysa może mieć same jedynki.
        largest = 2.0 ** (all_ones_exponent - 1 - bias) * (2.0 - eps)
    else:
        # Format „fn”: wykładnik z samych jedynek jest zwykły, tylko mantysa z samych jedynek
        # oznacza NaN — największa mantysa to 1.11…10.
        largest_fraction = 1.0 + (2**mantissa_bits - 2) * eps
        largest = 2.0 ** (all_ones_exponent - bias) * largest_fraction
    smallest_normal = 2.0 ** (1 - bias)
    return eps, largest, smallest_normal


def float32_to_bfloat16(x: torch.Tensor) -> torch.Tensor:
    """Tensor float32 → tensor bfloat16 o tym samym kształcie, zaokrąglenie RNE na bitach."""
    bits = x.contiguous().view(torch.int32).to(torch.int64) & 0xFFFF_FFFF
    lowest_kept_bit = (bits >> 16) & 1
    rounded = (bits + 0x7FFF + lowest_kept_bit) >> 16
    # Wartości 0…0xFFFF zawijamy do zakresu int16 (kod uzupełnień do dwóch), potem widok.
    signed = ((rounded + 0x8000) & 0xFFFF) - 0x8000
    return signed.to(torch.int16).view(torch.bfloat16)


def predict_result_type(
    first: torch.Tensor | bool | int | float, second: torch.Tensor | bool | int | float
) -> torch.dtype:
    """Typ wyniku `first + second` według reguł promocji PyTorcha."""

    def accumulate(current: torch.dtype | None, new: torch.dtype) -> torch.dtype:
        return new if current is None else torch.promote_types(current, new)

    def combine(higher: torch.dtype | None, lower: torch.dtype | None) -> torch.dtype | None:
        # Odpowiednik combine_categories z aten/src/ATen/native/TypeProperties.cpp (bez complex).
        if higher is None:
            return lower
        if lower is None or higher.is_floating_point:
            return higher
        if higher == torch.bool or lower.is_floating_point:
            return torch.promote_types(higher, lower)
        return higher

    dimensioned: torch.dtype | None = None
    zero_dim: torch.dtype | None = None
    wrapped: torch.dtype | None = None
    for operand in (first, second):
        if isinstance(operand, torch.Tensor):
            if operand.dim() > 0:
                dimensioned = accumulate(dimensioned, operand.dtype)
            else:
                zero_dim = accumulate(zero_dim, operand.dtype)
        elif isinstance(operand, bool):
            wrapped = accumulate(wrapped, torch.bool)
        elif isinstance(operand, int):
            wrapped = accumulate(wrapped, torch.int64)
        else:
            wrapped = accumulate(wrapped, torch.get_default_dtype())
    result = combine(dimensioned, combine(zero_dim, wrapped))
    if result is None:
        raise ValueError("Potrzebny jest co najmniej jeden argument.")
    return result


def merge_moments(
    left: tuple[int, torch.Tensor, torch.Tensor], right: tuple[int, torch.Tensor, torch.Tensor]
) -> tuple[int, torch.Tensor, torch.Tensor]:
    """Scala (count, mean, m2) dwóch rozłącznych części danych w (count, mean, m2) całości."""
    count_left, mean_left, m2_left = left
    count_right, mean_right, m2_right = right
    count = count_left + count_right
    delta = mean_right - mean_left
    mean = mean_left + delta * (count_right / count)
    m2 = m2_left + m2_right + delta * delta * (count_left * count_right / count)
    return count, mean, m2


def chunked_variance(x: torch.Tensor, chunk_size: int) -> torch.Tensor:
    """Nieobciążona wariancja 1-D tensora liczona blokami i scalana przez merge_moments."""
    state: tuple[int, torch.Tensor, torch.Tensor] | None = None
    for chunk in torch.split(x, chunk_size):
        mean = chunk.mean()
        moments = (chunk.numel(), mean, ((chunk - mean) ** 2).sum())
        state = moments if state is None else merge_moments(state, moments)
    if state is None or state[0] < 2:
        raise ValueError("Wariancja nieobciążona wymaga co najmniej dwóch elementów.")
    count, _, m2 = state
    return m2 / (count - 1)
