"""Widok administratora puli GPU: dane (kto trzyma którą kartę) i odmowa dla ucznia.

Handler wołamy bez działającego huba: prawdziwy dekorator needs_scope JupyterHuba sprawdza
zakresy, które JupyterHub dałby administratorowi (rola admin) i uczniowi (rola user = 'self').
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from jupyterhub.roles import get_default_roles  # type: ignore[import-untyped]
from jupyterhub.scopes import (  # type: ignore[import-untyped]
    _expand_self_scope,
    expand_scopes,
    parse_scopes,
)
from tornado.web import HTTPError

from hub.admin_gpus import GpuPoolHandler, gpu_report
from hub.gpu_pool import GpuPool, Holding, holdings_from_containers
from hub.spawner import BlackbeltSpawner


def run[T](coroutine: Awaitable[T]) -> T:
    async def main() -> T:
        return await coroutine

    return asyncio.run(main())


@pytest.fixture
def pool() -> Iterator[GpuPool]:
    async def running() -> list[Holding]:
        labels = {"blackbelt.gpu": "1", "blackbelt.gpu.user": "ala"}
        return holdings_from_containers(
            [{"Names": ["/bb-ala"], "State": "running", "Labels": labels}]
        )

    installed = GpuPool(["0", "1"], "cpu", 60, None, running)
    BlackbeltSpawner.gpu_pool = installed
    yield installed
    BlackbeltSpawner.gpu_pool = None


def role_scopes(role: str, user: str) -> dict[str, Any]:
    """Zakresy domyślnej roli JupyterHuba; 'self' rozwinięte tak, jak dla zalogowanego ucznia."""
    (definition,) = [r for r in get_default_roles() if r["name"] == role]
    scopes = set(definition["scopes"])
    if "self" in scopes:
        scopes = (scopes - {"self"}) | set(_expand_self_scope(user))
    parsed: dict[str, Any] = parse_scopes(expand_scopes(scopes))
    return parsed


def test_learner_role_really_has_server_scopes_of_its_own() -> None:
    # Bez tego odmowa niżej mogłaby wynikać z pustych zakresów, a nie z braku admin:servers.
    scopes = role_scopes("user", "kto")
    assert "read:servers" in scopes and "servers" in scopes
    assert "admin:servers" not in scopes


class FakeRequest:
    """To, czego handler i needs_scope używają z tornado.web.RequestHandler."""

    def __init__(self, role: str) -> None:
        self.current_user = SimpleNamespace(name="kto")
        self.parsed_scopes = role_scopes(role, "kto")
        self.expanded_scopes = set(self.parsed_scopes)
        self.request = SimpleNamespace(path="/hub/api/blackbelt/gpus")
        self.db = None
        self.body = ""
        self.headers: dict[str, str] = {}

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value

    def finish(self, body: str) -> None:
        self.body = body


def call(role: str) -> FakeRequest:
    fake = FakeRequest(role)
    run(GpuPoolHandler.get(fake))
    return fake


def test_admin_sees_who_holds_which_gpu(pool: GpuPool) -> None:
    run(pool.acquire("bb-ola", "ola", lambda message: None))
    run(pool.acquire("bb-jan", "jan", lambda message: None))  # pula pełna -> tryb CPU
    answer = call("admin")
    assert answer.headers["Content-Type"] == "application/json"
    assert json.loads(answer.body) == {
        "policy": "cpu",
        "devices": [
            {"device": "0", "holders": [{"user": "ola", "server": "bb-ola", "shared": False}]},
            {"device": "1", "holders": [{"user": "ala", "server": "bb-ala", "shared": False}]},
        ],
        "cpu_only": [{"user": "jan", "server": "bb-jan"}],
        "outside_pool": [],
        "waiting": [],
    }


def test_learner_is_refused(pool: GpuPool) -> None:
    with pytest.raises(HTTPError) as error:
        call("user")
    assert error.value.status_code == 403


def test_report_without_a_pool_says_how_to_configure_one() -> None:
    BlackbeltSpawner.gpu_pool = None
    report = run(gpu_report())
    assert report["policy"] is None
    assert "BLACKBELT_GPU_POOL" in report["message"]
