"""compose.yaml: bez konfiguracji bezpieczny (tylko 127.0.0.1), gniazdo Dockera tylko dla huba."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def default(value: str) -> str:
    """Rozwija ${ZMIENNA:-domyślna} tak, jak compose bez pliku .env."""
    return re.sub(r"\$\{[A-Z_]+:?-([^}]*)\}", r"\1", value)


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())  # type: ignore[no-any-return]


def test_without_configuration_the_hub_listens_on_localhost_only() -> None:
    (port,) = compose()["services"]["hub"]["ports"]
    assert default(port) == "127.0.0.1:8000:8000"


def test_only_the_hub_gets_the_docker_socket() -> None:
    for name, service in compose()["services"].items():
        mounts = " ".join(service.get("volumes", []))
        assert ("docker.sock" in mounts) == (name == "hub"), name


def test_no_secret_values_in_compose_or_env_example() -> None:
    hub_env = compose()["services"]["hub"]["environment"]
    for key in ("BLACKBELT_API_TOKEN", "OAUTH_CLIENT_SECRET"):
        assert default(hub_env[key]) == "", key
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^BLACKBELT_API_TOKEN=$", example, re.M)
    assert re.search(r"^OAUTH_CLIENT_SECRET=$", example, re.M)
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_hub_settings_in_compose_match_env_example() -> None:
    hub_env = set(compose()["services"]["hub"]["environment"])
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert hub_env <= example
