"""Logowanie do huba wybierane ustawieniem BLACKBELT_AUTHENTICATOR.

* native (domyślnie): konta zakłada się na /hub/signup, wchodzą dopiero po zatwierdzeniu przez
  administratora (NativeAuthenticator, open_signup=False). BLACKBELT_NATIVE_OPEN_SIGNUP=true
  wpuszcza bez zatwierdzania — tylko lokalnie (hub/exposure.py).
* github: OAuth GitHub, wpuszcza członków BLACKBELT_GITHUB_ORGS i/lub BLACKBELT_ALLOWED_USERS.
* gitlab: OAuth GitLab (gitlab.com albo własny BLACKBELT_GITLAB_URL), wpuszcza członków
  BLACKBELT_GITLAB_GROUPS (ścieżki grup, także podgrup) i/lub BLACKBELT_ALLOWED_USERS.
* dummy: dowolny login i hasło — wyłącznie do pracy lokalnej na 127.0.0.1.

OAUTH_CLIENT_ID i OAUTH_CLIENT_SECRET OAuthenticator czyta sam ze środowiska (nie trafiają do
konfiguracji). Administratorzy zawsze z BLACKBELT_ADMIN_USERS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nativeauthenticator  # type: ignore[import-untyped]

from hub.settings import Settings

AuthConfig = dict[str, dict[str, Any]]


def authenticator_config(settings: Settings) -> AuthConfig:
    """Sekcje konfiguracji (klasa -> cecha -> wartość) dla wybranego sposobu logowania."""
    config: AuthConfig = {
        "JupyterHub": {"authenticator_class": settings.authenticator},
        "Authenticator": {"admin_users": set(settings.admin_users)},
    }
    callback = f"{settings.public_url}/hub/oauth_callback"
    if settings.authenticator == "native":
        config["NativeAuthenticator"] = {"open_signup": settings.native_open_signup}
        # Wpuszcza tylko konta zatwierdzone przez administratora (NativeAuthenticator pilnuje).
        config["Authenticator"]["allow_all"] = True
        config["JupyterHub"]["template_paths"] = [native_templates()]
    elif settings.authenticator == "github":
        config["GitHubOAuthenticator"] = {
            "oauth_callback_url": callback,
            "allowed_users": set(settings.allowed_users),
            "allowed_organizations": set(settings.github_orgs),
        }
    elif settings.authenticator == "gitlab":
        config["GitLabOAuthenticator"] = {
            "oauth_callback_url": callback,
            "gitlab_url": settings.gitlab_url,
            "allowed_users": set(settings.allowed_users),
            "allowed_gitlab_groups": set(settings.gitlab_groups),
            # Bez jawnego zakresu GitLab dałby tokenowi pełne `api` (zapis!). read_api wystarcza
            # do sprawdzenia członkostwa w grupach; bez grup — tylko read_user.
            "scope": ["read_user", "read_api"] if settings.gitlab_groups else ["read_user"],
        }
    else:
        config["Authenticator"]["allow_all"] = True
    return config


def native_templates() -> str:
    """Szablony NativeAuthenticatora (strona /hub/signup i panel zatwierdzania kont)."""
    return str(Path(nativeauthenticator.__file__).parent / "templates")
