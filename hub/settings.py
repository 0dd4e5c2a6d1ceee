"""Ustawienia huba ze zmiennych BLACKBELT_*: jedno miejsce, walidowane, z jasnymi błędami."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

GpuMode = Literal["auto", "all", "none"] | int
AuthMode = Literal["native", "github"]

_MEMORY = re.compile(r"^[1-9][0-9]*[KMGT]?$", re.IGNORECASE)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_USER = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MIN_TOKEN_LENGTH = 32


class SettingsError(ValueError):
    """Błędna wartość zmiennej środowiskowej — komunikat mówi, którą zmienną i jak poprawić."""


@dataclass(frozen=True)
class Settings:
    """Wszystko, co administrator klasy może ustawić (w .env obok compose.yaml)."""

    learner_image: str = "blackbelt/learner:latest"
    network: str = "blackbelt"
    prefix: str = "blackbelt"
    course_repo: str = "git://course-git/kurs.git"
    course_branch: str = "main"
    mem_limit: str = "8G"
    cpu_limit: float = 4.0
    pids_limit: int = 1024
    shm_size: str = "2G"
    gpus: GpuMode = "auto"
    admin_users: frozenset[str] = field(default_factory=frozenset)
    authenticator: AuthMode = "native"
    public_url: str = ""
    allowed_users: frozenset[str] = field(default_factory=frozenset)
    github_orgs: frozenset[str] = field(default_factory=frozenset)
    idle_timeout_s: int = 3600
    spawn_timeout_s: int = 600
    api_token: str | None = None
    data_dir: Path = Path("/srv/jupyterhub/data")

    @property
    def container_name_template(self) -> str:
        return f"{self.prefix}-{{username}}"

    @property
    def home_volume_template(self) -> str:
        return f"{self.prefix}-home-{{username}}"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Czyta BLACKBELT_*; brak zmiennej = wartość domyślna, zła wartość = SettingsError."""
        defaults = cls()

        def get(name: str, default: str) -> str:
            value = env.get(f"BLACKBELT_{name}", "").strip()
            return value or default

        auth = get("AUTHENTICATOR", defaults.authenticator)
        if auth not in ("native", "github"):
            raise _fail("AUTHENTICATOR", auth, "'native' albo 'github'")
        settings = cls(
            learner_image=get("LEARNER_IMAGE", defaults.learner_image),
            network=_name("NETWORK", get("NETWORK", defaults.network)),
            prefix=_name("PREFIX", get("PREFIX", defaults.prefix)),
            course_repo=get("COURSE_REPO", defaults.course_repo),
            course_branch=get("COURSE_BRANCH", defaults.course_branch),
            mem_limit=_memory("MEM_LIMIT", get("MEM_LIMIT", defaults.mem_limit)),
            cpu_limit=_positive_float("CPU_LIMIT", get("CPU_LIMIT", str(defaults.cpu_limit))),
            pids_limit=_int_at_least("PIDS_LIMIT", get("PIDS_LIMIT", str(defaults.pids_limit)), 64),
            shm_size=_memory("SHM_SIZE", get("SHM_SIZE", defaults.shm_size)),
            gpus=_gpus(get("GPUS", str(defaults.gpus))),
            admin_users=_users("ADMIN_USERS", get("ADMIN_USERS", "")),
            authenticator=auth,  # type: ignore[arg-type]
            public_url=get("PUBLIC_URL", "").rstrip("/"),
            allowed_users=_users("ALLOWED_USERS", get("ALLOWED_USERS", "")),
            github_orgs=_users("GITHUB_ORGS", get("GITHUB_ORGS", "")),
            idle_timeout_s=_int_at_least(
                "IDLE_TIMEOUT", get("IDLE_TIMEOUT", str(defaults.idle_timeout_s)), 0
            ),
            spawn_timeout_s=_int_at_least(
                "SPAWN_TIMEOUT", get("SPAWN_TIMEOUT", str(defaults.spawn_timeout_s)), 30
            ),
            api_token=_token(get("API_TOKEN", "")),
            data_dir=Path(get("DATA_DIR", str(defaults.data_dir))),
        )
        if settings.authenticator == "github":
            _check_github(settings, env)
        return settings


def _fail(name: str, value: str, expected: str) -> SettingsError:
    return SettingsError(f"BLACKBELT_{name}={value!r}: oczekiwano {expected}.")


def _name(name: str, value: str) -> str:
    if not _NAME.fullmatch(value):
        raise _fail(name, value, "nazwy z małych liter, cyfr, '.', '_' lub '-'")
    return value


def _memory(name: str, value: str) -> str:
    if not _MEMORY.fullmatch(value):
        raise _fail(name, value, "rozmiaru pamięci, np. 512M, 8G")
    return value.upper()


def _positive_float(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _fail(name, value, "liczby, np. 2 albo 0.5") from None
    if number <= 0:
        raise _fail(name, value, "liczby większej od zera")
    return number


def _int_at_least(name: str, value: str, minimum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise _fail(name, value, f"liczby całkowitej >= {minimum}") from None
    if number < minimum:
        raise _fail(name, value, f"liczby całkowitej >= {minimum}")
    return number


def _gpus(value: str) -> GpuMode:
    lowered = value.lower()
    if lowered in ("auto", "all", "none"):
        return lowered  # type: ignore[return-value]
    if lowered.isdigit() and int(lowered) > 0:
        return int(lowered)
    raise _fail("GPUS", value, "'auto', 'all', 'none' albo liczby kart > 0")


def _users(name: str, value: str) -> frozenset[str]:
    users = frozenset(part.strip() for part in value.split(",") if part.strip())
    for user in users:
        if not _USER.fullmatch(user):
            raise _fail(name, value, "listy loginów oddzielonych przecinkami (małe litery, cyfry)")
    return users


def _check_github(settings: Settings, env: Mapping[str, str]) -> None:
    missing = [name for name in ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET") if not env.get(name)]
    if not settings.public_url.startswith(("http://", "https://")):
        missing.append("BLACKBELT_PUBLIC_URL (np. https://klasa.example.org)")
    if missing:
        raise SettingsError("BLACKBELT_AUTHENTICATOR=github wymaga: " + ", ".join(missing) + ".")
    if not (settings.allowed_users or settings.github_orgs or settings.admin_users):
        raise SettingsError(
            "BLACKBELT_AUTHENTICATOR=github: ustaw BLACKBELT_ALLOWED_USERS albo "
            "BLACKBELT_GITHUB_ORGS, inaczej nikt nie wejdzie."
        )


def _token(value: str) -> str | None:
    if not value:
        return None
    if len(value) < MIN_TOKEN_LENGTH:
        raise SettingsError(
            f"BLACKBELT_API_TOKEN: token ma {len(value)} znaków, potrzeba co najmniej "
            f"{MIN_TOKEN_LENGTH} (wygeneruj: openssl rand -hex 32)."
        )
    return value
