"""jupyterhub_config.py: wpina ustawienia bez zgadywania — ładujemy go jak JupyterHub."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from traitlets.config import Config

from hub.services import AUTOMATION, AUTOMATION_SCOPES, CULLER, CULLER_SCOPES

CONFIG_FILE = Path(__file__).resolve().parents[2] / "hub" / "jupyterhub_config.py"


def load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Config:
    for key in list(__import__("os").environ):
        if key.startswith("BLACKBELT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BLACKBELT_GPUS", "none")  # bez pytania silnika Dockera o GPU
    monkeypatch.setenv("BLACKBELT_DATA_DIR", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(f"BLACKBELT_{key}", value)
    config = Config()
    runpy.run_path(str(CONFIG_FILE), init_globals={"get_config": lambda: config})
    return config


def test_config_wires_spawner_secrets_and_auth(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = load(monkeypatch, tmp_path, ADMIN_USERS="prowadzacy")
    assert c.JupyterHub.spawner_class == "dockerspawner.DockerSpawner"
    assert c.DockerSpawner.volumes == {"blackbelt-home-{username}": "/home/jovyan"}
    assert c.DockerSpawner.network_name == "blackbelt"
    assert c.JupyterHub.cookie_secret_file == str(tmp_path / "jupyterhub_cookie_secret")
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    assert c.JupyterHub.authenticator_class == "native"
    assert c.NativeAuthenticator.open_signup is False
    assert c.Authenticator.admin_users == {"prowadzacy"}
    assert Path(c.JupyterHub.template_paths[0], "signup.html").is_file()


def test_idle_culler_has_only_the_scopes_it_needs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = load(monkeypatch, tmp_path, IDLE_TIMEOUT="1800")
    (culler,) = c.JupyterHub.services
    assert culler["name"] == CULLER
    assert "--timeout=1800" in culler["command"]
    (role,) = c.JupyterHub.load_roles
    assert role == {"name": CULLER, "scopes": CULLER_SCOPES, "services": [CULLER]}
    assert not any(scope.startswith("admin") for scope in CULLER_SCOPES)


def test_culler_can_be_switched_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c = load(monkeypatch, tmp_path, IDLE_TIMEOUT="0")
    assert c.JupyterHub.services == []
    assert c.JupyterHub.load_roles == []


def test_automation_token_is_opt_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    token = "t" * 64
    c = load(monkeypatch, tmp_path, API_TOKEN=token)
    services = {service["name"]: service for service in c.JupyterHub.services}
    assert services[AUTOMATION]["api_token"] == token
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    assert roles[AUTOMATION]["scopes"] == AUTOMATION_SCOPES


def test_every_configured_key_is_a_real_trait(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dockerspawner import DockerSpawner
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.proxy import ConfigurableHTTPProxy
    from nativeauthenticator import NativeAuthenticator
    from oauthenticator.github import GitHubOAuthenticator

    classes = (
        JupyterHub,
        ConfigurableHTTPProxy,
        Authenticator,
        NativeAuthenticator,
        GitHubOAuthenticator,
        DockerSpawner,
    )
    monkeypatch.setenv("OAUTH_CLIENT_ID", "id")
    monkeypatch.setenv("OAUTH_CLIENT_SECRET", "sekret")
    for env in ({"API_TOKEN": "t" * 64}, GITHUB_ENV):
        c = load(monkeypatch, tmp_path, **env)
        for cls in classes:
            unknown = set(c.get(cls.__name__, {})) - set(cls.class_trait_names(config=True))
            assert not unknown, f"{cls.__name__}: {unknown}"
        assert set(c) <= {cls.__name__ for cls in classes}


GITHUB_ENV = {"AUTHENTICATOR": "github", "PUBLIC_URL": "https://k.example.org", "GITHUB_ORGS": "kl"}


def test_github_login_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OAUTH_CLIENT_ID", "id")
    monkeypatch.setenv("OAUTH_CLIENT_SECRET", "sekret")
    c = load(monkeypatch, tmp_path, **GITHUB_ENV)
    assert c.JupyterHub.authenticator_class == "github"
    assert c.GitHubOAuthenticator.oauth_callback_url == "https://k.example.org/hub/oauth_callback"
    assert c.GitHubOAuthenticator.allowed_organizations == {"kl"}
    assert "allow_all" not in c.Authenticator
