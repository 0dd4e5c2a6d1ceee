"""Zgodność NativeAuthenticatora 1.3.0 (najnowszego na PyPI) z JupyterHubem 6.

JupyterHub 6 usunął z handlerów atrybut ``statsd`` (metryki StatsD), a formularz logowania
NativeAuthenticatora (``LoginHandler.post``) nadal mierzy nim czas logowania:
``self.statsd.timer("login.authenticate").start()``. Bez tej łatki każde logowanie hasłem kończy
się błędem 500 (AttributeError). Dajemy handlerowi licznik, który nic nie wysyła — tylko wtedy,
gdy JupyterHub go nie ma, więc nowsze wydania obu pakietów nie zostaną nadpisane.
"""

from __future__ import annotations

from nativeauthenticator.handlers import LoginHandler  # type: ignore[import-untyped]


class SilentTimer:
    """Udaje ``statsd.timer(...)``: start/stop niczego nie mierzą ani nie wysyłają."""

    def timer(self, name: str) -> SilentTimer:
        return self

    def start(self) -> SilentTimer:
        return self

    def stop(self, send: bool = True) -> None:
        return None


def patch_native_login_metrics() -> bool:
    """Dokłada ``statsd`` do LoginHandlera, jeśli go brak; zwraca, czy łatka była potrzebna."""
    if hasattr(LoginHandler, "statsd"):
        return False
    LoginHandler.statsd = SilentTimer()
    return True
