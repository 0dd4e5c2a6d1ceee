"""Narzędzia deweloperskie kursu (tylko biblioteka standardowa: działają też bez Jupytera)."""
