"""jupyterhub_config.py: wpina ustawienia bez zgadywania — ładujemy go jak JupyterHub."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest
from traitlets.config import Config

from hub.admin_gpus import GPU_API_PATH, GpuPoolHandler
from hub.exposure import ExposureError
from hub.services import AUTOMATION, AUTOMATION_SCOPES, CULLER, CULLER_SCOPES
from hub.settings import SettingsError
from hub.spawner import BlackbeltSpawner

CONFIG_FILE = Path(__file__).resolve().parents[2] / "hub" / "jupyterhub_config.py"


SECRET = "ab" * 32


@pytest.fixture(autouse=True)
def no_pool_left_behind() -> Iterator[None]:
    yield
    BlackbeltSpawner.gpu_pool = None


def load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Config:
    for key in list(__import__("os").environ):
        if key.startswith(("BLACKBELT_", "OAUTH_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BLACKBELT_GPUS", "none")  # bez pytania silnika Dockera o GPU
    monkeypatch.setenv("BLACKBELT_DATA_DIR", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(key if key.startswith("OAUTH_") else f"BLACKBELT_{key}", value)
    config = Config()
    runpy.run_path(str(CONFIG_FILE), init_globals={"get_config": lambda: config})
    return config


def test_config_wires_spawner_secrets_and_auth(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = load(monkeypatch, tmp_path, ADMIN_USERS="prowadzacy")
    assert c.JupyterHub.spawner_class == "hub.spawner.BlackbeltSpawner"
    assert BlackbeltSpawner.gpu_pool is None
    assert "extra_handlers" not in c.JupyterHub
    assert c.DockerSpawner.volumes == {"blackbelt-home-{username}": "/home/jovyan"}
    assert c.DockerSpawner.network_name == "blackbelt"
    assert c.JupyterHub.cookie_secret_file == str(tmp_path / "jupyterhub_cookie_secret")
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    # Restart huba nie zatrzymuje serwerów uczniów (domyślnie JupyterHub zatrzymuje wszystkie).
    assert c.JupyterHub.cleanup_servers is False
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
    from dockerspawner import DockerSpawner  # type: ignore[import-untyped]
    from jupyterhub.app import JupyterHub  # type: ignore[import-untyped]
    from jupyterhub.auth import Authenticator  # type: ignore[import-untyped]
    from jupyterhub.proxy import ConfigurableHTTPProxy  # type: ignore[import-untyped]
    from nativeauthenticator import NativeAuthenticator  # type: ignore[import-untyped]
    from oauthenticator.github import GitHubOAuthenticator  # type: ignore[import-untyped]
    from oauthenticator.gitlab import GitLabOAuthenticator  # type: ignore[import-untyped]

    classes = (
        JupyterHub,
        ConfigurableHTTPProxy,
        Authenticator,
        NativeAuthenticator,
        GitHubOAuthenticator,
        GitLabOAuthenticator,
        DockerSpawner,
    )
    envs = ({"API_TOKEN": "t" * 64}, GITHUB_ENV, GITLAB_ENV, POOL_ENV, {"AUTHENTICATOR": "dummy"})
    for env in envs:
        c = load(monkeypatch, tmp_path, **env)
        for cls in classes:
            unknown = set(c.get(cls.__name__, {})) - set(cls.class_trait_names(config=True))
            assert not unknown, f"{cls.__name__}: {unknown}"
        assert set(c) <= {cls.__name__ for cls in classes}


OAUTH = {"OAUTH_CLIENT_ID": "id", "OAUTH_CLIENT_SECRET": "sekret", "COOKIE_SECRET": SECRET}
GITHUB_ENV = {
    "AUTHENTICATOR": "github",
    "PUBLIC_URL": "https://k.example.org",
    "GITHUB_ORGS": "kl",
    **OAUTH,
}
GITLAB_ENV = {
    "AUTHENTICATOR": "gitlab",
    "PUBLIC_URL": "https://k.example.org",
    "GITLAB_GROUPS": "szkola/klasa-3a",
    "GITLAB_URL": "https://gitlab.szkola.pl",
    **OAUTH,
}
POOL_ENV = {"GPUS": "auto", "GPU_POOL": "0,1", "GPU_POLICY": "wait", "GPU_WAIT_TIMEOUT": "300"}


def test_github_login_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c = load(monkeypatch, tmp_path, **GITHUB_ENV)
    assert c.JupyterHub.authenticator_class == "github"
    assert c.GitHubOAuthenticator.oauth_callback_url == "https://k.example.org/hub/oauth_callback"
    assert c.GitHubOAuthenticator.allowed_organizations == {"kl"}
    assert "allow_all" not in c.Authenticator


def test_gitlab_login_mode_is_restricted_to_groups(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = load(monkeypatch, tmp_path, ADMIN_USERS="prowadzacy", **GITLAB_ENV)
    assert c.JupyterHub.authenticator_class == "gitlab"
    assert c.GitLabOAuthenticator.oauth_callback_url == "https://k.example.org/hub/oauth_callback"
    assert c.GitLabOAuthenticator.allowed_gitlab_groups == {"szkola/klasa-3a"}
    assert c.GitLabOAuthenticator.gitlab_url == "https://gitlab.szkola.pl"
    assert c.GitLabOAuthenticator.scope == ["read_user", "read_api"]  # nie pełne `api`
    assert c.Authenticator.admin_users == {"prowadzacy"}
    assert "allow_all" not in c.Authenticator
    # Sekret klienta OAuth zostaje w środowisku, nie w konfiguracji.
    assert "client_secret" not in c.GitLabOAuthenticator


def test_gpu_pool_installs_the_shared_pool_admin_api_and_wait_budget(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = load(monkeypatch, tmp_path, SPAWN_TIMEOUT="120", **POOL_ENV)
    pool = BlackbeltSpawner.gpu_pool
    assert pool is not None
    assert (list(pool.devices), pool.policy, pool.wait_timeout_s) == (["0", "1"], "wait", 300)
    assert c.JupyterHub.extra_handlers == [(GPU_API_PATH, GpuPoolHandler)]
    # Statycznie tryb CPU; kartę dokłada dopiero przydział z puli.
    assert "device_requests" not in c.DockerSpawner.extra_host_config
    assert c.DockerSpawner.environment["NVIDIA_VISIBLE_DEVICES"] == "void"
    # JupyterHub nie przerwie startu, który czeka w kolejce po kartę.
    assert c.DockerSpawner.start_timeout == 120 + 300


def test_local_hub_generates_its_cookie_secret_in_the_data_volume(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = load(monkeypatch, tmp_path, API_TOKEN="t" * 64)  # konfiguracja testu e2e
    assert c.JupyterHub.cookie_secret_file == str(tmp_path / "jupyterhub_cookie_secret")
    assert "cookie_secret" not in c.JupyterHub


def test_explicit_cookie_secret_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c = load(monkeypatch, tmp_path, COOKIE_SECRET=SECRET.upper())
    assert c.JupyterHub.cookie_secret == bytes.fromhex(SECRET)
    assert "cookie_secret_file" not in c.JupyterHub


PUBLIC_NATIVE = {
    "BIND_ADDRESS": "0.0.0.0",
    "PUBLIC_URL": "https://klasa.example.org",
    "ADMIN_USERS": "prowadzacy",
    "COOKIE_SECRET": SECRET,
}
BEHIND_PROXY = {**PUBLIC_NATIVE, "BIND_ADDRESS": "127.0.0.1"}


@pytest.mark.parametrize(
    ("env", "must_name"),
    [
        ({**PUBLIC_NATIVE, "NATIVE_OPEN_SIGNUP": "true"}, ["BLACKBELT_NATIVE_OPEN_SIGNUP"]),
        ({**PUBLIC_NATIVE, "AUTHENTICATOR": "dummy"}, ["BLACKBELT_AUTHENTICATOR=dummy"]),
        ({**PUBLIC_NATIVE, "PUBLIC_URL": "http://klasa.example.org"}, ["BLACKBELT_PUBLIC_URL"]),
        ({**PUBLIC_NATIVE, "PUBLIC_URL": ""}, ["BLACKBELT_PUBLIC_URL=https://"]),
        ({**PUBLIC_NATIVE, "COOKIE_SECRET": ""}, ["BLACKBELT_COOKIE_SECRET"]),
        ({**PUBLIC_NATIVE, "ADMIN_USERS": ""}, ["BLACKBELT_ADMIN_USERS"]),
        ({**BEHIND_PROXY, "COOKIE_SECRET": ""}, ["BLACKBELT_COOKIE_SECRET"]),
        ({**GITHUB_ENV, "COOKIE_SECRET": ""}, ["BLACKBELT_COOKIE_SECRET"]),
        (
            {"BIND_ADDRESS": "0.0.0.0", "AUTHENTICATOR": "dummy"},
            [
                "BLACKBELT_AUTHENTICATOR=dummy",
                "BLACKBELT_PUBLIC_URL=https://",
                "BLACKBELT_COOKIE_SECRET",
                "openssl rand -hex 32",
            ],
        ),
    ],
    ids=[
        "native-open-signup",
        "dummy",
        "plain-http",
        "no-public-url",
        "no-cookie-secret",
        "native-without-admin",
        "https-proxy-without-secret",
        "github-without-secret",
        "everything-missing",
    ],
)
def test_public_hub_refuses_to_start_and_names_what_to_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], must_name: list[str]
) -> None:
    with pytest.raises(ExposureError) as error:
        load(monkeypatch, tmp_path, **env)
    message = str(error.value)
    assert message.startswith("Hub byłby dostępny z sieci")
    for fragment in must_name:
        assert fragment in message
    assert not (tmp_path / "jupyterhub.sqlite").exists()


def test_oauth_without_client_secret_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = {key: value for key, value in GITLAB_ENV.items() if key != "OAUTH_CLIENT_SECRET"}
    with pytest.raises(SettingsError, match="OAUTH_CLIENT_SECRET"):
        load(monkeypatch, tmp_path, **env)


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"NATIVE_OPEN_SIGNUP": "true"},
        {"AUTHENTICATOR": "dummy"},
        {"AUTHENTICATOR": "dummy", "PUBLIC_URL": "http://localhost:8000"},
        {"AUTHENTICATOR": "dummy", "PUBLIC_URL": "http://klasa.localhost"},
        {"BIND_ADDRESS": "127.0.0.2", "PUBLIC_URL": "http://[::1]:8000"},
        {"API_TOKEN": "t" * 64, "GPUS": "none"},
    ],
    ids=["default", "open-signup", "dummy", "localhost", "dot-localhost", "loopback-ip", "e2e"],
)
def test_loopback_hub_starts_as_today(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str]
) -> None:
    c = load(monkeypatch, tmp_path, **env)
    assert c.JupyterHub.cookie_secret_file == str(tmp_path / "jupyterhub_cookie_secret")


@pytest.mark.parametrize(
    "env",
    [PUBLIC_NATIVE, BEHIND_PROXY, GITHUB_ENV, GITLAB_ENV, {**GITHUB_ENV, "BIND_ADDRESS": "::"}],
    ids=["native-bound-to-all", "native-behind-https-proxy", "github", "gitlab", "github-ipv6"],
)
def test_public_hub_with_everything_set_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str]
) -> None:
    c = load(monkeypatch, tmp_path, **env)
    assert c.JupyterHub.cookie_secret == bytes.fromhex(SECRET)
    assert c.JupyterHub.authenticator_class in ("native", "github", "gitlab")
    if c.JupyterHub.authenticator_class == "native":
        assert c.NativeAuthenticator.open_signup is False
