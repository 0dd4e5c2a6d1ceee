"""Ustawienia huba: wartości domyślne są bezpieczne, złe wartości dają jasne błędy."""

from __future__ import annotations

from pathlib import Path

import pytest

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
