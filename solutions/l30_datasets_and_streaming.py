"""Rozwiązania wzorcowe do lekcji 30 — zbiory danych i strumieniowanie."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import torch
from torch.utils.data import IterableDataset, get_worker_info


class BlockRange(IterableDataset[int]):
    """Liczby start..end-1, podzielone między workery ciągłymi blokami."""

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def worker_range(self, worker: int, num_workers: int) -> range:
        """Ciągły blok workera; pierwsze (n % num_workers) bloki są o 1 dłuższe."""
        n = max(self.end - self.start, 0)
        base, extra = divmod(n, num_workers)
        begin = self.start + worker * base + min(worker, extra)
        size = base + (1 if worker < extra else 0)
        return range(begin, begin + size)

    def __iter__(self) -> Iterator[int]:
        info = get_worker_info()
        worker, total = (0, 1) if info is None else (info.id, info.num_workers)
        return iter(self.worker_range(worker, total))


def write_shard(path: Path, samples: list[tuple[str, torch.Tensor, int]]) -> None:
    """Zapisuje przykłady jako pary plików klucz.pt i klucz.json w archiwum tar."""

    def add(archive: tarfile.TarFile, name: str, payload: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))

    with tarfile.open(path, "w") as archive:
        for key, x, label in samples:
            buffer = io.BytesIO()
            torch.save(x, buffer)
            add(archive, f"{key}.pt", buffer.getvalue())
            add(archive, f"{key}.json", json.dumps({"label": label}).encode())


def read_shard(path: Path) -> list[tuple[str, torch.Tensor, int]]:
    """Czyta archiwum strumieniowo i zwraca (klucz, tensor, etykieta) w kolejności z pliku."""

    def split(name: str) -> tuple[str, str]:
        folder, _, base = name.rpartition("/")
        stem, _, ext = base.partition(".")
        return (f"{folder}/{stem}" if folder else stem), ext

    def decode(key: str, group: dict[str, bytes]) -> tuple[str, torch.Tensor, int]:
        x = torch.load(io.BytesIO(group["pt"]), weights_only=True)
        return key, x, int(json.loads(group["json"])["label"])

    out: list[tuple[str, torch.Tensor, int]] = []
    current: str | None = None
    group: dict[str, bytes] = {}
    with tarfile.open(path, mode="r|") as archive:
        for member in archive:
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            key, ext = split(member.name)
            if current is not None and key != current:
                out.append(decode(current, group))
                group = {}
            current = key
            group[ext] = handle.read()
    if current is not None:
        out.append(decode(current, group))
    return out


def two_level_shuffle[T](shards: list[list[T]], buffer_size: int,
                         generator: torch.Generator) -> Iterator[T]:
    """Tasuje kolejność shardów, a potem przykłady buforem o pojemności buffer_size."""
    order = torch.randperm(len(shards), generator=generator).tolist()
    buffer: list[T] = []
    for shard_index in order:
        for item in shards[shard_index]:
            if len(buffer) < buffer_size:
                buffer.append(item)
                continue
            slot = int(torch.randint(buffer_size, (1,), generator=generator))
            yield buffer[slot]
            buffer[slot] = item
    for slot in torch.randperm(len(buffer), generator=generator).tolist():
        yield buffer[slot]


def assign_shards(num_shards: int, rank: int, world_size: int, worker: int,
                  num_workers: int, *, even: bool = False) -> list[int]:
    """Indeksy shardów czytanych przez workera `worker` w randze `rank`."""
    if not 0 <= rank < world_size:
        raise ValueError(f"rank {rank} poza zakresem 0..{world_size - 1}")
    if not 0 <= worker < num_workers:
        raise ValueError(f"worker {worker} poza zakresem 0..{num_workers - 1}")
    readers = world_size * num_workers
    if num_shards < readers:
        raise ValueError(f"{num_shards} shardów na {readers} czytelników")
    limit = (num_shards // readers) * readers if even else num_shards
    return list(range(rank * num_workers + worker, limit, readers))
