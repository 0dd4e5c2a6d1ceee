"""Logowanie formularzem NativeAuthenticatora pod JupyterHubem 6 (bez statsd w handlerach)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from nativeauthenticator.handlers import LoginHandler  # type: ignore[import-untyped]

from hub.native_compat import SilentTimer, patch_native_login_metrics


@pytest.fixture
def unpatched() -> Iterator[None]:
    saved = LoginHandler.__dict__.get("statsd")
    if saved is not None:
        del LoginHandler.statsd
    yield
    if "statsd" in LoginHandler.__dict__:
        del LoginHandler.statsd
    if saved is not None:
        LoginHandler.statsd = saved


class LoginForTest(LoginHandler):  # type: ignore[misc]
    """Prawdziwy LoginHandler (z całą hierarchią JupyterHuba) bez serwera Tornado."""

    redirected_to: str | None = None

    def get_argument(self, name: str, strip: bool = False) -> str:
        return {"username": "ala", "password": "tajne-haslo"}[name]

    async def login_user(self, data: dict[str, str]) -> object:
        assert data == {"username": "ala", "password": "tajne-haslo"}
        return object()

    def get_next_url(self, user: object = None, default: object = None) -> str:
        return "/hub/spawn"

    def redirect(self, url: str, permanent: bool = False, status: int | None = None) -> None:
        self.redirected_to = url


def post_login() -> LoginForTest:
    handler = LoginForTest.__new__(LoginForTest)  # bez __init__: nie potrzebujemy aplikacji
    handler.request = type("Request", (), {"arguments": {"username": [], "password": []}})()
    asyncio.run(handler.post())
    return handler


@pytest.mark.usefixtures("unpatched")
def test_jupyterhub_6_handlers_have_no_statsd_so_the_login_form_would_crash() -> None:
    with pytest.raises(AttributeError, match="statsd"):
        post_login()


@pytest.mark.usefixtures("unpatched")
def test_patch_makes_the_real_login_post_succeed() -> None:
    assert patch_native_login_metrics() is True
    assert post_login().redirected_to == "/hub/spawn"
    assert patch_native_login_metrics() is False, "druga łatka niczego nie nadpisuje"


def test_silent_timer_has_the_statsd_timer_interface() -> None:
    timer = SilentTimer().timer("login.authenticate").start()
    assert isinstance(timer, SilentTimer)
    timer.stop(send=False)  # nie rzuca i niczego nie wysyła
