"""Prawdziwa przeglądarka w testach e2e: Playwright (API synchroniczne) + Chromium z Debiana.

Przeglądarki pobieranej przez `playwright install` tu nie ma (brak dostępu do jej serwerów),
więc uruchamiamy systemowy Chromium (`apt-get install chromium`, robi to .ci/setup-docker).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Kolejność: jawna ścieżka, potem nazwy z pakietów Debiana/Ubuntu.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# JupyterLab po polsku: etykiety głównego menu z pakietu jupyterlab-language-pack-pl-PL.
POLISH_MENU = ("Plik", "Edycja", "Widok", "Uruchom", "Jądro", "Pomoc")


def browser_required() -> bool:
    """W CI test przeglądarkowy musi się wykonać; lokalnie brak Chromium = pominięcie."""
    return os.environ.get("BLACKBELT_REQUIRE_BROWSER") == "1" or bool(os.environ.get("CI"))


def chromium_path() -> str:
    """Ścieżka do Chromium albo pytest.fail (CI) / pytest.skip (lokalnie) z powodem."""
    explicit = os.environ.get("BLACKBELT_CHROMIUM", "")
    found = explicit or next(filter(None, map(shutil.which, CHROMIUM_NAMES)), "")
    if found and Path(found).exists():
        return found
    problem = (
        f"brak Chromium ({'BLACKBELT_CHROMIUM=' + explicit if explicit else 'nie ma w PATH'}); "
        "zainstaluj: apt-get install chromium (robi to .ci/setup-docker) "
        "albo wskaż binarkę w BLACKBELT_CHROMIUM"
    )
    if browser_required():
        pytest.fail(f"test przeglądarkowy jest wymagany w CI, a {problem}")
    pytest.skip(f"test przeglądarkowy pominięty: {problem}")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Bezgłowy Chromium. --no-sandbox tylko dla roota: piaskownica Chromium nie startuje
    jako root, a CI uruchamia testy jako root wewnątrz kontenera (kontener jest izolacją)."""
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=args
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Account:
    """Konto NativeAuthenticatora zakładane i używane przez stronę logowania huba."""

    hub_url: str
    username: str
    password: str

    def sign_up(self, page: Page) -> str:
        """Wypełnia /hub/signup; zwraca komunikat huba (zatwierdzone od razu albo czeka)."""
        page.goto(f"{self.hub_url}/hub/signup")
        page.fill("#username_input", self.username)
        page.fill("#password_input", self.password)
        page.fill("#password_confirmation_input", self.password)
        page.click("#signup_submit")
        alert = page.locator("div.alert").first
        expect(alert).to_be_visible()
        return alert.inner_text()

    def log_in(self, page: Page, next_path: str = "") -> None:
        """Logowanie formularzem. Bez next_path hub po zalogowaniu sam startuje serwer
        (/hub/spawn) i przenosi do JupyterLaba — tak jak u ucznia."""
        query = f"?next={next_path}" if next_path else ""
        page.goto(f"{self.hub_url}/hub/login{query}")
        page.fill("#username_input", self.username)
        page.fill("#password_input", self.password)
        with page.expect_response(
            lambda response: response.request.method == "POST" and "/hub/login" in response.url
        ) as answer:
            page.click("#login_submit")
        status = answer.value.status
        assert status < 500, (
            f"hub odpowiedział {status} na logowanie {self.username} przez formularz "
            "(traceback w reports/e2e-hub.log)"
        )
        page.wait_for_load_state()
