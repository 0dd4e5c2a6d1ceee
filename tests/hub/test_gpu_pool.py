"""Pula GPU: własna karta dla każdego serwera, zwalnianie, odbudowa po restarcie, polityki."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest

from hub.gpu_devices import MemoryCap
from hub.gpu_pool import (
    GpuAssignment,
    GpuPool,
    GpuPoolExhausted,
    Holding,
    holdings_from_containers,
)
from hub.settings import GpuPolicy

MIG = [f"MIG-0c3e1f2a-aaaa-bbbb-cccc-00000000000{i}" for i in range(3)]
CAP = MemoryCap(fraction=0.25)


def run[T](coroutine: Awaitable[T]) -> T:
    async def main() -> T:
        return await coroutine

    return asyncio.run(main())


def nothing_running() -> Callable[[], Awaitable[list[Holding]]]:
    async def source() -> list[Holding]:
        return []

    return source


def make_pool(
    devices: Sequence[str],
    policy: GpuPolicy = "wait",
    wait_timeout_s: float = 5,
    source: Callable[[], Awaitable[list[Holding]]] | None = None,
) -> GpuPool:
    return GpuPool(
        devices=devices,
        policy=policy,
        wait_timeout_s=wait_timeout_s,
        share_cap=CAP if policy == "share" else None,
        source=source or nothing_running(),
    )


def ignore(message: str) -> None:
    pass


@pytest.mark.parametrize("devices", [["0", "1", "2"], MIG], ids=["indices", "mig-uuids"])
def test_every_server_gets_its_own_device(devices: list[str]) -> None:
    async def scenario() -> list[str | None]:
        pool = make_pool(devices)
        return [(await pool.acquire(f"c{i}", f"u{i}", ignore)).device for i in range(3)]

    assert run(scenario()) == devices


def test_simultaneous_acquires_never_share_a_device() -> None:
    async def scenario() -> list[GpuAssignment]:
        pool = make_pool([str(i) for i in range(8)])
        return await asyncio.gather(*(pool.acquire(f"c{i}", f"u{i}", ignore) for i in range(8)))

    devices = [assignment.device for assignment in run(scenario())]
    assert sorted(devices, key=str) == [str(i) for i in range(8)]


def test_release_frees_the_device_for_the_next_learner() -> None:
    async def scenario() -> tuple[str | None, str | None]:
        pool = make_pool(["0", "1"])
        await pool.acquire("c-ala", "ala", ignore)
        await pool.acquire("c-ola", "ola", ignore)
        await pool.release("c-ala")
        await pool.release("c-ala")  # drugi raz nic nie psuje
        nxt = await pool.acquire("c-jan", "jan", ignore)
        return nxt.device, (await pool.snapshot())["devices"][1]["holders"][0]["user"]

    assert run(scenario()) == ("0", "ola")


def test_restart_rebuilds_from_running_containers_before_assigning() -> None:
    containers = [
        {"Names": ["/blackbelt-ala"], "State": "running", "Labels": _labels("1", "ala")},
        {"Names": ["/blackbelt-ola"], "State": "running", "Labels": _labels("none", "ola")},
        {"Names": ["/blackbelt-stary"], "State": "exited", "Labels": _labels("0", "stary")},
    ]
    calls: list[int] = []

    async def source() -> list[Holding]:
        calls.append(1)
        return holdings_from_containers(containers)

    async def scenario() -> tuple[list[str | None], dict[str, Any]]:
        pool = make_pool(["0", "1", "2"], source=source)
        got = [(await pool.acquire(f"c{i}", f"u{i}", ignore)).device for i in range(2)]
        return got, await pool.snapshot()

    got, snapshot = run(scenario())
    # "1" trzyma działający kontener Ali; zakończony kontener "starego" nie trzyma "0".
    assert got == ["0", "2"]
    assert calls == [1]  # odbudowa raz, przed pierwszym przydziałem
    assert snapshot["devices"][1]["holders"] == [
        {"user": "ala", "server": "blackbelt-ala", "shared": False}
    ]
    assert snapshot["cpu_only"] == [{"user": "ola", "server": "blackbelt-ola"}]


def test_restart_with_the_pool_full_does_not_double_assign() -> None:
    async def source() -> list[Holding]:
        return holdings_from_containers(
            [{"Names": ["/b-ala"], "State": "running", "Labels": _labels("0", "ala")}]
        )

    async def scenario() -> GpuAssignment:
        return await make_pool(["0"], policy="cpu", source=source).acquire("b-jan", "jan", ignore)

    assert run(scenario()).device is None


def test_failed_rebuild_assigns_nothing_and_is_retried() -> None:
    attempts: list[int] = []

    async def flaky() -> list[Holding]:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("docker.sock")
        return []

    async def scenario() -> str | None:
        pool = make_pool(["0"], source=flaky)
        with pytest.raises(ConnectionError):
            await pool.acquire("c1", "ala", ignore)
        return (await pool.acquire("c1", "ala", ignore)).device

    assert run(scenario()) == "0"
    assert len(attempts) == 2


def test_same_container_starting_again_keeps_its_device() -> None:
    async def scenario() -> tuple[str | None, str | None]:
        pool = make_pool(["0", "1"])
        first = await pool.acquire("c-ala", "ala", ignore)
        again = await pool.acquire("c-ala", "ala", ignore)
        return first.device, again.device

    assert run(scenario()) == ("0", "0")


def test_cpu_policy_starts_without_gpu_when_exhausted() -> None:
    async def scenario() -> GpuAssignment:
        pool = make_pool(["0"], policy="cpu")
        await pool.acquire("c1", "ala", ignore)
        return await pool.acquire("c2", "ola", ignore)

    assignment = run(scenario())
    assert assignment.device is None
    assert assignment.device_requests() == []
    assert assignment.environment() == {"NVIDIA_VISIBLE_DEVICES": "void"}
    assert "tryb CPU" in assignment.describe()


def test_share_policy_picks_least_loaded_device_and_caps_everyone() -> None:
    async def scenario() -> list[GpuAssignment]:
        pool = make_pool(["0", "1"], policy="share")
        return [await pool.acquire(f"c{i}", f"u{i}", ignore) for i in range(5)]

    assignments = run(scenario())
    assert [a.device for a in assignments] == ["0", "1", "0", "1", "0"]
    assert all(a.memory_cap == CAP for a in assignments)
    assert assignments[0].environment() == {
        "NVIDIA_VISIBLE_DEVICES": "0",
        "BLACKBELT_GPU_MEMORY_FRACTION": "0.25",
    }


def test_share_policy_prefers_the_device_freed_by_a_stop() -> None:
    async def scenario() -> str | None:
        pool = make_pool(["0", "1"], policy="share")
        for i in range(4):
            await pool.acquire(f"c{i}", f"u{i}", ignore)
        await pool.release("c1")  # karta "1" ma teraz jednego ucznia, "0" dwóch
        return (await pool.acquire("c9", "u9", ignore)).device

    assert run(scenario()) == "1"


def test_wait_policy_waits_reports_progress_and_gets_the_released_device() -> None:
    messages: list[str] = []

    async def scenario() -> str | None:
        pool = make_pool(["0", "1"], wait_timeout_s=5)
        await pool.acquire("c1", "ala", ignore)
        await pool.acquire("c2", "ola", ignore)
        waiting = asyncio.create_task(pool.acquire("c3", "jan", messages.append))
        await asyncio.sleep(0.05)
        assert not waiting.done()
        assert (await pool.snapshot())["waiting"] == ["c3"]
        await pool.release("c2")
        return (await asyncio.wait_for(waiting, 1)).device

    assert run(scenario()) == "1"
    assert messages[0].startswith("Wszystkie karty GPU są zajęte (2 z 2). Jesteś 1. w kolejce")


def test_wait_policy_serves_the_queue_in_order() -> None:
    async def scenario() -> list[str]:
        pool = make_pool(["0"], wait_timeout_s=5)
        await pool.acquire("c0", "u0", ignore)
        order: list[str] = []

        async def wait(name: str) -> None:
            await pool.acquire(name, name, ignore)
            order.append(name)

        first = asyncio.create_task(wait("c1"))
        await asyncio.sleep(0.01)
        second = asyncio.create_task(wait("c2"))
        await asyncio.sleep(0.01)
        await pool.release("c0")
        # Nowy uczeń przychodzi, zanim c1 się obudzi (zadanie startuje od razu, bez oddania
        # pętli): karta jest w tej chwili wolna, a mimo to należy się c1.
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
        late = asyncio.create_task(wait("c3"))
        await asyncio.sleep(0.01)
        await pool.release("c1")
        await asyncio.sleep(0.01)
        await pool.release("c2")
        await asyncio.wait_for(asyncio.gather(first, second, late), 1)
        return order

    assert run(scenario()) == ["c1", "c2", "c3"]


def test_wait_policy_times_out_with_a_polish_message_and_leaves_the_queue() -> None:
    async def scenario() -> dict[str, Any]:
        pool = make_pool(["0"], wait_timeout_s=0.05)
        await pool.acquire("c1", "ala", ignore)
        with pytest.raises(GpuPoolExhausted, match="nie zwolniła się żadna z 1 kart GPU"):
            await pool.acquire("c2", "ola", ignore)
        return await pool.snapshot()

    snapshot = run(scenario())
    assert snapshot["waiting"] == []
    assert [h["user"] for h in snapshot["devices"][0]["holders"]] == ["ala"]


def test_cancelled_wait_leaves_the_queue() -> None:
    async def scenario() -> tuple[list[str], str | None]:
        pool = make_pool(["0"], wait_timeout_s=5)
        await pool.acquire("c1", "ala", ignore)
        waiting = asyncio.create_task(pool.acquire("c2", "ola", ignore))
        await asyncio.sleep(0.01)
        waiting.cancel()  # np. JupyterHub przerwał start po start_timeout
        with pytest.raises(asyncio.CancelledError):
            await waiting
        queue = (await pool.snapshot())["waiting"]
        await pool.release("c1")
        return queue, (await pool.acquire("c3", "jan", ignore)).device

    assert run(scenario()) == ([], "0")


def test_holdings_ignore_containers_without_labels_or_names() -> None:
    found = holdings_from_containers(
        [
            {"Names": [], "State": "running", "Labels": _labels("0", "x")},
            {"Names": ["/a"], "State": "running", "Labels": {}},
            {"Names": ["/b"], "State": "running", "Labels": _labels("1", "ola", shared=True)},
        ],
        share_cap=CAP,
    )
    assert found == [Holding("b", "ola", GpuAssignment("1", CAP))]


def _labels(device: str, user: str, shared: bool = False) -> dict[str, str]:
    return GpuAssignment(None if device == "none" else device, CAP if shared else None).labels(user)
