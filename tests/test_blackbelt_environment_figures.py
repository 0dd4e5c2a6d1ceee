"""Raport środowiska, wybór urządzenia i rysunki układu pamięci."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
import torch

from blackbelt.environment import environment_report, pick_device
from blackbelt.figures import draw_storage, storage_indices, storage_numel


def test_report_matches_torch() -> None:
    report = environment_report()
    assert report.torch_version == torch.__version__
    assert report.cuda_available == torch.cuda.is_available()
    assert report.device.type == ("cuda" if torch.cuda.is_available() else "cpu")
    text = report.describe()
    assert "PyTorch" in text
    if not report.cuda_available:
        assert "GPU: niedostępne" in text


def test_pick_device_can_be_forced_to_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLACKBELT_FORCE_CPU", "1")
    assert pick_device() == torch.device("cpu")
    assert pick_device(prefer_gpu=False) == torch.device("cpu")


def test_storage_indices_follow_the_addressing_formula() -> None:
    base = torch.arange(12.0).reshape(3, 4)
    view = base.t()[1:, ::2]
    indices = storage_indices(view)
    for i in range(view.shape[0]):
        for j in range(view.shape[1]):
            expected = view.storage_offset() + i * view.stride(0) + j * view.stride(1)
            assert int(indices[i, j]) == expected
            assert base.flatten()[expected] == view[i, j]
    assert storage_numel(view) == 12


def test_draw_storage_describes_the_view() -> None:
    figure = draw_storage(torch.arange(6).reshape(2, 3).t(), "transpozycja")
    assert "stride=(1, 3)" in figure.get_suptitle()
    assert "transpozycja" in figure.get_suptitle()
    assert len(figure.axes) == 2


def test_draw_storage_rejects_unreadable_input() -> None:
    with pytest.raises(ValueError, match="0–2 wymiarowe"):
        draw_storage(torch.zeros(2, 2, 2))
    with pytest.raises(ValueError, match="64"):
        draw_storage(torch.zeros(100))
