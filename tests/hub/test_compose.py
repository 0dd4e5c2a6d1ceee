"""compose.yaml: bez konfiguracji bezpieczny (tylko 127.0.0.1), gniazdo Dockera tylko dla huba."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
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


# --- Nakładka HTTPS (compose.https.yaml + docker/proxy) ---

HTTPS_DOMAIN = "klasa.example.org"
PROXY = ROOT / "docker" / "proxy"


def merged_https_config(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker compose config` dla compose.yaml + compose.https.yaml, bez .env operatora."""
    if (
        shutil.which("docker") is None
        or subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
    ):
        pytest.skip("brak docker compose: nakładkę sprawdzają wtedy tylko testy statyczne YAML")
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLACKBELT_")}
    env.pop("OAUTH_CLIENT_SECRET", None)
    command = ["docker", "compose", "--env-file", os.devnull, "-f", "compose.yaml"]
    command += ["-f", "compose.https.yaml", "config", "--format", "json"]
    return subprocess.run(
        command, cwd=ROOT, env={**env, **extra_env}, capture_output=True, text=True, check=False
    )


def https_config(**extra_env: str) -> dict[str, Any]:
    merged = merged_https_config(
        {"BLACKBELT_DOMAIN": HTTPS_DOMAIN, "BLACKBELT_ACME_EMAIL": "admin@example.org", **extra_env}
    )
    assert merged.returncode == 0, merged.stderr
    return json.loads(merged.stdout)  # type: ignore[no-any-return]


