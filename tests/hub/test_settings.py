"""Ustawienia huba: wartości domyślne są bezpieczne, złe wartości dają jasne błędy."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.gpu_devices import MemoryCap
from hub.settings import Settings, SettingsError


def test_defaults_without_any_environment() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.gpus == "auto"
    assert settings.api_token is None
    assert settings.course_repo == "git://course-git/kurs.git"
    assert settings.home_volume_template == "blackbelt-home-{username}"
    assert settings.container_name_template == "blackbelt-{username}"


def test_reads_every_variable() -> None:
    token = "a" * 40
    settings = Settings.from_env(
        {
            "BLACKBELT_LEARNER_IMAGE": "klasa/uczen:1",
            "BLACKBELT_NETWORK": "siec",
            "BLACKBELT_PREFIX": "kl2",
            "BLACKBELT_COURSE_REPO": "git://repo/kurs.git",
            "BLACKBELT_COURSE_BRANCH": "wiosna",
            "BLACKBELT_MEM_LIMIT": "4g",
            "BLACKBELT_CPU_LIMIT": "1.5",
            "BLACKBELT_PIDS_LIMIT": "512",
            "BLACKBELT_SHM_SIZE": "512m",
            "BLACKBELT_GPUS": "2",
            "BLACKBELT_ADMIN_USERS": "ala, bartek",
            "BLACKBELT_IDLE_TIMEOUT": "0",
            "BLACKBELT_SPAWN_TIMEOUT": "120",
            "BLACKBELT_API_TOKEN": token,
            "BLACKBELT_DATA_DIR": "/tmp/hub",
        }
    )
    assert settings == Settings(
        learner_image="klasa/uczen:1",
        network="siec",
        prefix="kl2",
        course_repo="git://repo/kurs.git",
        course_branch="wiosna",
        mem_limit="4G",
        cpu_limit=1.5,
        pids_limit=512,
        shm_size="512M",
        gpus=2,
        admin_users=frozenset({"ala", "bartek"}),
        idle_timeout_s=0,
        spawn_timeout_s=120,
        api_token=token,
        data_dir=Path("/tmp/hub"),
    )
    assert settings.home_volume_template == "kl2-home-{username}"


def test_blank_values_mean_default() -> None:
    assert Settings.from_env({"BLACKBELT_GPUS": "  ", "BLACKBELT_MEM_LIMIT": ""}) == Settings()


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("MEM_LIMIT", "dużo", "rozmiaru pamięci"),
        ("SHM_SIZE", "0", "rozmiaru pamięci"),
        ("CPU_LIMIT", "zero", "liczby"),
        ("CPU_LIMIT", "-1", "większej od zera"),
        ("PIDS_LIMIT", "10", ">= 64"),
        ("IDLE_TIMEOUT", "godzina", ">= 0"),
        ("GPUS", "some", "'auto', 'all', 'none'"),
        ("GPUS", "0", "'auto', 'all', 'none'"),
        ("NETWORK", "Moja Sieć", "nazwy"),
        ("ADMIN_USERS", "Ala Kowalska", "loginów"),
        ("API_TOKEN", "krotki", "co najmniej 32"),
    ],
)
def test_bad_value_names_the_variable(name: str, value: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({f"BLACKBELT_{name}": value})
    assert f"BLACKBELT_{name}" in str(error.value)
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"), [("AUTO", "auto"), ("all", "all"), ("None", "none")]
)
def test_gpu_modes_are_case_insensitive(value: str, expected: str) -> None:
    assert Settings.from_env({"BLACKBELT_GPUS": value}).gpus == expected


GITHUB = {
    "BLACKBELT_AUTHENTICATOR": "github",
    "BLACKBELT_PUBLIC_URL": "https://klasa.example.org/",
    "BLACKBELT_GITHUB_ORGS": "moja-szkola",
    "OAUTH_CLIENT_ID": "id",
    "OAUTH_CLIENT_SECRET": "sekret",
}


def test_github_login_reads_its_settings() -> None:
    settings = Settings.from_env(GITHUB)
    assert settings.authenticator == "github"
    assert settings.public_url == "https://klasa.example.org"
    assert settings.github_orgs == frozenset({"moja-szkola"})


@pytest.mark.parametrize(
    ("missing", "fragment"),
    [
        ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_ID"),
        ("OAUTH_CLIENT_SECRET", "OAUTH_CLIENT_SECRET"),
        ("BLACKBELT_PUBLIC_URL", "BLACKBELT_PUBLIC_URL"),
        ("BLACKBELT_GITHUB_ORGS", "nikt nie wejdzie"),
    ],
)
def test_github_login_explains_what_is_missing(missing: str, fragment: str) -> None:
    env = {key: value for key, value in GITHUB.items() if key != missing}
    with pytest.raises(SettingsError, match=fragment):
        Settings.from_env(env)


def test_unknown_authenticator_is_rejected() -> None:
    with pytest.raises(SettingsError, match="BLACKBELT_AUTHENTICATOR"):
        Settings.from_env({"BLACKBELT_AUTHENTICATOR": "ldap"})


GITLAB = {
    "BLACKBELT_AUTHENTICATOR": "gitlab",
    "BLACKBELT_PUBLIC_URL": "https://klasa.example.org",
    "BLACKBELT_GITLAB_GROUPS": "Szkola/klasa-3a, kolo_ml",
    "OAUTH_CLIENT_ID": "id",
    "OAUTH_CLIENT_SECRET": "sekret",
}


def test_gitlab_login_reads_groups_and_default_server() -> None:
    settings = Settings.from_env(GITLAB)
    assert settings.authenticator == "gitlab"
    assert settings.gitlab_groups == frozenset({"Szkola/klasa-3a", "kolo_ml"})
    assert settings.gitlab_url == "https://gitlab.com"


def test_gitlab_login_without_groups_or_users_lets_nobody_in() -> None:
    env = {key: value for key, value in GITLAB.items() if key != "BLACKBELT_GITLAB_GROUPS"}
    with pytest.raises(SettingsError, match="BLACKBELT_GITLAB_GROUPS, inaczej nikt nie wejdzie"):
        Settings.from_env(env)


def test_gpu_pool_settings() -> None:
    settings = Settings.from_env(
        {
            "BLACKBELT_GPUS": "auto",  # domyślna wartość z compose nie przeszkadza puli
            "BLACKBELT_GPU_POOL": "0,1,2,3",
            "BLACKBELT_GPU_POLICY": "Share",
            "BLACKBELT_GPU_SHARE_MEMORY": "20G",
        }
    )
    assert settings.gpu_pool == ("0", "1", "2", "3")
    assert settings.gpu_policy == "share"
    assert settings.gpu_share_memory == MemoryCap(bytes=20 * 2**30)
    assert Settings.from_env({"BLACKBELT_GPU_POOL": "0"}).gpu_policy == "wait"


def test_new_variables_are_read() -> None:
    secret = "ab" * 32
    settings = Settings.from_env(
        {
            "BLACKBELT_BIND_ADDRESS": "0.0.0.0",
            "BLACKBELT_COOKIE_SECRET": secret.upper(),
            "BLACKBELT_NATIVE_OPEN_SIGNUP": "tak",
            "BLACKBELT_GPU_POOL": "0",
            "BLACKBELT_GPU_WAIT_TIMEOUT": "90",
        }
    )
    assert settings.bind_address == "0.0.0.0"
    assert settings.cookie_secret == secret
    assert settings.native_open_signup is True
    assert settings.gpu_wait_timeout_s == 90


@pytest.mark.parametrize(
    ("env", "fragments"),
    [
        (
            {"BLACKBELT_GPU_POOL": "0", "BLACKBELT_GPUS": "none"},
            ["BLACKBELT_GPUS=none", "wykluczają"],
        ),
        ({"BLACKBELT_GPU_POOL": "0", "BLACKBELT_GPUS": "2"}, ["BLACKBELT_GPUS=2"]),
        ({"BLACKBELT_GPU_POLICY": "cpu"}, ["BLACKBELT_GPU_POLICY", "BLACKBELT_GPU_POOL"]),
        ({"BLACKBELT_GPU_SHARE_MEMORY": "0.5"}, ["BLACKBELT_GPU_SHARE_MEMORY", "tylko z pulą"]),
        (
            {"BLACKBELT_GPU_POOL": "0", "BLACKBELT_GPU_POLICY": "share"},
            ["wymaga BLACKBELT_GPU_SHARE_MEMORY"],
        ),
        (
            {"BLACKBELT_GPU_POOL": "0", "BLACKBELT_GPU_SHARE_MEMORY": "0.5"},
            ["BLACKBELT_GPU_SHARE_MEMORY działa tylko z BLACKBELT_GPU_POLICY=share"],
        ),
        (
            {
                "BLACKBELT_GPU_POOL": "0",
                "BLACKBELT_GPU_POLICY": "cpu",
                "BLACKBELT_GPU_WAIT_TIMEOUT": "60",
            },
            ["BLACKBELT_GPU_WAIT_TIMEOUT działa tylko z BLACKBELT_GPU_POLICY=wait"],
        ),
        ({"BLACKBELT_GPU_POOL": "0", "BLACKBELT_GPU_POLICY": "kolejka"}, ["'wait'", "'share'"]),
        ({"BLACKBELT_GPU_POOL": "0,0"}, ["BLACKBELT_GPU_POOL", "dwa razy"]),
        ({"BLACKBELT_GPU_POOL": "0", "BLACKBELT_GPU_WAIT_TIMEOUT": "0"}, [">= 1"]),
        ({"BLACKBELT_BIND_ADDRESS": "wszędzie"}, ["BLACKBELT_BIND_ADDRESS", "adresu IP"]),
        ({"BLACKBELT_COOKIE_SECRET": "abc"}, ["BLACKBELT_COOKIE_SECRET", "openssl rand -hex 32"]),
        ({"BLACKBELT_NATIVE_OPEN_SIGNUP": "może"}, ["BLACKBELT_NATIVE_OPEN_SIGNUP"]),
        ({"BLACKBELT_PUBLIC_URL": "klasa.example.org"}, ["BLACKBELT_PUBLIC_URL", "https://"]),
        ({"BLACKBELT_GITLAB_URL": "http://gitlab.szkola.pl"}, ["BLACKBELT_GITLAB_URL"]),
        ({"BLACKBELT_GITLAB_GROUPS": "zła grupa"}, ["BLACKBELT_GITLAB_GROUPS"]),
    ],
)
def test_bad_or_contradictory_values_are_explained(
    env: dict[str, str], fragments: list[str]
) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env)
    for fragment in fragments:
        assert fragment in str(error.value)
