"""Pomocnicza biblioteka kursu PyTorch Black Belt.

Notatniki importują ją z zsynchronizowanej kopii kursu (katalog ``course/``), więc poprawka
w tym pakiecie dociera do uczniów razem z ``git pull`` kursu, a nie z przebudową obrazu.
"""

from blackbelt.environment import EnvironmentReport, environment_report, pick_device
from blackbelt.exercises import ExerciseFailed, ExerciseResult, check_exercise
from blackbelt.timing import Timing, TimingConfig, measure

__all__ = [
    "EnvironmentReport",
    "ExerciseFailed",
    "ExerciseResult",
    "Timing",
    "TimingConfig",
    "check_exercise",
    "environment_report",
    "measure",
    "pick_device",
]
