"""Wspólny wyjątek konfiguracji huba (osobny moduł, żeby importowały go ustawienia i moduły GPU)."""

from __future__ import annotations


class SettingsError(ValueError):
    """Błędna wartość zmiennej środowiskowej — komunikat mówi, którą zmienną i jak poprawić."""
