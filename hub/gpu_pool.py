"""Pula GPU: każdy serwer ucznia dostaje własną kartę (albo wycinek MIG) z BLACKBELT_GPU_POOL.

Zasady:

* Przydział (`GpuAssignment`) jest jedynym źródłem prawdy o GPU kontenera: z niego powstają
  i żądanie urządzenia dla Dockera (DeviceRequest, sterownik nvidia, DeviceIDs=[id]), i zmienna
  NVIDIA_VISIBLE_DEVICES=id, i etykiety kontenera — więc te trzy nie mogą się rozjechać.
* Przydział zapisujemy na kontenerze w etykietach `blackbelt.gpu*`. Po restarcie huba pula,
  zanim cokolwiek przydzieli, odbudowuje się z etykiet działających kontenerów (lista z API
  Dockera z filtrem etykiety), więc nie da drugiemu uczniowi karty, którą ktoś już ma.
* Wszystkie zmiany stanu idą pod jednym asyncio.Lock, więc równoczesne starty nie dostaną tej
  samej karty. Zwolnienie (stop serwera, nieudany start) budzi czekających.
* Gdy wolnych kart brak, decyduje polityka (BLACKBELT_GPU_POLICY):
  - wait: start czeka w kolejce (kolejność zgłoszeń) najwyżej BLACKBELT_GPU_WAIT_TIMEOUT sekund,
    uczeń widzi na stronie startu, ile kart jest zajętych; po czasie — jasny błąd;
  - cpu: serwer startuje bez GPU (NVIDIA_VISIBLE_DEVICES=void, bez żądania urządzenia);
  - share: uczeń dostaje najmniej obciążoną kartę. Przy tej polityce KAŻDY uczeń ma limit
    pamięci (BLACKBELT_GPU_SHARE_MEMORY), także pierwszy na karcie — limit nałożony tylko na
    późniejszych nie chroniłby ich przed pierwszym. To miękki limit alokatora PyTorcha
    (torch.cuda.set_per_process_memory_fraction przy starcie jądra), a nie izolacja sprzętowa
    jak MIG: kod spoza PyTorcha albo celowo go omijający może zająć więcej, a moc obliczeniowa
    karty jest dzielona bez gwarancji.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hub.gpu_devices import MemoryCap
from hub.settings import GpuPolicy, Settings

GPU_LABEL = "blackbelt.gpu"
USER_LABEL = "blackbelt.gpu.user"
SHARED_LABEL = "blackbelt.gpu.shared"
CPU_ONLY = "none"
VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES"
# Kontenery w tych stanach już nie trzymają karty (auto_remove właśnie je usuwa).
_GONE_STATES = frozenset({"exited", "dead", "removing"})

# Potomek loggera JupyterHuba: komunikaty trafiają do logu huba z jego poziomem i formatem.
log = logging.getLogger("JupyterHub").getChild("blackbelt.gpu")


class GpuPoolExhausted(RuntimeError):
    """Brak wolnej karty w czasie oczekiwania (polityka wait) — komunikat dla ucznia po polsku."""


@dataclass(frozen=True)
class GpuAssignment:
    """GPU jednego kontenera: urządzenie (None = tryb CPU) i ewentualny limit pamięci."""

    device: str | None
    memory_cap: MemoryCap | None = None

    @property
    def shared(self) -> bool:
        return self.memory_cap is not None

    def device_requests(self) -> list[dict[str, Any]]:
        """Argument `device_requests` dla docker-py (klucze jak w docker.types.DeviceRequest)."""
        if self.device is None:
            return []
        return [{"driver": "nvidia", "device_ids": [self.device], "capabilities": [["gpu"]]}]

    def environment(self) -> dict[str, str]:
        env = {VISIBLE_DEVICES: self.device or "void"}
        if self.memory_cap is not None:
            env.update(self.memory_cap.environment())
        return env

    def labels(self, user: str) -> dict[str, str]:
        return {
            GPU_LABEL: self.device or CPU_ONLY,
            USER_LABEL: user,
            SHARED_LABEL: "true" if self.shared else "false",
        }

    def describe(self) -> str:
        """Komunikat dla ucznia na stronie startu serwera."""
        if self.device is None:
            return (
                "Wszystkie karty GPU są zajęte, więc Twój serwer startuje bez GPU (tryb CPU). "
                "Kod z device='cuda' nie zadziała; zatrzymaj serwer i uruchom go ponownie później, "
                "żeby dostać kartę."
            )
        if self.memory_cap is not None:
            return (
                f"Przydzielono współdzieloną kartę GPU {self.device}; Twój limit to "
                f"{self.memory_cap.describe()} (limit alokatora PyTorcha)."
            )
        return f"Przydzielono kartę GPU {self.device} tylko dla Ciebie."


@dataclass(frozen=True)
class Holding:
    """Kto trzyma które urządzenie: `holder` to nazwa kontenera (jedna na serwer ucznia)."""

    holder: str
    user: str
    assignment: GpuAssignment


HoldingSource = Callable[[], Awaitable[list[Holding]]]
WaitReporter = Callable[[str], None]


def holdings_from_containers(
    containers: Iterable[Mapping[str, Any]], share_cap: MemoryCap | None = None
) -> list[Holding]:
    """Przydziały z wyniku APIClient.containers(filters={"label": "blackbelt.gpu"})."""
    result = []
    for container in containers:
        if str(container.get("State", "")).lower() in _GONE_STATES:
            continue
        labels = container.get("Labels") or {}
        device = labels.get(GPU_LABEL)
        names = container.get("Names") or []
        if not device or not names:
            continue
        shared = labels.get(SHARED_LABEL) == "true"
        assignment = GpuAssignment(
            device=None if device == CPU_ONLY else device,
            memory_cap=share_cap if shared else None,
        )
        holder = str(names[0]).lstrip("/")
        result.append(Holding(holder, labels.get(USER_LABEL, "?"), assignment))
    return result


@dataclass
class GpuPool:
    """Przydział kart z puli; jedna instancja na proces huba (pole klasy BlackbeltSpawner)."""

    devices: Sequence[str]
    policy: GpuPolicy
    wait_timeout_s: float
    share_cap: MemoryCap | None
    source: HoldingSource
    _holdings: dict[str, Holding] = field(default_factory=dict, init=False)
    _queue: list[str] = field(default_factory=list, init=False)
    _rebuilt: bool = field(default=False, init=False)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition, init=False)

    def __post_init__(self) -> None:
        if not self.devices:
            raise ValueError("GpuPool: pula nie może być pusta")
        if self.policy == "share" and self.share_cap is None:
            raise ValueError("GpuPool: polityka share wymaga limitu pamięci")

    @classmethod
    def from_settings(cls, settings: Settings, source: HoldingSource) -> GpuPool:
        return cls(
            devices=settings.gpu_pool,
            policy=settings.gpu_policy,
            wait_timeout_s=settings.gpu_wait_timeout_s,
            share_cap=settings.gpu_share_memory,
            source=source,
        )

    async def acquire(self, holder: str, user: str, report: WaitReporter) -> GpuAssignment:
        """Przydział dla kontenera `holder`; przy polityce wait może czekać (i wołać `report`)."""
        async with self._changed:
            await self._rebuild_once()
            current = self._holdings.get(holder)
            if current is not None:
                # Ten sam kontener startuje ponownie (np. stary nie został sprzątnięty):
                # zostaje przy swojej karcie, niczego nie dublujemy.
                return current.assignment
            # Kto przychodzi, gdy inni już czekają, staje na końcu kolejki (nawet jeśli
            # karta właśnie się zwolniła — należy się pierwszemu czekającemu).
            assignment = None if self._queue else self._pick()
            if assignment is None:
                assignment = await self._wait_for_free_device(holder, report)
            self._holdings[holder] = Holding(holder, user, assignment)
            log.info("GPU: %s (%s) -> %s", holder, user, assignment.device or "CPU")
            return assignment

    async def release(self, holder: str) -> None:
        async with self._changed:
            await self._rebuild_once()
            if self._holdings.pop(holder, None) is not None:
                log.info("GPU: %s zwolnił urządzenie", holder)
                self._changed.notify_all()

    async def snapshot(self) -> dict[str, Any]:
        """Stan puli dla administratora: kto trzyma którą kartę, kto pracuje bez GPU, kto czeka."""
        async with self._changed:
            await self._rebuild_once()
            holders = sorted(self._holdings.values(), key=lambda holding: holding.holder)
            return {
                "policy": self.policy,
                "devices": [
                    {
                        "device": device,
                        "holders": [
                            {"user": h.user, "server": h.holder, "shared": h.assignment.shared}
                            for h in holders
                            if h.assignment.device == device
                        ],
                    }
                    for device in self.devices
                ],
                "cpu_only": [
                    {"user": h.user, "server": h.holder}
                    for h in holders
                    if h.assignment.device is None
                ],
                "outside_pool": [
                    {"user": h.user, "server": h.holder, "device": h.assignment.device}
                    for h in holders
                    if h.assignment.device is not None and h.assignment.device not in self.devices
                ],
                "waiting": list(self._queue),
            }

    def _load(self, device: str) -> int:
        return sum(1 for h in self._holdings.values() if h.assignment.device == device)

    def _pick(self) -> GpuAssignment | None:
        free = [device for device in self.devices if self._load(device) == 0]
        if self.policy == "share":
            # Najmniej obciążona karta (przy remisie: pierwsza z konfiguracji); limit zawsze.
            device = min(self.devices, key=self._load)
            return GpuAssignment(device, self.share_cap)
        if free:
            return GpuAssignment(free[0])
        if self.policy == "cpu":
            return GpuAssignment(None)
        return None

    async def _wait_for_free_device(self, holder: str, report: WaitReporter) -> GpuAssignment:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait_timeout_s
        self._queue.append(holder)
        try:
            while True:
                if self._queue[0] == holder and (assignment := self._pick()) is not None:
                    return assignment
                report(self._wait_message(holder))
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise GpuPoolExhausted(self._timeout_message())
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    raise GpuPoolExhausted(self._timeout_message()) from None
        finally:
            self._queue.remove(holder)
            # Następny w kolejce może już mieć wolną kartę.
            self._changed.notify_all()

    def _wait_message(self, holder: str) -> str:
        position = self._queue.index(holder) + 1
        busy = sum(1 for device in self.devices if self._load(device) > 0)
        return (
            f"Wszystkie karty GPU są zajęte ({busy} z {len(self.devices)}). Jesteś "
            f"{position}. w kolejce; serwer wystartuje sam, gdy któraś karta się zwolni "
            f"(czekam najwyżej {_minutes(self.wait_timeout_s)})."
        )

    def _timeout_message(self) -> str:
        return (
            f"Przez {_minutes(self.wait_timeout_s)} nie zwolniła się żadna z "
            f"{len(self.devices)} kart GPU. Spróbuj ponownie za chwilę albo poproś prowadzącego "
            "o zatrzymanie nieużywanych serwerów."
        )

    async def _rebuild_once(self) -> None:
        """Przed pierwszym przydziałem: stan z etykiet działających kontenerów (pod lockiem)."""
        if self._rebuilt:
            return
        found = await self.source()
        for holding in found:
            if holding.assignment.device not in (None, *self.devices):
                log.warning(
                    "GPU: kontener %s ma urządzenie %s spoza puli",
                    holding.holder,
                    holding.assignment.device,
                )
            self._holdings[holding.holder] = holding
        self._rebuilt = True
        log.info("GPU: pula odbudowana z %d działających kontenerów", len(found))


def _minutes(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:g} s"
    return f"{seconds / 60:g} min"
