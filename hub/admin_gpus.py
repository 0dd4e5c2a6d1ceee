"""Widok administratora: kto trzyma którą kartę GPU (GET /hub/api/blackbelt/gpus, JSON).

Wymaga uprawnienia admin:servers (mają je administratorzy i token automatyzacji
BLACKBELT_API_TOKEN); zwykły uczeń dostaje 403. Handler działa w procesie huba
(JupyterHub.extra_handlers), bo stan puli żyje w pamięci huba — JupyterHub oznacza extra_handlers
jako przestarzałe i zapisze o tym ostrzeżenie w logu przy starcie; usługa huba w osobnym procesie
nie widziałaby tej pamięci.

Odpowiedź: {"policy", "devices": [{"device", "holders": [{"user", "server", "shared"}]}],
"cpu_only", "outside_pool", "waiting"}. Handler rejestrujemy tylko, gdy pula jest skonfigurowana
(bez niej adres odpowiada 404); gpu_report() bez puli zwraca {"policy": null, "message": …}.

Przykład: curl -H "Authorization: token $BLACKBELT_API_TOKEN" http://127.0.0.1:8000/hub/api/blackbelt/gpus
"""

from __future__ import annotations

import json
from typing import Any

from jupyterhub.apihandlers.base import APIHandler  # type: ignore[import-untyped]
from jupyterhub.scopes import needs_scope  # type: ignore[import-untyped]

from hub.spawner import BlackbeltSpawner

GPU_API_PATH = r"/api/blackbelt/gpus"
REQUIRED_SCOPE = "admin:servers"


async def gpu_report() -> dict[str, Any]:
    pool = BlackbeltSpawner.gpu_pool
    if pool is None:
        return {
            "policy": None,
            "message": "Pula GPU nie jest skonfigurowana (BLACKBELT_GPU_POOL): wszyscy uczniowie "
            "dostają te same karty według BLACKBELT_GPUS.",
        }
    return await pool.snapshot()


class GpuPoolHandler(APIHandler):  # type: ignore[misc]
    @needs_scope(REQUIRED_SCOPE)  # type: ignore[untyped-decorator]
    async def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(await gpu_report(), ensure_ascii=False))


def admin_handlers() -> list[tuple[str, type[Any]]]:
    return [(GPU_API_PATH, GpuPoolHandler)]
