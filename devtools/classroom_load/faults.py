"""Awarie przy działających serwerach: restart huba i zabity kontener jednego ucznia."""

from __future__ import annotations

import datetime
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from devtools.classroom_load.config import TORCH_CHECK, TORCH_EXPECTED, LoadOptions
from devtools.classroom_load.docker import container_id, run_docker
from devtools.classroom_load.results import (
    ContainerKillResult,
    HubRestartResult,
    SurvivorCheck,
    describe,
)
from devtools.classroom_load.stack import Stack
from devtools.hubclient import ClassroomError, Hub, Learner


def _wait_until(check: Callable[[], bool], timeout: float, pause: float = 0.5) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(pause)
    return None


HUB_LOG_MARKERS = (
    "Cleaning up single-user servers",
    "Leaving single-user servers running",
    "Shutting down",
    "still running",
    "appears to have stopped",
    "Stopping",
    "Stopped",
)


def relevant_hub_lines(log: str, limit: int = 40) -> list[str]:
    """Wiersze logu huba o zamykaniu huba i losie serwerów uczniów (dowód w raporcie)."""
    picked = [line.strip() for line in log.splitlines() if any(m in line for m in HUB_LOG_MARKERS)]
    return [line[:240] for line in picked][:limit]


@dataclass(frozen=True)
class KernelMark:
    """Stan ucznia sprzed restartu huba: kontener, otwarte jądro i zapamiętana w nim wartość."""

    container: str | None
    kernel: str
    marker: str


def prepare_kernels(
    stack: Stack, learners: Sequence[Learner], checks: dict[str, SurvivorCheck]
) -> dict[str, KernelMark]:
    """Każdy uczeń ma otwarte jądro z torch i zmienną — jak w trakcie lekcji."""
    marks: dict[str, KernelMark] = {}
    for learner in learners:
        marker = f"{learner.name}-{secrets.token_hex(4)}"
        try:
            kernel = learner.start_kernel(timeout=120)
            learner.execute(kernel, f"import torch\nzmienna_przed_restartem = {marker!r}\n", 300)
            container = container_id(stack.container(learner.name))
            marks[learner.name] = KernelMark(container, kernel, marker)
        except Exception as error:
            checks[learner.name].error = "przygotowanie: " + describe(error)
    return marks


def restart_hub(
    stack: Stack,
    hub: Hub,
    learners: Sequence[Learner],
    checks: dict[str, SurvivorCheck],
    marks: dict[str, KernelMark],
) -> HubRestartResult:
    result = HubRestartResult(learners=[checks[learner.name] for learner in learners])
    since = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    started = time.monotonic()
    restart = stack.compose("restart", "hub")
    result.restart_command_s = round(time.monotonic() - started, 2)
    if restart.returncode != 0:
        result.error = f"docker compose restart hub: {restart.stderr.strip()[-300:]}"
        return result
    try:
        hub.wait_up(timeout=300, pause=0.5)
        result.hub_downtime_s = round(time.monotonic() - started, 2)
    except TimeoutError as error:
        result.error = str(error)
        return result
    _check_routes(stack, learners, checks, started, timeout=180)
    routes = [c.route_back_s for c in checks.values()]
    if routes and all(r is not None for r in routes):
        result.all_routes_back_s = max(r for r in routes if r is not None)
    for learner in learners:
        _check_survivor(stack, learner, checks[learner.name], marks.get(learner.name))
    result.hub_log = relevant_hub_lines(stack.compose("logs", "--since", since, "hub").stdout)
    return result


def _check_routes(
    stack: Stack,
    learners: Sequence[Learner],
    checks: dict[str, SurvivorCheck],
    started: float,
    timeout: float,
) -> None:
    """Czeka, aż API serwera każdego ucznia znów odpowie przez proxy (albo kontener zniknie)."""
    pending = {learner.name: learner for learner in learners}
    deadline = started + timeout
    while pending and time.monotonic() < deadline:
        for name, learner in list(pending.items()):
            if learner.api_answers():
                checks[name].route_back_s = round(time.monotonic() - started, 2)
                del pending[name]
            elif container_id(stack.container(name)) is None:
                checks[name].error = "kontener ucznia zniknął (hub zatrzymał serwer?)"
                del pending[name]
        time.sleep(0.5)
    for name in pending:
        checks[name].error = "API serwera nie odpowiada przez proxy po restarcie huba"


def _check_survivor(
    stack: Stack,
    learner: Learner,
    check: SurvivorCheck,
    mark: KernelMark | None,
) -> None:
    if mark is None:
        return
    new_id = container_id(stack.container(learner.name))
    check.same_container = mark.container is not None and new_id == mark.container
    if new_id is None:
        check.error = check.error or "kontener ucznia zniknął (hub zatrzymał serwer?)"
        return
    try:
        output = learner.execute(mark.kernel, "print('ZMIENNA', zmienna_przed_restartem)\n", 60)
        check.kernel_kept_variable = f"ZMIENNA {mark.marker}" in output
    except Exception as error:
        check.error = check.error or "jądro po restarcie: " + describe(error)


def kill_container(
    stack: Stack, hub: Hub, learner: Learner, options: LoadOptions
) -> ContainerKillResult:
    result = ContainerKillResult(learner=learner.name)
    path = "przed-awaria.txt"
    content = f"praca ucznia {learner.name} {secrets.token_hex(8)}\n"
    try:
        if not learner.api_answers():  # np. po nieudanym etapie restartu huba
            learner.request_start()
            learner.wait_lab(time.monotonic(), options.start_timeout_s)
        learner.write(path, content)
        killed = run_docker("kill", stack.container(learner.name))
        if killed.returncode != 0:
            raise ClassroomError(f"docker kill: {killed.stderr.strip()[:300]}")
        noticed = _wait_until(
            lambda: hub.server_state(learner.name) is None, options.notice_timeout_s, pause=1
        )
        if noticed is None:
            result.error = (
                f"hub nie zgłosił zatrzymania w {options.notice_timeout_s:.0f} s; "
                "zatrzymuję serwer przez API"
            )
            learner.stop(timeout=120)
        else:
            result.hub_noticed_s = round(noticed, 2)
        restarted = time.monotonic()
        learner.request_start()
        learner.wait_lab(restarted, options.start_timeout_s)
        output = learner.run_code(TORCH_CHECK, timeout=300, kernel_timeout=120)
        if TORCH_EXPECTED not in output:
            raise ClassroomError(f"jądro po ponownym starcie: {output.strip()[:200]!r}")
        result.restart_s = round(time.monotonic() - restarted, 2)
        result.file_intact = learner.read(path) == content
    except Exception as error:
        result.error = describe(error)
    return result
