"""Usługi huba: idle culler (najmniejsze potrzebne uprawnienia) i opcjonalny token automatyzacji."""

from __future__ import annotations

import sys
from typing import Any

from hub.settings import Settings

CULLER = "idle-culler"
AUTOMATION = "blackbelt-admin"

# Dokładnie to, czego potrzebuje jupyterhub-idle-culler do zatrzymywania bezczynnych serwerów.
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]
# Token dla skryptów prowadzącego (zakładanie kont, start/stop serwerów, tokeny uczniów, testy e2e).
AUTOMATION_SCOPES = ["admin:users", "admin:servers", "tokens", "access:servers", "read:hub"]


def services(settings: Settings) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    if settings.idle_timeout_s > 0:
        result.append(
            {
                "name": CULLER,
                "command": [
                    sys.executable,
                    "-m",
                    "jupyterhub_idle_culler",
                    f"--timeout={settings.idle_timeout_s}",
                    f"--cull-every={max(60, settings.idle_timeout_s // 6)}",
                ],
            }
        )
    if settings.api_token:
        result.append({"name": AUTOMATION, "api_token": settings.api_token})
    return result


def roles(settings: Settings) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    if settings.idle_timeout_s > 0:
        result.append({"name": CULLER, "scopes": CULLER_SCOPES, "services": [CULLER]})
    if settings.api_token:
        result.append({"name": AUTOMATION, "scopes": AUTOMATION_SCOPES, "services": [AUTOMATION]})
    return result
