"""Składnia puli GPU (BLACKBELT_GPU_POOL) i limitu pamięci przy współdzieleniu karty.

Pula to lista identyfikatorów oddzielonych przecinkami, w jednym z dwóch sposobów adresowania:

* indeksy kart, tak jak je numeruje `nvidia-smi`: "0,1,2,3"; wycinek MIG po indeksach: "0:1"
  (karta:wycinek, składnia nvidia-container-toolkit);
* UUID-y: całych kart "GPU-<uuid>" i wycinków MIG "MIG-<uuid>" (starszy zapis sterowników
  "MIG-GPU-<uuid>/<gi>/<ci>" też działa). UUID-y podaje `nvidia-smi -L`.

Mieszanie indeksów z UUID-ami jest błędem: hub nie ma w kontenerze `nvidia-smi`, więc nie
sprawdzi, że "0" i "GPU-…" to nie ta sama karta — a wtedy dwóch uczniów dostałoby jedną kartę.
Mieszanie "GPU-…" z "MIG-…" jest dozwolone, bo to zwykła maszyna, na której część kart
pracuje w trybie MIG, a część w całości. Administrator nie może wtedy wpisać całej karty,
która jest podzielona na wycinki z tej samej puli (tego hub nie wykryje). Z tego samego powodu
"0" i "0:1" naraz (cała karta i jej wycinek) odrzucamy.

Limit pamięci przy polityce `share` (BLACKBELT_GPU_SHARE_MEMORY): ułamek pamięci karty
("0.25" albo "25%") albo rozmiar ("20G", "512M").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.errors import SettingsError

_HEX_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_INDEX = re.compile(r"^(0|[1-9][0-9]*)(?::(0|[1-9][0-9]*))?$")
_GPU_UUID = re.compile(rf"^GPU-{_HEX_UUID}$", re.IGNORECASE)
_MIG_UUID = re.compile(rf"^MIG-(?:{_HEX_UUID}|GPU-{_HEX_UUID}/[0-9]+/[0-9]+)$", re.IGNORECASE)
_SIZE = re.compile(r"^([1-9][0-9]*)([KMGT])$", re.IGNORECASE)
_FRACTION = re.compile(r"^(?:0?\.[0-9]+|1(?:\.0+)?)$")
_PERCENT = re.compile(r"^([1-9][0-9]?|100)%$")
_UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}

POOL_VARIABLE = "BLACKBELT_GPU_POOL"
SHARE_VARIABLE = "BLACKBELT_GPU_SHARE_MEMORY"


def parse_gpu_pool(value: str) -> tuple[str, ...]:
    """Tekst puli (np. "0,1" albo "GPU-…,MIG-…") -> identyfikatory w kolejności z konfiguracji."""
    devices = tuple(part.strip() for part in value.split(",") if part.strip())
    for device in devices:
        if not (
            _INDEX.fullmatch(device) or _GPU_UUID.fullmatch(device) or _MIG_UUID.fullmatch(device)
        ):
            raise SettingsError(
                f"{POOL_VARIABLE}: {device!r} to nie jest identyfikator GPU. Podaj indeksy kart "
                "(np. 0,1,2), wycinki MIG po indeksach (np. 0:1) albo UUID-y z `nvidia-smi -L` "
                "(GPU-… dla całych kart, MIG-… dla wycinków)."
            )
    seen: set[str] = set()
    for device in devices:
        key = device.lower()
        if key in seen:
            raise SettingsError(
                f"{POOL_VARIABLE}: {device!r} występuje dwa razy — każdą kartę lub wycinek "
                "wpisz tylko raz, inaczej dwóch uczniów dostałoby to samo urządzenie."
            )
        seen.add(key)
    indices = [device for device in devices if _INDEX.fullmatch(device)]
    if indices and len(indices) != len(devices):
        raise SettingsError(
            f"{POOL_VARIABLE}: nie mieszaj indeksów kart z UUID-ami — hub nie sprawdzi, czy to "
            "te same karty. Użyj samych indeksów albo samych UUID-ów (nvidia-smi -L)."
        )
    whole = {device for device in indices if ":" not in device}
    for device in indices:
        card = device.split(":", 1)[0]
        if ":" in device and card in whole:
            raise SettingsError(
                f"{POOL_VARIABLE}: karta {card} jest w puli w całości i jako wycinek MIG "
                f"{device} — wpisz albo całą kartę, albo jej wycinki."
            )
    return devices


@dataclass(frozen=True)
class MemoryCap:
    """Limit pamięci GPU ucznia: ułamek pamięci karty albo liczba bajtów (dokładnie jedno)."""

    fraction: float | None = None
    bytes: int | None = None

    def __post_init__(self) -> None:
        if (self.fraction is None) == (self.bytes is None):
            raise ValueError("MemoryCap: podaj dokładnie jedno z: fraction, bytes")

    def environment(self) -> dict[str, str]:
        """Zmienne, które obraz ucznia zamienia w torch.cuda.set_per_process_memory_fraction."""
        if self.fraction is not None:
            return {"BLACKBELT_GPU_MEMORY_FRACTION": f"{self.fraction:g}"}
        return {"BLACKBELT_GPU_MEMORY_BYTES": str(self.bytes)}

    def describe(self) -> str:
        if self.fraction is not None:
            return f"{self.fraction:.0%} pamięci karty"
        assert self.bytes is not None
        return f"{self.bytes / (1 << 30):g} GiB pamięci karty"


def parse_memory_cap(value: str) -> MemoryCap:
    """Ułamek ("0.25", "25%") albo rozmiar ("20G", "512M") -> MemoryCap."""
    text = value.strip()
    if size := _SIZE.fullmatch(text):
        return MemoryCap(bytes=int(size.group(1)) * _UNITS[size.group(2).upper()])
    if percent := _PERCENT.fullmatch(text):
        return MemoryCap(fraction=int(percent.group(1)) / 100)
    if _FRACTION.fullmatch(text) and float(text) > 0:
        return MemoryCap(fraction=float(text))
    raise SettingsError(
        f"{SHARE_VARIABLE}={value!r}: oczekiwano ułamka pamięci karty (np. 0.25 albo 25%) "
        "albo rozmiaru (np. 20G, 512M)."
    )