def published(service: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {
        (port.get("host_ip", ""), str(port["published"]), int(port["target"]))
        for port in service.get("ports", [])
    }


def test_https_overlay_keeps_the_hub_port_on_loopback_only() -> None:
    # Operator z dawnym BLACKBELT_BIND_ADDRESS=0.0.0.0 w .env: bez !override compose DOPISAŁBY
    # port z compose.yaml (hub po HTTP dla całej sieci) do portu z nakładki.
    hub = https_config(BLACKBELT_BIND_ADDRESS="0.0.0.0", BLACKBELT_PORT="8000")["services"]["hub"]
    assert published(hub) == {("127.0.0.1", "8000", 8000)}


def test_https_overlay_hub_is_told_its_public_https_address() -> None:
    env = https_config()["services"]["hub"]["environment"]
    assert env["BLACKBELT_PUBLIC_URL"] == f"https://{HTTPS_DOMAIN}"
    assert env["BLACKBELT_BIND_ADDRESS"] == "127.0.0.1"


def test_https_overlay_proxy_publishes_80_and_443_and_keeps_certificates_in_a_volume() -> None:
    config = https_config()
    proxy = config["services"]["proxy"]
    assert published(proxy) == {("0.0.0.0", "80", 80), ("0.0.0.0", "443", 443)}
    assert proxy["environment"]["BLACKBELT_DOMAIN"] == HTTPS_DOMAIN
    assert proxy["environment"]["BLACKBELT_TLS"] == "acme"  # domyślnie prawdziwy certyfikat
    (volume,) = proxy["volumes"]
    assert (volume["type"], volume["target"]) == ("volume", "/data")
    assert "proxy-data" in config["volumes"]
    # Caddy trzyma stan (konto ACME, certyfikaty) w $XDG_DATA_HOME/caddy: to musi być ten wolumen.
    assert re.search(r"^ENV XDG_DATA_HOME=/data\b", (PROXY / "Dockerfile").read_text(), re.M)


def test_https_overlay_proxy_runs_without_privileges_and_without_docker() -> None:
    proxy = https_config()["services"]["proxy"]
    assert proxy["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in proxy["security_opt"]
    assert proxy["read_only"] is True
    assert not any("docker.sock" in str(volume) for volume in proxy["volumes"])
    assert re.search(r"^USER caddy$", (PROXY / "Dockerfile").read_text(), re.M)


def test_https_overlay_public_bind_and_ports_are_configurable() -> None:
    merged = merged_https_config(
        {
            "BLACKBELT_DOMAIN": HTTPS_DOMAIN,
            "BLACKBELT_PUBLIC_BIND": "192.0.2.10",
            "BLACKBELT_HTTP_PORT": "8080",
            "BLACKBELT_HTTPS_PORT": "8443",
        }
    )
    assert merged.returncode == 0, merged.stderr
    proxy = json.loads(merged.stdout)["services"]["proxy"]
    assert published(proxy) == {("192.0.2.10", "8080", 80), ("192.0.2.10", "8443", 443)}


def test_https_overlay_refuses_to_start_without_a_domain_in_polish() -> None:
    merged = merged_https_config({})
    assert merged.returncode != 0
    assert "BLACKBELT_DOMAIN" in merged.stderr and "Ustaw" in merged.stderr


def test_caddyfile_redirects_sets_hsts_and_proxies_the_hub() -> None:
    caddyfile = (PROXY / "Caddyfile").read_text()
    site = caddyfile[caddyfile.index("{$BLACKBELT_DOMAIN} {") :]
    assert "import tls-{$BLACKBELT_TLS}" in site
    assert re.search(r'Strict-Transport-Security "max-age=31536000', site)
    assert re.search(r"^\s*reverse_proxy hub:8000$", site, re.M)
    # Przekierowanie HTTP->HTTPS robi Caddy sam dla adresu z domeną; nie wolno go wyłączyć.
    assert "auto_https off" not in caddyfile and "disable_redirects" not in caddyfile
    assert re.search(r"^\s*admin off$", caddyfile, re.M)


# proxy-start: zły .env = jasny polski komunikat i brak startu Caddy; dobry = exec caddy.


def run_proxy_start(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    caddy = fake_bin / "caddy"
    caddy.write_text('#!/bin/sh\necho "CADDY $* DOMAIN=$BLACKBELT_DOMAIN TLS=$BLACKBELT_TLS"\n')
    caddy.chmod(0o755)
    return subprocess.run(
        ["bash", str(PROXY / "proxy-start")],
        env={"PATH": f"{fake_bin}:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "nie ustawiono BLACKBELT_DOMAIN"),
        ({"BLACKBELT_DOMAIN": "https://klasa.example.org"}, "to nie jest nazwa hosta"),
        ({"BLACKBELT_DOMAIN": "klasa.example.org:443"}, "to nie jest nazwa hosta"),
        ({"BLACKBELT_DOMAIN": HTTPS_DOMAIN}, "nie ustawiono BLACKBELT_ACME_EMAIL"),
        (
            {"BLACKBELT_DOMAIN": HTTPS_DOMAIN, "BLACKBELT_ACME_EMAIL": "admin"},
            "to nie jest adres e-mail",
        ),
        ({"BLACKBELT_DOMAIN": HTTPS_DOMAIN, "BLACKBELT_TLS": "self"}, "BLACKBELT_TLS='self'"),
    ],
)
def test_proxy_start_refuses_bad_configuration(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = run_proxy_start(tmp_path, env)
    assert result.returncode == 64
    assert message in result.stderr
    assert "CADDY" not in result.stdout


def test_proxy_start_runs_caddy_for_acme_and_for_the_test_ca(tmp_path: Path) -> None:
    acme = run_proxy_start(
        tmp_path, {"BLACKBELT_DOMAIN": HTTPS_DOMAIN, "BLACKBELT_ACME_EMAIL": "admin@example.org"}
    )
    assert acme.returncode == 0, acme.stderr
    assert "CADDY run --config /etc/blackbelt/Caddyfile --adapter caddyfile" in acme.stdout
    assert f"DOMAIN={HTTPS_DOMAIN} TLS=acme" in acme.stdout
    internal = run_proxy_start(
        tmp_path, {"BLACKBELT_DOMAIN": "localhost", "BLACKBELT_TLS": "internal"}
    )
    assert internal.returncode == 0, internal.stderr
    assert "DOMAIN=localhost TLS=internal" in internal.stdout
    assert "Tylko do testów" in internal.stdout
