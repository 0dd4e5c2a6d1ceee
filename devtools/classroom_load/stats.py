"""Statystyka czasów (percentyle, podsumowanie) i odczyt rozmiarów z `docker stats`."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

_SIZE = re.compile(r"^\s*([0-9.]+)\s*([KMGTP]?i?B)\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}


def percentile(values: Sequence[float], q: float) -> float:
    """Percentyl q (0–100) z interpolacją liniową między sąsiednimi pomiarami (jak numpy)."""
    if not values:
        raise ValueError("percentyl z pustej listy pomiarów nie istnieje")
    if not 0 <= q <= 100:
        raise ValueError(f"percentyl q={q}: oczekiwano liczby od 0 do 100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """Rozkład czasów (sekundy) udanych prób i liczba porażek."""

    count: int
    failures: int
    p50: float | None
    p95: float | None
    max: float | None
    min: float | None

    @classmethod
    def of(cls, values: Sequence[float], failures: int = 0) -> Summary:
        if not values:
            return cls(0, failures, None, None, None, None)
        return cls(
            count=len(values),
            failures=failures,
            p50=round(percentile(values, 50), 1),
            p95=round(percentile(values, 95), 1),
            max=round(max(values), 1),
            min=round(min(values), 1),
        )


def parse_size(text: str) -> int:
    """Rozmiar z `docker stats` (np. '512.3MiB', '1.5GB', '0B') w bajtach."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"nieznany zapis rozmiaru: {text!r}")
    number, unit = match.groups()
    return round(float(number) * _SIZE_UNITS[unit.lower()])
