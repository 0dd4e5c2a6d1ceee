"""Rozwiązania wzorcowe lekcji 44 — kryminalistyka pamięci GPU."""

from __future__ import annotations

import math
from typing import Any


def tensors_per_segment(nbytes: int) -> tuple[int, int]:
    """(liczba tensorów w pierwszym segmencie, ich łączne allocated w bajtach)."""
    mib = 1024 * 1024
    size = max(512, math.ceil(nbytes / 512) * 512)
    small = size <= mib
    if small:
        segment = 2 * mib
    elif size < 10 * mib:
        segment = 20 * mib
    else:
        segment = math.ceil(size / (2 * mib)) * 2 * mib
    count, allocated, free = 0, 0, segment
    while free >= size:
        remaining = free - size
        split = remaining >= 512 if small else remaining > mib
        count += 1
        if split:
            allocated += size
            free = remaining
        else:
            allocated += free
            free = 0
    return count, allocated


def free_memory_report(snapshot: dict[str, Any]) -> tuple[int, int, float]:
    """(suma wolnych bajtów, największy wolny blok, fragmentacja 1 - największy/suma)."""
    sizes = [
        int(block["size"])
        for segment in snapshot["segments"]
        for block in segment["blocks"]
        if block["state"] == "inactive"
    ]
    total = sum(sizes)
    largest = max(sizes, default=0)
    fragmentation = 1 - largest / total if total else 0.0
    return total, largest, fragmentation


def allocated_bytes_by_file(snapshot: dict[str, Any]) -> dict[str, int]:
    """Plik (najgłębsza ramka .py) -> suma rozmiarów bloków active_allocated."""
    result: dict[str, int] = {}
    for segment in snapshot["segments"]:
        for block in segment["blocks"]:
            if block["state"] != "active_allocated":
                continue
            python_files = [
                str(f["filename"]) for f in block["frames"] if str(f["filename"]).endswith(".py")
            ]
            key = python_files[0] if python_files else "<unknown>"
            result[key] = result.get(key, 0) + int(block["size"])
    return result


def trace_peaks(trace: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(szczyt zamówionych bajtów, szczyt bajtów w blokach 512 B, bajty w blokach na końcu)."""

    def rounded(size: int) -> int:
        return max(512, math.ceil(size / 512) * 512)

    requested = blocks = peak_requested = peak_blocks = 0
    for event in trace:
        size = int(event["size"])
        if event["action"] == "alloc":
            requested += size
            blocks += rounded(size)
        elif event["action"] == "free_completed":
            requested -= size
            blocks -= rounded(size)
        peak_requested = max(peak_requested, requested)
        peak_blocks = max(peak_blocks, blocks)
    return peak_requested, peak_blocks, blocks
