"""Pula GPU i limit pamięci: dobre wartości przechodzą, złe mówią, co poprawić."""

from __future__ import annotations

import pytest

from hub.errors import SettingsError
from hub.gpu_devices import MemoryCap, parse_gpu_pool, parse_memory_cap

GPU_A = "GPU-6e1f2a3b-1111-2222-3333-444455556666"
MIG_A = "MIG-0c3e1f2a-aaaa-bbbb-cccc-ddddeeeeffff"
MIG_LEGACY = "MIG-GPU-6e1f2a3b-1111-2222-3333-444455556666/1/0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0,1,2,3", ("0", "1", "2", "3")),
        (" 3 , 1 ", ("3", "1")),
        ("0:0,0:1,1:0", ("0:0", "0:1", "1:0")),
        (f"{MIG_A}", (MIG_A,)),
        (f"{GPU_A},{MIG_A},{MIG_LEGACY}", (GPU_A, MIG_A, MIG_LEGACY)),
        ("", ()),
    ],
)
def test_valid_pools_keep_configured_order(value: str, expected: tuple[str, ...]) -> None:
    assert parse_gpu_pool(value) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("karta1", "to nie jest identyfikator GPU"),
        ("-1", "to nie jest identyfikator GPU"),
        ("01", "to nie jest identyfikator GPU"),
        ("GPU-1234", "to nie jest identyfikator GPU"),
        ("MIG-zzzz", "to nie jest identyfikator GPU"),
        ("0,1,0", "dwa razy"),
        (f"{MIG_A},{MIG_A.upper()}", "dwa razy"),
        (f"0,{GPU_A}", "nie mieszaj indeksów"),
        ("0,0:1", "w całości i jako wycinek MIG"),
    ],
)
def test_bad_pool_is_rejected_with_a_clear_message(value: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as error:
        parse_gpu_pool(value)
    assert "BLACKBELT_GPU_POOL" in str(error.value)
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.25", MemoryCap(fraction=0.25)),
        (".5", MemoryCap(fraction=0.5)),
        ("1", MemoryCap(fraction=1.0)),
        ("30%", MemoryCap(fraction=0.3)),
        ("20G", MemoryCap(bytes=20 * 2**30)),
        ("512m", MemoryCap(bytes=512 * 2**20)),
    ],
)
def test_memory_cap_is_a_fraction_or_a_size(value: str, expected: MemoryCap) -> None:
    assert parse_memory_cap(value) == expected


@pytest.mark.parametrize("value", ["0", "0.0", "1.5", "150%", "20", "-0.5", "dużo", "20GB"])
def test_bad_memory_cap_is_rejected(value: str) -> None:
    with pytest.raises(SettingsError, match="BLACKBELT_GPU_SHARE_MEMORY"):
        parse_memory_cap(value)


def test_memory_cap_reaches_the_learner_as_one_variable() -> None:
    assert MemoryCap(fraction=0.25).environment() == {"BLACKBELT_GPU_MEMORY_FRACTION": "0.25"}
    assert MemoryCap(bytes=2**30).environment() == {"BLACKBELT_GPU_MEMORY_BYTES": str(2**30)}
    with pytest.raises(ValueError, match="dokładnie jedno"):
        MemoryCap()
