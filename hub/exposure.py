"""Czy hub jest dostępny z sieci i czy wolno mu wtedy wystartować.

Hub jest PUBLICZNY, gdy:
* BLACKBELT_BIND_ADDRESS (adres, na którym compose publikuje port huba) nie jest adresem pętli
  zwrotnej (127.0.0.0/8, ::1), np. 0.0.0.0, albo
* BLACKBELT_PUBLIC_URL ma hosta innego niż localhost / *.localhost / adres pętli zwrotnej
  (tak jest za odwrotnym proxy z HTTPS, nawet gdy sam port huba zostaje na 127.0.0.1).

Publiczny hub nie wystartuje (błąd przy wczytaniu konfiguracji, z listą zmiennych do ustawienia),
dopóki:
* logowanie nie jest otwarte: nie dummy i nie native z BLACKBELT_NATIVE_OPEN_SIGNUP=true;
  przy native musi być BLACKBELT_ADMIN_USERS (ktoś musi zatwierdzać konta);
* BLACKBELT_PUBLIC_URL nie jest adresem https:// (zwykłe http tylko na localhost);
* sekret ciasteczek nie jest podany jawnie (BLACKBELT_COOKIE_SECRET): wygenerowany w wolumenie
  danych zginąłby z wolumenem i nie dałby się przenieść na inną maszynę ani zrotować;
* przy OAuth nie ma OAUTH_CLIENT_ID i OAUTH_CLIENT_SECRET (to sprawdza już hub/settings.py).

Tokenu proxy (CONFIGPROXY_AUTH_TOKEN) nie wymagamy: configurable-http-proxy działa w kontenerze
huba jako jego proces potomny, jego API słucha tylko na 127.0.0.1 w tym kontenerze, a świeży
losowy token przy każdym starcie jest tu bezpieczniejszy niż stały.

Na pętli zwrotnej wszystko działa jak dotąd: sekrety powstają przy pierwszym starcie w wolumenie.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from hub.errors import SettingsError
from hub.settings import Settings


class ExposureError(SettingsError):
    """Hub byłby dostępny z sieci bez bezpiecznej konfiguracji."""


def is_loopback_host(host: str) -> bool:
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def public_reasons(settings: Settings) -> list[str]:
    """Dlaczego hub jest publiczny (pusta lista = tylko ta maszyna)."""
    reasons = []
    if not is_loopback_host(settings.bind_address):
        reasons.append(f"BLACKBELT_BIND_ADDRESS={settings.bind_address}")
    host = urlsplit(settings.public_url).hostname if settings.public_url else None
    if host and not is_loopback_host(host):
        reasons.append(f"BLACKBELT_PUBLIC_URL={settings.public_url}")
    return reasons


def is_public(settings: Settings) -> bool:
    return bool(public_reasons(settings))


def exposure_problems(settings: Settings) -> list[str]:
    """Czego brakuje publicznemu hubowi (pusta lista = może startować)."""
    if not is_public(settings):
        return []
    problems = []
    if settings.authenticator == "dummy":
        problems.append(
            "BLACKBELT_AUTHENTICATOR=dummy wpuszcza każdego — ustaw native, github albo gitlab"
        )
    if settings.authenticator == "native":
        if settings.native_open_signup:
            problems.append(
                "BLACKBELT_NATIVE_OPEN_SIGNUP=true wpuszcza każdego, kto się zarejestruje — "
                "ustaw false (konta zatwierdza administrator)"
            )
        if not settings.admin_users:
            problems.append(
                "BLACKBELT_ADMIN_USERS — login administratora, który zatwierdza konta "
                "(zarejestruj go na /hub/signup, zanim udostępnisz hub)"
            )
    if not settings.public_url.startswith("https://"):
        shown = settings.public_url or "(puste)"
        problems.append(
            f"BLACKBELT_PUBLIC_URL=https://… — adres, pod którym uczniowie otwierają hub przez "
            f"HTTPS (teraz: {shown})"
        )
    if settings.cookie_secret is None:
        problems.append("BLACKBELT_COOKIE_SECRET — 64 znaki szesnastkowe: openssl rand -hex 32")
    return problems


def require_safe_exposure(settings: Settings) -> None:
    problems = exposure_problems(settings)
    if problems:
        raise ExposureError(
            "Hub byłby dostępny z sieci ("
            + ", ".join(public_reasons(settings))
            + "), więc nie wystartuje bez bezpiecznej konfiguracji. Ustaw w .env:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
            + "\nAlbo zostaw hub tylko na tej maszynie: BLACKBELT_BIND_ADDRESS=127.0.0.1 "
            "i pusty BLACKBELT_PUBLIC_URL (lub http://localhost:…)."
        )
