"""Rysunki do notatników: układ tensora w pamięci (storage, kroki, przesunięcie)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

_VIEW_COLOR = "#f4a259"
_IDLE_COLOR = "#e8e8e8"


def storage_numel(tensor: torch.Tensor) -> int:
    """Liczba elementów typu ``tensor.dtype`` mieszczących się w jego storage."""
    return tensor.untyped_storage().nbytes() // tensor.element_size()


def storage_indices(tensor: torch.Tensor) -> torch.Tensor:
    """Dla każdego elementu tensora: indeks elementu storage, który on czyta.

    To dokładnie wzór adresowania PyTorcha:
    ``offset + sum(index[k] * stride[k])`` — policzony dla wszystkich indeksów naraz.
    """
    positions = torch.arange(storage_numel(tensor))
    return positions.as_strided(tensor.shape, tensor.stride(), tensor.storage_offset())


def _draw_cell(ax: Axes, x: float, y: float, text: str, color: str) -> None:
    ax.add_patch(Rectangle((x, y), 1, 1, facecolor=color, edgecolor="black", linewidth=1))
    ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=9)


def _draw_storage_row(ax: Axes, tensor: torch.Tensor, used: set[int]) -> None:
    flat = torch.empty(0, dtype=tensor.dtype)
    total = storage_numel(tensor)
    flat = flat.set_(tensor.untyped_storage(), 0, (total,), (1,))
    for position in range(total):
        color = _VIEW_COLOR if position in used else _IDLE_COLOR
        _draw_cell(ax, position, 0, f"{flat[position].item():g}", color)
        ax.text(position + 0.5, -0.3, str(position), ha="center", va="center", fontsize=7)
    ax.set_xlim(-0.2, total + 0.2)
    ax.set_ylim(-0.7, 1.2)
    ax.set_title("storage (kolor = elementy czytane przez widok; pod spodem indeks)", fontsize=9)
    ax.axis("off")


def _draw_logical_grid(ax: Axes, indices: torch.Tensor) -> None:
    grid = indices if indices.dim() == 2 else indices.reshape(1, -1)
    rows, cols = grid.shape
    for r in range(rows):
        for c in range(cols):
            _draw_cell(ax, c, rows - 1 - r, f"s[{int(grid[r, c])}]", _VIEW_COLOR)
    ax.set_xlim(-0.2, max(cols, 1) + 0.2)
    ax.set_ylim(-0.2, max(rows, 1) + 0.2)
    ax.set_aspect("equal")
    ax.set_title("widok logiczny: który element storage czyta każda pozycja", fontsize=9)
    ax.axis("off")


def draw_storage(tensor: torch.Tensor, title: str = "") -> Figure:
    """Rysuje storage tensora i jego widok logiczny (dla tensorów 0–2 wymiarowych).

    Rysunek ma dwa panele: u góry wszystkie elementy storage (podświetlone te, które tensor
    czyta), u dołu siatka logiczna z indeksem storage każdego elementu. Tytuł zawiera
    ``shape``, ``stride`` i ``storage_offset`` — trzy liczby, które w pełni opisują widok.
    """
    if tensor.dim() > 2:
        raise ValueError(
            f"draw_storage rysuje tensory 0–2 wymiarowe; ten ma {tensor.dim()} wymiary. "
            "Narysuj wycinek, np. tensor[0]."
        )
    if storage_numel(tensor) > 64:
        raise ValueError("Storage ma ponad 64 elementy — rysunek byłby nieczytelny.")
    indices = storage_indices(tensor.detach().cpu())
    used = {int(i) for i in indices.flatten().tolist()}
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(max(6.0, storage_numel(tensor) * 0.45), 4.2), height_ratios=(1, 2)
    )
    _draw_storage_row(top, tensor.detach().cpu(), used)
    _draw_logical_grid(bottom, indices)
    header = (
        f"shape={tuple(tensor.shape)}, stride={tensor.stride()}, "
        f"offset={tensor.storage_offset()}"
    )
    figure.suptitle(f"{title}\n{header}" if title else header, fontsize=10)
    figure.tight_layout()
    return figure
