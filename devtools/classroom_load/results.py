"""Wyniki etapów pomiaru (start, restart huba, zabity kontener) i cały raport z werdyktem."""

from __future__ import annotations

from dataclasses import dataclass, field

from devtools.classroom_load.machine import BusyFigures, MachineFacts
from devtools.classroom_load.stats import Summary


@dataclass
class StartResult:
    learner: str
    lab_ready_s: float | None = None
    working_s: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.working_s is not None


@dataclass
class SurvivorCheck:
    """Stan jednego ucznia po restarcie huba."""

    learner: str
    same_container: bool = False
    kernel_kept_variable: bool = False
    route_back_s: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and self.same_container
            and self.kernel_kept_variable
            and self.route_back_s is not None
        )


@dataclass
class HubRestartResult:
    restart_command_s: float | None = None
    hub_downtime_s: float | None = None
    all_routes_back_s: float | None = None
    learners: list[SurvivorCheck] = field(default_factory=list)
    hub_log: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.learners) and all(c.ok for c in self.learners)


@dataclass
class ContainerKillResult:
    learner: str = ""
    hub_noticed_s: float | None = None
    restart_s: float | None = None
    file_intact: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and self.file_intact
            and self.restart_s is not None
            and self.hub_noticed_s is not None
        )


@dataclass
class LoadReport:
    learners: int
    mode: str  # "własny stos" albo adres huba
    mem_limit: str
    cpu_limit: float
    learner_image: str
    learner_image_bytes: int | None
    facts_before: MachineFacts
    hub_options: list[str] = field(default_factory=list)
    facts_after_starts: MachineFacts | None = None
    facts_after: MachineFacts | None = None
    build_s: float | None = None
    stack_up_s: float | None = None
    during_starts: BusyFigures | None = None
    starts: list[StartResult] = field(default_factory=list)
    learner_memory_bytes: dict[str, int] = field(default_factory=dict)
    hub_restart: HubRestartResult | None = None
    container_kill: ContainerKillResult | None = None
    aborted: str | None = None

    @property
    def start_summary(self) -> Summary:
        working = [s.working_s for s in self.starts if s.ok and s.working_s is not None]
        return Summary.of(working, failures=sum(not s.ok for s in self.starts))

    @property
    def lab_summary(self) -> Summary:
        ready = [s.lab_ready_s for s in self.starts if s.lab_ready_s is not None]
        return Summary.of(ready)

    @property
    def ok(self) -> bool:
        return (
            self.aborted is None
            and len(self.starts) == self.learners
            and all(s.ok for s in self.starts)
            and self.hub_restart is not None
            and self.hub_restart.ok
            and self.container_kill is not None
            and self.container_kill.ok
        )


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]
