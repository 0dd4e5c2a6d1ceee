"""Profile klasy na Kubernetesie: efektywne ustawienia PRAWDZIWEGO KubeSpawnera dla każdego profilu.

Wartości (nasze + domyślne chartu 4.4.0) zamieniamy na konfigurację KubeSpawnera tak jak hub chartu
(z2jh_values.kubespawner_config), tworzymy instancję ``kubespawner.KubeSpawner`` bez klastra,
wybieramy profil jak uczeń w formularzu i sprawdzamy cechy spawnera oraz manifest poda i PVC
(w postaci JSON, którą KubeSpawner wysłałby do API Kubernetesa).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import kubespawner.spawner  # type: ignore[import-untyped]
import pytest
from kubernetes_asyncio.client import ApiClient
from kubespawner import KubeSpawner  # type: ignore[import-untyped,unused-ignore]
from z2jh_values import BASE_VALUES, chart_values, kubespawner_config

GiB = 1024**3
HOME = "/home/jovyan"
IMAGE = "registry.example.org/blackbelt/learner:2026.11"
GPU_RESOURCES = ("nvidia.com/gpu", "nvidia.com/mig-1g.18gb", "nvidia.com/mig-3g.71gb")
Manifest = dict[str, Any]


@dataclass(frozen=True)
class Expected:
    cpu_guarantee: float
    cpu_limit: float
    mem_guarantee_gib: int
    mem_limit_gib: int
    gpu: str | None  # nazwa zasobu GPU/MIG albo None (profil CPU)


EXPECTED = {
    "cpu": Expected(0.5, 4, 2, 8, None),
    "gpu": Expected(4, 16, 32, 64, "nvidia.com/gpu"),
    "mig-1g-18gb": Expected(1, 4, 8, 16, "nvidia.com/mig-1g.18gb"),
    "mig-3g-71gb": Expected(2, 8, 16, 32, "nvidia.com/mig-3g.71gb"),
}


@pytest.fixture(autouse=True)
def no_cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Bez klastra: KubeSpawner nie ładuje kubeconfig (klient API powstaje, ale nic nie wysyła)."""
    monkeypatch.setattr(kubespawner.spawner, "load_config", lambda **_: None)
    yield


def profiles() -> list[dict[str, Any]]:
    result = chart_values(BASE_VALUES)["singleuser"]["profileList"]
    assert isinstance(result, list)
    return result


def new_spawner() -> KubeSpawner:
    return KubeSpawner(
        config=kubespawner_config(chart_values(BASE_VALUES)),
        _mock=True,
        api_token="token-testowy",
        oauth_client_id="klient-testowy",
    )


async def as_json(model: object) -> Manifest:
    """Obiekt modelu Kubernetesa w postaci wysyłanej do API (klucze camelCase)."""
    async with ApiClient() as api:
        result = api.sanitize_for_serialization(model)
    assert isinstance(result, dict)
    return result


async def choose(spawner: KubeSpawner, slug: str | None) -> Manifest:
    """Wybór profilu jak z formularza huba; zwraca manifest poda."""
    spawner.user_options = {"profile": slug} if slug else {}
    await spawner.load_user_options()
    return await as_json(await spawner.get_pod_manifest())


def spawn(slug: str | None) -> tuple[KubeSpawner, Manifest]:
    async def run() -> tuple[KubeSpawner, Manifest]:
        spawner = new_spawner()
        return spawner, await choose(spawner, slug)

    return asyncio.run(run())


def container(pod: Manifest) -> Manifest:
    (notebook,) = pod["spec"]["containers"]
    assert isinstance(notebook, dict)
    return notebook


def env(pod: Manifest) -> dict[str, str | None]:
    return {e["name"]: e.get("value") for e in container(pod)["env"]}


def gpu_limits(pod: Manifest) -> dict[str, Any]:
    limits = container(pod)["resources"]["limits"]
    return {k: v for k, v in limits.items() if k.startswith("nvidia.com/")}


def test_every_override_key_is_a_real_kubespawner_trait() -> None:
    traits = set(KubeSpawner.class_trait_names(config=True))
    profile_keys = {"display_name", "slug", "description", "default", "kubespawner_override"}
    for profile in profiles():
        assert set(profile["kubespawner_override"]) <= traits, profile["slug"]
        assert set(profile) <= profile_keys, profile["slug"]


def test_profiles_are_cpu_by_default_whole_gpu_and_mig() -> None:
    assert [p["slug"] for p in profiles()] == list(EXPECTED)
    assert [p["slug"] for p in profiles() if p.get("default")] == ["cpu"]
    for profile in profiles():
        override = profile["kubespawner_override"]
        # Każdy profil jawnie ustawia albo usuwa każdy zasób GPU (patrz test przełączania niżej).
        assert set(override["extra_resource_limits"]) == set(GPU_RESOURCES), profile["slug"]
        assert "NVIDIA_VISIBLE_DEVICES" in override["environment"], profile["slug"]


