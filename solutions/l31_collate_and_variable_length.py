"""Rozwiązania wzorcowe do lekcji 31 — collate_fn, sekwencje zmiennej długości i pakowanie."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn.utils.rnn import pad_sequence


@dataclass
class GenerationBatch:
    tokens: torch.Tensor  # (B, T) int64, wypełnienie z lewej
    lengths: torch.Tensor  # (B,) int64
    mask: torch.Tensor  # (B, T) bool
    position_ids: torch.Tensor  # (B, T) int64


def collate_for_generation(
    samples: list[torch.Tensor], pad_id: int, max_len: int
) -> GenerationBatch:
    """Lewe wypełnienie, przycięcie do ostatnich max_len tokenów, maska i pozycje."""
    clipped = [s[-max_len:].to(torch.int64) for s in samples]
    tokens = pad_sequence(clipped, batch_first=True, padding_value=pad_id, padding_side="left")
    lengths = torch.tensor([len(s) for s in clipped], dtype=torch.int64)
    width = tokens.shape[1]
    mask = torch.arange(width)[None, :] >= (width - lengths)[:, None]
    position_ids = (mask.long().cumsum(dim=1) - 1).clamp(min=0)
    return GenerationBatch(tokens=tokens, lengths=lengths, mask=mask, position_ids=position_ids)


def masked_mean(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Średnia po czasie tylko z pozycji mask == True; pusty wiersz → zera."""
    zero = torch.zeros((), dtype=hidden.dtype)
    total = torch.where(mask[..., None], hidden, zero).sum(dim=1)
    count = mask.sum(dim=1, keepdim=True).clamp(min=1).to(hidden.dtype)
    return total / count


def pack_documents(
    documents: list[torch.Tensor], row_len: int, pad_id: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Next-fit: (tokens, position_ids, document_ids), każdy (R, row_len) int64."""
    rows: list[list[int]] = []
    used = row_len  # wymusza otwarcie pierwszego wiersza
    for index, doc in enumerate(documents):
        if len(doc) > row_len:
            raise ValueError(f"dokument {index} ma {len(doc)} tokenów > row_len={row_len}")
        if used + len(doc) > row_len:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += len(doc)
    tokens = torch.full((len(rows), row_len), pad_id, dtype=torch.int64)
    positions = torch.zeros((len(rows), row_len), dtype=torch.int64)
    doc_ids = torch.full((len(rows), row_len), -1, dtype=torch.int64)
    for r, members in enumerate(rows):
        start = 0
        for index in members:
            n = len(documents[index])
            tokens[r, start : start + n] = documents[index]
            positions[r, start : start + n] = torch.arange(n)
            doc_ids[r, start : start + n] = index
            start += n
    return tokens, positions, doc_ids


def padding_efficiency(lengths: list[int], batch_size: int) -> float:
    """Udział prawdziwych tokenów przy batchach wyrównanych do najdłuższej sekwencji."""
    if not lengths:
        return 1.0
    slots = 0
    for start in range(0, len(lengths), batch_size):
        chunk = lengths[start : start + batch_size]
        slots += len(chunk) * max(chunk)
    return sum(lengths) / slots


def packing_efficiency(lengths: list[int], row_len: int) -> float:
    """Udział prawdziwych tokenów przy pakowaniu next-fit do wierszy row_len."""
    if not lengths:
        return 1.0
    rows = 0
    used = row_len
    for n in lengths:
        if used + n > row_len:
            rows += 1
            used = 0
        used += n
    return sum(lengths) / (rows * row_len)
