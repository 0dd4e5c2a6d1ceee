"""Wspólne dla testów e2e i pomiaru obciążenia: obrazy klasy budowane lokalnie i wolne porty.

Żaden rejestr kontenerów nie musi być osiągalny: obrazy budują się na lokalnej bazie Debiana
(BLACKBELT_E2E_BASE, domyślnie blackbelt/base:trixie, tworzy ją .ci/setup-docker), a torch
pochodzi ze zwykłego PyPI (pusty BLACKBELT_TORCH_BACKEND).
"""

from __future__ import annotations

import os
import socket

BASE_IMAGE = os.environ.get("BLACKBELT_E2E_BASE", "blackbelt/base:trixie")
LEARNER_IMAGE = "blackbelt/learner:e2e"
IMAGE_PREFIX = "blackbelt-e2e"


def local_build_env() -> dict[str, str]:
    """Zmienne compose.yaml, które budują obrazy klasy z lokalnej bazy (bez nvidia/cuda)."""
    return {
        "BLACKBELT_CUDA_IMAGE": BASE_IMAGE,
        "BLACKBELT_SYSTEM_IMAGE": BASE_IMAGE,
        "BLACKBELT_TORCH_BACKEND": "",
        "BLACKBELT_LEARNER_IMAGE": LEARNER_IMAGE,
        "BLACKBELT_IMAGE_PREFIX": IMAGE_PREFIX,
    }


def free_port() -> int:
    """Wolny port TCP na 127.0.0.1 (system wybiera go przy bind na porcie 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