def test_mig_resource_names_follow_the_mixed_strategy() -> None:
    # Strategia "mixed" wystawia każdy profil MIG jako osobny zasób nvidia.com/mig-<profil>;
    # 1g.18gb i 3g.71gb to profile karty H200 (141 GB).
    for name in GPU_RESOURCES[1:]:
        assert re.fullmatch(r"nvidia\.com/mig-[1-7]g\.[0-9]+gb", name), name


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_effective_kubespawner_settings_per_profile(slug: str) -> None:
    want = EXPECTED[slug]
    spawner, pod = spawn(slug)

    # Cechy KubeSpawnera po nałożeniu profilu.
    assert spawner.image == IMAGE
    assert spawner.cmd == ["blackbelt-start"]
    assert spawner.default_url == "/lab/tree/kurs"
    assert (spawner.uid, spawner.fs_gid) == (1000, 100)
    assert spawner.allow_privilege_escalation is False
    assert (spawner.cpu_guarantee, spawner.cpu_limit) == (want.cpu_guarantee, want.cpu_limit)
    assert spawner.mem_guarantee == want.mem_guarantee_gib * GiB
    assert spawner.mem_limit == want.mem_limit_gib * GiB
    assert spawner.extra_resource_limits == ({want.gpu: "1"} if want.gpu else {})
    assert spawner.storage_pvc_ensure is True
    assert spawner.storage_capacity == "10Gi"
    assert spawner.start_timeout == 600

    # Manifest poda wysyłany do Kubernetesa.
    notebook = container(pod)
    assert notebook["image"] == IMAGE
    assert notebook["args"][0] == "blackbelt-start"  # skrypt obrazu: sync kursu, potem singleuser
    assert "command" not in notebook  # ENTRYPOINT obrazu (tini) zostaje PID 1
    resources = notebook["resources"]
    assert resources["limits"]["memory"] == want.mem_limit_gib * GiB
    assert resources["requests"]["memory"] == want.mem_guarantee_gib * GiB
    assert resources["limits"]["cpu"] == want.cpu_limit
    assert resources["requests"]["cpu"] == want.cpu_guarantee
    assert gpu_limits(pod) == ({want.gpu: "1"} if want.gpu else {})

    variables = env(pod)
    assert variables["BLACKBELT_COURSE_DIR"] == f"{HOME}/kurs"
    assert variables["BLACKBELT_COURSE_BRANCH"] == "main"
    assert variables["BLACKBELT_COURSE_REPO"]
    # CPU: karty ukryte nawet przy domyślnym runtime nvidia; GPU/MIG: urządzenia daje device plugin.
    assert variables.get("NVIDIA_VISIBLE_DEVICES") == (None if want.gpu else "void")

    assert pod["spec"]["securityContext"]["fsGroup"] == 100
    assert notebook["securityContext"] == {
        "runAsUser": 1000,
        "runAsNonRoot": True,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    # Pod ucznia nie dostaje poświadczeń API Kubernetesa (w compose: brak gniazda Dockera).
    assert pod["spec"]["automountServiceAccountToken"] is False

    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in notebook["volumeMounts"]}
    assert set(mounts) == {HOME, "/dev/shm"}
    assert volumes[mounts["/dev/shm"]]["emptyDir"] == {"medium": "Memory", "sizeLimit": "2Gi"}
    claim = volumes[mounts[HOME]]["persistentVolumeClaim"]["claimName"]
    assert claim == spawner.pvc_name and claim.startswith("claim-")


def test_no_profile_chosen_means_the_cpu_profile() -> None:
    spawner, pod = spawn(None)
    assert spawner.extra_resource_limits == {}
    assert gpu_limits(pod) == {}
    assert env(pod)["NVIDIA_VISIBLE_DEVICES"] == "void"


def test_home_pvc_is_one_per_learner_with_the_chart_storage_settings() -> None:
    spawner, _ = spawn("cpu")
    pvc = asyncio.run(as_json(spawner.get_pvc_manifest()))
    assert pvc["metadata"]["name"] == spawner.pvc_name
    assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert pvc["spec"]["resources"]["requests"] == {"storage": "10Gi"}
    assert "storageClassName" not in pvc["spec"]  # domyślna StorageClass klastra


def test_switching_profiles_on_one_spawner_leaks_no_gpu() -> None:
    """Obiekt spawnera ucznia żyje między startami, a słowniki z profili KubeSpawner scala."""

    async def run() -> list[Manifest]:
        spawner = new_spawner()
        return [await choose(spawner, s) for s in ("gpu", "mig-3g-71gb", "cpu", "mig-1g-18gb")]

    gpu, mig3, cpu, mig1 = asyncio.run(run())
    assert gpu_limits(gpu) == {"nvidia.com/gpu": "1"}
    assert gpu_limits(mig3) == {"nvidia.com/mig-3g.71gb": "1"}
    assert gpu_limits(cpu) == {} and env(cpu)["NVIDIA_VISIBLE_DEVICES"] == "void"
    assert gpu_limits(mig1) == {"nvidia.com/mig-1g.18gb": "1"}
    assert "NVIDIA_VISIBLE_DEVICES" not in env(mig1)
