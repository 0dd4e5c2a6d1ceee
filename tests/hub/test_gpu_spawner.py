"""BlackbeltSpawner na prawdziwym DockerSpawnerze: argumenty, z którymi utworzyłby kontener.

Silnik Dockera udaje FakeDocker (metoda `docker` spawnera i źródło stanu puli), a HostConfig
buduje prawdziwy docker.APIClient (create_host_config działa bez połączenia).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from jupyterhub.objects import Hub  # type: ignore[import-untyped]
from traitlets.config import Config

import docker  # type: ignore[import-untyped,unused-ignore]
from hub.gpu_devices import MemoryCap
from hub.gpu_pool import GPU_LABEL, GpuPool, GpuPoolExhausted
from hub.settings import GpuPolicy, Settings
from hub.spawner import BlackbeltSpawner, docker_holdings_source, docker_spawner_config

MIG = ["MIG-0c3e1f2a-aaaa-bbbb-cccc-000000000001", "MIG-0c3e1f2a-aaaa-bbbb-cccc-000000000002"]
CAP = MemoryCap(fraction=0.5)
# Prawdziwe klasy docker-py (mypy widzi pod nazwą `docker` katalog docker/ repozytorium).
APIClient: Any = docker.APIClient  # type: ignore[attr-defined,unused-ignore]
APIError: Any = docker.errors.APIError  # type: ignore[attr-defined,unused-ignore]


def api_error(status: int, message: str) -> Exception:
    response = requests.Response()
    response.status_code = status
    error: Exception = APIError(message, response=response, explanation=message)
    return error


class FakeDocker:
    """Najmniejszy silnik Dockera, jakiego używa DockerSpawner.start/stop."""

    def __init__(self) -> None:
        self.containers_by_name: dict[str, dict[str, Any]] = {}
        self.created: list[dict[str, Any]] = []
        self.fail_start: str | None = None
        self.fail_remove = False

    async def call(self, method: str, *args: object, **kwargs: object) -> object:
        await asyncio.sleep(0)
        result: object = getattr(self, method)(*args, **kwargs)
        return result

    def _find(self, key: str) -> dict[str, Any]:
        for name, container in self.containers_by_name.items():
            if key in (name, container["Id"]):
                return container
        raise api_error(404, f"No such container: {key}")

    def inspect_image(self, image: str) -> dict[str, Any]:
        return {"Config": {"Cmd": ["blackbelt-start"]}}

    def inspect_container(self, key: str) -> dict[str, Any]:
        container = self._find(key)
        return {
            "Id": container["Id"],
            "State": {"Running": container["State"] == "running"},
            "NetworkSettings": {"Networks": {"blackbelt": {"IPAddress": "10.1.0.7"}}},
        }

    def create_container(self, **kwargs: Any) -> dict[str, str]:  # noqa: ANN401
        self.created.append(kwargs)
        container: dict[str, Any] = {
            "Id": f"id-{kwargs['name']}",
            "Names": [f"/{kwargs['name']}"],
            "Labels": kwargs.get("labels") or {},
            "State": "created",
        }
        self.containers_by_name[kwargs["name"]] = container
        return {"Id": container["Id"]}

    def start(self, key: str) -> None:
        if self.fail_start:
            raise api_error(500, self.fail_start)
        self._find(key)["State"] = "running"

    def stop(self, key: str) -> None:
        self._find(key)["State"] = "exited"

    def remove_container(self, key: str, v: bool = False) -> None:
        if self.fail_remove:
            raise api_error(500, "device or resource busy")
        container = self._find(key)
        del self.containers_by_name[container["Names"][0].lstrip("/")]

    def containers(self, all: bool = False, filters: dict[str, str] | None = None) -> list[Any]:
        assert filters == {"label": GPU_LABEL}
        return [c for c in self.containers_by_name.values() if GPU_LABEL in c["Labels"]]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDocker]:
    monkeypatch.setattr(BlackbeltSpawner, "_client", APIClient(version="1.45"))
    monkeypatch.setattr(BlackbeltSpawner, "progress_poll_s", 0.01)
    fake = FakeDocker()
    yield fake
    BlackbeltSpawner.gpu_pool = None


def install_pool(
    engine: FakeDocker, devices: list[str], policy: GpuPolicy = "wait", timeout: float = 5
) -> GpuPool:
    cap = CAP if policy == "share" else None
    pool = GpuPool(devices, policy, timeout, cap, docker_holdings_source(lambda: engine, cap))
    BlackbeltSpawner.gpu_pool = pool
    return pool


def spawner(engine: FakeDocker, user: str) -> BlackbeltSpawner:
    config = Config()
    for trait, value in docker_spawner_config(Settings(gpu_pool=("0",)), 0).items():
        setattr(config.DockerSpawner, trait, value)
    config.DockerSpawner.cmd = ["blackbelt-start"]
    owner = SimpleNamespace(name=user, id=1, url=f"/user/{user}/", escaped_name=user)
    instance = BlackbeltSpawner(user=owner, hub=Hub(), config=config)
    instance.docker = engine.call
    return instance


def run[T](coroutine: Awaitable[T]) -> T:
    async def main() -> T:
        return await coroutine

    return asyncio.run(main())


def device_view(create_kwargs: dict[str, Any]) -> tuple[list[str], str, str]:
    """(DeviceIDs z żądania urządzenia, NVIDIA_VISIBLE_DEVICES, etykieta blackbelt.gpu)."""
    requests_ = create_kwargs["host_config"].get("DeviceRequests") or []
    ids = [device for request in requests_ for device in request["DeviceIDs"]]
    return (
        ids,
        create_kwargs["environment"]["NVIDIA_VISIBLE_DEVICES"],
        create_kwargs["labels"][GPU_LABEL],
    )


@pytest.mark.parametrize("devices", [["0", "1"], MIG], ids=["indices", "mig-uuids"])
def test_device_request_env_and_label_come_from_one_assignment(
    engine: FakeDocker, devices: list[str]
) -> None:
    install_pool(engine, devices)

    async def scenario() -> None:
        for user in ("ala", "ola"):
            assert await spawner(engine, user).start() == ("10.1.0.7", 8888)

    run(scenario())
    for created, device in zip(engine.created, devices, strict=True):
        assert device_view(created) == ([device], device, device)
        (request,) = created["host_config"]["DeviceRequests"]
        assert request["Driver"] == "nvidia"
        assert request["Capabilities"] == [["gpu"]]
        assert created["labels"]["blackbelt.gpu.user"] == created["name"].split("-")[1]


def test_static_limits_survive_the_gpu_assignment(engine: FakeDocker) -> None:
    install_pool(engine, ["0"])
    run(spawner(engine, "ala").start())
    host = engine.created[0]["host_config"]
    assert host["CapDrop"] == ["ALL"]
    assert host["PidsLimit"] == 1024
    assert host["SecurityOpt"] == ["no-new-privileges:true"]
    assert engine.created[0]["environment"]["BLACKBELT_COURSE_REPO"] == "git://course-git/kurs.git"


def test_cpu_policy_container_has_no_device_and_hides_gpus(engine: FakeDocker) -> None:
    install_pool(engine, ["0"], policy="cpu")

    async def scenario() -> list[dict[str, Any]]:
        await spawner(engine, "ala").start()
        late = spawner(engine, "ola")
        await late.start()
        return [event async for event in late.progress()]

    events = run(scenario())
    assert device_view(engine.created[1]) == ([], "void", "none")
    assert "tryb CPU" in events[-1]["message"]


def test_share_policy_sets_the_memory_cap_for_the_learner_image(engine: FakeDocker) -> None:
    install_pool(engine, ["0"], policy="share")
    run(spawner(engine, "ala").start())
    run(spawner(engine, "ola").start())
    for created in engine.created:
        assert device_view(created) == (["0"], "0", "0")
        assert created["environment"]["BLACKBELT_GPU_MEMORY_FRACTION"] == "0.5"
        assert created["labels"]["blackbelt.gpu.shared"] == "true"


def test_stop_releases_the_device(engine: FakeDocker) -> None:
    pool = install_pool(engine, ["0"], policy="cpu")

    async def scenario() -> None:
        ala = spawner(engine, "ala")
        await ala.start()
        await ala.stop()
        await spawner(engine, "ola").start()

    run(scenario())
    assert device_view(engine.created[1])[0] == ["0"]
    assert run(pool.snapshot())["devices"][0]["holders"][0]["user"] == "ola"


def test_failed_start_removes_the_container_and_releases_the_device(engine: FakeDocker) -> None:
    install_pool(engine, ["0"], policy="cpu")
    engine.fail_start = "could not select device driver nvidia"

    async def scenario() -> None:
        with pytest.raises(APIError, match="nvidia"):
            await spawner(engine, "ala").start()
        engine.fail_start = None
        await spawner(engine, "ola").start()

    run(scenario())
    assert "blackbelt-ala" not in engine.containers_by_name
    assert device_view(engine.created[1])[0] == ["0"]


def test_failed_start_keeps_the_device_when_the_container_may_still_run(
    engine: FakeDocker,
) -> None:
    install_pool(engine, ["0"], policy="cpu")
    engine.fail_start = "timeout"
    engine.fail_remove = True

    async def scenario() -> None:
        with pytest.raises(APIError):
            await spawner(engine, "ala").start()
        engine.fail_start = None
        engine.fail_remove = False
        await spawner(engine, "ola").start()

    run(scenario())
    assert device_view(engine.created[1])[0] == []  # "0" nadal u Ali: Ola bez GPU


def test_hub_restart_rebuilds_from_container_labels(engine: FakeDocker) -> None:
    install_pool(engine, ["0", "1"])
    run(spawner(engine, "ala").start())
    # Restart huba: nowa pula (pusta pamięć), kontener Ali działa dalej z etykietą.
    pool = install_pool(engine, ["0", "1"])
    run(spawner(engine, "ola").start())
    assert device_view(engine.created[1]) == (["1"], "1", "1")
    snapshot = run(pool.snapshot())
    assert [h["user"] for d in snapshot["devices"] for h in d["holders"]] == ["ala", "ola"]

    async def stop_ala_after_restart() -> None:
        # Spawner po restarcie zna tylko swój stan z bazy huba (nazwę kontenera).
        ala = spawner(engine, "ala")
        ala.load_state({"object_id": "id-blackbelt-ala", "object_name": "blackbelt-ala"})
        await ala.stop()

    run(stop_ala_after_restart())
    assert run(pool.snapshot())["devices"][0]["holders"] == []


def test_wait_policy_shows_the_queue_on_the_progress_page(engine: FakeDocker) -> None:
    pool = install_pool(engine, ["0"], timeout=5)

    async def scenario() -> list[str]:
        ala = spawner(engine, "ala")
        await ala.start()
        ola = spawner(engine, "ola")
        start = asyncio.create_task(ola.start())
        await asyncio.sleep(0.05)
        messages: list[str] = []

        async def watch(events: AsyncIterator[dict[str, Any]]) -> None:
            async for event in events:
                messages.append(event["message"])

        watcher = asyncio.create_task(watch(ola.progress()))
        await asyncio.sleep(0.05)
        assert not start.done()
        await ala.stop()
        await asyncio.wait_for(asyncio.gather(start, watcher), 1)
        return messages

    messages = run(scenario())
    assert messages[0].startswith("Wszystkie karty GPU są zajęte (1 z 1)")
    assert messages[-1] == "Przydzielono kartę GPU 0 tylko dla Ciebie."
    assert run(pool.snapshot())["devices"][0]["holders"][0]["user"] == "ola"


def test_wait_policy_timeout_fails_the_spawn_without_creating_a_container(
    engine: FakeDocker,
) -> None:
    install_pool(engine, ["0"], timeout=0.05)

    async def scenario() -> None:
        await spawner(engine, "ala").start()
        with pytest.raises(GpuPoolExhausted, match="Spróbuj ponownie"):
            await spawner(engine, "ola").start()

    run(scenario())
    assert [c["name"] for c in engine.created] == ["blackbelt-ala"]


def test_without_a_pool_the_spawner_is_plain_dockerspawner(engine: FakeDocker) -> None:
    BlackbeltSpawner.gpu_pool = None
    config = Config()
    for trait, value in docker_spawner_config(Settings(gpus="all"), -1).items():
        setattr(config.DockerSpawner, trait, value)
    config.DockerSpawner.cmd = ["blackbelt-start"]
    owner = SimpleNamespace(name="ala", id=1, url="/user/ala/", escaped_name="ala")
    instance = BlackbeltSpawner(user=owner, hub=Hub(), config=config)
    instance.docker = engine.call
    run(instance.start())
    (created,) = engine.created
    assert created["host_config"]["DeviceRequests"][0]["Count"] == -1
    assert "NVIDIA_VISIBLE_DEVICES" not in created["environment"]
    assert "labels" not in created
