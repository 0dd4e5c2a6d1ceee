"""Ustawienia huba ze zmiennych BLACKBELT_*: jedno miejsce, walidowane, z jasnymi błędami.

GPU: bez BLACKBELT_GPU_POOL działa jak dotąd BLACKBELT_GPUS (auto/all/none/N: każdy uczeń dostaje
te same karty). Z pulą (hub/gpu_devices.py) każdy serwer dostaje własną kartę lub wycinek MIG,
a BLACKBELT_GPU_POLICY mówi, co robić, gdy wszystkie są zajęte: wait (czekaj do
BLACKBELT_GPU_WAIT_TIMEOUT sekund), cpu (start bez GPU) albo share (współdziel kartę z limitem
BLACKBELT_GPU_SHARE_MEMORY). Sprzeczne połączenia (np. pula i BLACKBELT_GPUS=none) są błędem.

Logowanie: BLACKBELT_AUTHENTICATOR=native (domyślnie, konta zatwierdza administrator), github,
gitlab albo dummy (tylko do pracy lokalnej). Reguły dla huba dostępnego z sieci: hub/exposure.py.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from hub.errors import SettingsError
from hub.gpu_devices import MemoryCap, parse_gpu_pool, parse_memory_cap

GpuMode = Literal["auto", "all", "none"] | int
GpuPolicy = Literal["wait", "cpu", "share"]
AuthMode = Literal["native", "github", "gitlab", "dummy"]
AUTH_MODES: tuple[AuthMode, ...] = ("native", "github", "gitlab", "dummy")
GPU_POLICIES: tuple[GpuPolicy, ...] = ("wait", "cpu", "share")

_MEMORY = re.compile(r"^[1-9][0-9]*[KMGT]?$", re.IGNORECASE)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_USER = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_GROUP = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_HEX_SECRET = re.compile(r"^[0-9a-fA-F]{64}$")
_TRUE = ("1", "true", "yes", "tak")
_FALSE = ("0", "false", "no", "nie")
MIN_TOKEN_LENGTH = 32

__all__ = ["GpuMode", "GpuPolicy", "Settings", "SettingsError"]


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
    gpu_pool: tuple[str, ...] = ()
    gpu_policy: GpuPolicy = "wait"
    gpu_wait_timeout_s: int = 600
    gpu_share_memory: MemoryCap | None = None
    admin_users: frozenset[str] = field(default_factory=frozenset)
    authenticator: AuthMode = "native"
    native_open_signup: bool = False
    public_url: str = ""
    bind_address: str = "127.0.0.1"
    cookie_secret: str | None = None
    allowed_users: frozenset[str] = field(default_factory=frozenset)
    github_orgs: frozenset[str] = field(default_factory=frozenset)
    gitlab_groups: frozenset[str] = field(default_factory=frozenset)
    gitlab_url: str = "https://gitlab.com"
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

        auth = _auth_mode(get("AUTHENTICATOR", defaults.authenticator))
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
            gpu_pool=parse_gpu_pool(get("GPU_POOL", "")),
            gpu_policy=_gpu_policy(get("GPU_POLICY", defaults.gpu_policy)),
            gpu_wait_timeout_s=_int_at_least(
                "GPU_WAIT_TIMEOUT", get("GPU_WAIT_TIMEOUT", str(defaults.gpu_wait_timeout_s)), 1
            ),
            gpu_share_memory=_share_memory(get("GPU_SHARE_MEMORY", "")),
            admin_users=_users("ADMIN_USERS", get("ADMIN_USERS", "")),
            authenticator=auth,
            native_open_signup=_flag("NATIVE_OPEN_SIGNUP", get("NATIVE_OPEN_SIGNUP", "false")),
            public_url=_public_url(get("PUBLIC_URL", "")),
            bind_address=_ip("BIND_ADDRESS", get("BIND_ADDRESS", defaults.bind_address)),
            cookie_secret=_cookie_secret(get("COOKIE_SECRET", "")),
            allowed_users=_users("ALLOWED_USERS", get("ALLOWED_USERS", "")),
            github_orgs=_users("GITHUB_ORGS", get("GITHUB_ORGS", "")),
            gitlab_groups=_groups("GITLAB_GROUPS", get("GITLAB_GROUPS", "")),
            gitlab_url=_https_url("GITLAB_URL", get("GITLAB_URL", defaults.gitlab_url)),
            idle_timeout_s=_int_at_least(
                "IDLE_TIMEOUT", get("IDLE_TIMEOUT", str(defaults.idle_timeout_s)), 0
            ),
            spawn_timeout_s=_int_at_least(
                "SPAWN_TIMEOUT", get("SPAWN_TIMEOUT", str(defaults.spawn_timeout_s)), 30
            ),
            api_token=_token(get("API_TOKEN", "")),
            data_dir=Path(get("DATA_DIR", str(defaults.data_dir))),
        )
        _check_gpu_combination(settings, env)
        if settings.authenticator in ("github", "gitlab"):
            _check_oauth(settings, env)
        return settings

    @property
    def oauth(self) -> bool:
        return self.authenticator in ("github", "gitlab")


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


def _check_oauth(settings: Settings, env: Mapping[str, str]) -> None:
    mode = settings.authenticator
    missing = [name for name in ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET") if not env.get(name)]
    if not settings.public_url.startswith(("http://", "https://")):
        missing.append("BLACKBELT_PUBLIC_URL (np. https://klasa.example.org)")
    if missing:
        raise SettingsError(f"BLACKBELT_AUTHENTICATOR={mode} wymaga: " + ", ".join(missing) + ".")
    groups, variable = (
        (settings.github_orgs, "BLACKBELT_GITHUB_ORGS")
        if mode == "github"
        else (settings.gitlab_groups, "BLACKBELT_GITLAB_GROUPS")
    )
    if not (settings.allowed_users or groups or settings.admin_users):
        raise SettingsError(
            f"BLACKBELT_AUTHENTICATOR={mode}: ustaw BLACKBELT_ALLOWED_USERS albo "
            f"{variable}, inaczej nikt nie wejdzie."
        )


def _check_gpu_combination(settings: Settings, env: Mapping[str, str]) -> None:
    """Odrzuca sprzeczne ustawienia GPU (zmienne podane jawnie, a niepasujące do siebie)."""

    def given(name: str) -> bool:
        return bool(env.get(f"BLACKBELT_{name}", "").strip())

    if not settings.gpu_pool:
        extra = [
            name for name in ("GPU_POLICY", "GPU_WAIT_TIMEOUT", "GPU_SHARE_MEMORY") if given(name)
        ]
        if extra:
            raise SettingsError(
                ", ".join(f"BLACKBELT_{name}" for name in extra) + " działa tylko z pulą kart: "
                "ustaw BLACKBELT_GPU_POOL (np. 0,1,2,3) albo usuń te zmienne."
            )
        return
    if settings.gpus != "auto":
        raise SettingsError(
            f"BLACKBELT_GPUS={env.get('BLACKBELT_GPUS', '').strip()} i BLACKBELT_GPU_POOL "
            "wykluczają się: z pulą każdy uczeń dostaje jedną kartę z puli. Usuń BLACKBELT_GPUS "
            "(albo ustaw auto) lub usuń BLACKBELT_GPU_POOL."
        )
    if settings.gpu_policy == "share" and settings.gpu_share_memory is None:
        raise SettingsError(
            "BLACKBELT_GPU_POLICY=share wymaga BLACKBELT_GPU_SHARE_MEMORY: limitu pamięci karty "
            "na ucznia (np. 0.25 albo 20G)."
        )
    if settings.gpu_policy != "share" and settings.gpu_share_memory is not None:
        raise SettingsError(
            f"BLACKBELT_GPU_SHARE_MEMORY działa tylko z BLACKBELT_GPU_POLICY=share "
            f"(teraz: {settings.gpu_policy}). Usuń ją albo ustaw politykę share."
        )
    if settings.gpu_policy != "wait" and given("GPU_WAIT_TIMEOUT"):
        raise SettingsError(
            f"BLACKBELT_GPU_WAIT_TIMEOUT działa tylko z BLACKBELT_GPU_POLICY=wait "
            f"(teraz: {settings.gpu_policy}). Usuń ją albo ustaw politykę wait."
        )


def _auth_mode(value: str) -> AuthMode:
    lowered = value.lower()
    for mode in AUTH_MODES:
        if lowered == mode:
            return mode
    raise _fail("AUTHENTICATOR", value, "'native', 'github', 'gitlab' albo 'dummy'")


def _gpu_policy(value: str) -> GpuPolicy:
    lowered = value.lower()
    for policy in GPU_POLICIES:
        if lowered == policy:
            return policy
    raise _fail(
        "GPU_POLICY",
        value,
        "'wait' (czekaj na wolną kartę), 'cpu' (start bez GPU) albo 'share' (współdziel kartę)",
    )


def _share_memory(value: str) -> MemoryCap | None:
    return parse_memory_cap(value) if value else None


def _flag(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _fail(name, value, "'true' albo 'false'")


def _ip(name: str, value: str) -> str:
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        raise _fail(
            name, value, "adresu IP, np. 127.0.0.1 (tylko ta maszyna) albo 0.0.0.0"
        ) from None
    return value


def _cookie_secret(value: str) -> str | None:
    if not value:
        return None
    if not _HEX_SECRET.fullmatch(value):
        raise SettingsError(
            f"BLACKBELT_COOKIE_SECRET: oczekiwano 64 znaków szesnastkowych (32 bajty), jest "
            f"{len(value)} znaków. Wygeneruj: openssl rand -hex 32"
        )
    return value.lower()


def _groups(name: str, value: str) -> frozenset[str]:
    groups = frozenset(part.strip() for part in value.split(",") if part.strip())
    for group in groups:
        if not _GROUP.fullmatch(group):
            raise _fail(
                name, value, "listy ścieżek grup oddzielonych przecinkami, np. szkola/klasa-3a"
            )
    return groups


def _public_url(value: str) -> str:
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(
            "PUBLIC_URL",
            value,
            "adresu huba widzianego przez uczniów, np. https://klasa.example.org",
        )
    return value.rstrip("/")


def _https_url(name: str, value: str) -> str:
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s]*)?", value):
        raise _fail(name, value, "adresu https://, np. https://gitlab.example.org")
    return value.rstrip("/")


def _token(value: str) -> str | None:
    if not value:
        return None
    if len(value) < MIN_TOKEN_LENGTH:
        raise SettingsError(
            f"BLACKBELT_API_TOKEN: token ma {len(value)} znaków, potrzeba co najmniej "
            f"{MIN_TOKEN_LENGTH} (wygeneruj: openssl rand -hex 32)."
        )
    return value
