"""Stałe pomiaru (ścieżki, obrazy, kod sprawdzający jądro) i ustawienia jednego przebiegu."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "compose.yaml"
DEFAULT_REPORT_DIR = REPO_ROOT / "reports"
DEFAULT_PROJECT = "bbload"
HUB_COMMAND = ("jupyterhub", "-f", "/srv/jupyterhub/hub/jupyterhub_config.py")
MAX_LEARNERS = 60
TORCH_CHECK = "import torch\nprint('WYNIK', torch.ones(2).sum().item())\n"
TORCH_EXPECTED = "WYNIK 2.0"


@dataclass(frozen=True)
class LoadOptions:
    """Ustawienia jednego przebiegu pomiaru (z wiersza poleceń)."""

    learners: int = 10
    url: str | None = None
    token: str | None = None
    project: str = DEFAULT_PROJECT
    port: int | None = None
    mem_limit: str = "1536M"
    cpu_limit: float = 1.0
    start_timeout_s: float = 900.0
    notice_timeout_s: float = 180.0
    build: bool = True
    keep: bool = False
    report_dir: Path = DEFAULT_REPORT_DIR
    hub_options: tuple[str, ...] = ()

    @property
    def attached(self) -> bool:
        return self.url is not None

    @property
    def prefix(self) -> str:
        """Prefiks kontenerów i wolumenów uczniów (BLACKBELT_PREFIX) — tu równy nazwie projektu."""
        return self.project

    def learner_names(self) -> list[str]:
        width = max(2, len(str(self.learners)))
        return [f"obciazenie{index:0{width}d}" for index in range(1, self.learners + 1)]
