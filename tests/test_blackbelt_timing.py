"""measure i Timing: rozgrzewka, liczba próbek, statystyki, jednostki."""

from __future__ import annotations

import time

import pytest
import torch

from blackbelt.timing import (
    Timing,
    TimingConfig,
    bandwidth_gb_s,
    measure,
    speedup,
    tflops,
)


def test_warmup_runs_before_samples_and_repeats_are_respected() -> None:
    calls: list[int] = []
    timing = measure(lambda: calls.append(1), config=TimingConfig(warmup=4, repeats=7))
    assert len(calls) == 4 + 7
    assert len(timing.samples_ms) == 7


def test_measures_real_elapsed_time() -> None:
    timing = measure(lambda: time.sleep(0.01), config=TimingConfig(warmup=1, repeats=5))
    assert 9.0 <= timing.median_ms < 200.0
    assert timing.min_ms <= timing.median_ms


def test_time_budget_stops_early_but_keeps_three_samples() -> None:
    timing = measure(
        lambda: time.sleep(0.02), config=TimingConfig(warmup=0, repeats=100, max_seconds=0.01)
    )
    assert len(timing.samples_ms) == 3


def test_statistics_are_robust() -> None:
    timing = Timing("x", "cpu", (1.0, 2.0, 3.0, 4.0, 1000.0))
    assert timing.median_ms == 3.0
    assert timing.iqr_ms == pytest.approx(2.0)
    assert "mediana 3.000 ms" in str(timing)


def test_derived_figures() -> None:
    slow = Timing("slow", "cpu", (4.0, 4.0, 4.0))
    fast = Timing("fast", "cpu", (1.0, 1.0, 1.0))
    assert speedup(slow, fast) == 4.0
    assert bandwidth_gb_s(10**9, fast) == pytest.approx(1000.0)
    assert tflops(2e12, fast) == pytest.approx(2000.0)


@pytest.mark.parametrize(
    "kwargs", [{"warmup": -1}, {"repeats": 2}, {"max_seconds": 0.0}]
)
def test_bad_config_is_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        TimingConfig(**kwargs)  # type: ignore[arg-type]


def test_too_few_samples_are_rejected() -> None:
    with pytest.raises(ValueError):
        Timing("x", "cpu", (1.0, 2.0))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="brak GPU na tej maszynie")
def test_cuda_timing_uses_events() -> None:
    x = torch.randn(1024, 1024, device="cuda")
    timing = measure(lambda: x @ x, device="cuda")
    assert timing.device == "cuda"
    assert timing.median_ms > 0
