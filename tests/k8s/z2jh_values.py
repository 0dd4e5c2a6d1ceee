"""Wartości chartu Zero to JupyterHub 4.4.0 tak, jak widzi je Helm i KubeSpawner — bez klastra.

- Schemat i domyślne wartości chartu to NIEZMIENIONE pliki z ``<repo>/../shared/z2jh-4.4.0``
  (dane dla testów, nie część projektu). Bez nich testy są pomijane z podaniem powodu,
  ale w CI (zmienna CI ustawiona) brak katalogu jest błędem.
- Scalanie jak w Helmie: słowniki rekurencyjnie, listy i skalary zastępowane, ``null`` w wartościach
  użytkownika usuwa klucz domyślny.
- Odwzorowanie ``singleuser.*`` na cechy ``KubeSpawner`` przepisuje (dla kluczy, których używamy)
  ``jupyterhub_config.py`` z obrazu huba chartu: ta sama tabela nazw, obraz ``name:tag``,
  dynamiczny PVC z ``storage.*``, ``extraVolumes``/``extraVolumeMounts``, ``cmd``, ``defaultUrl``,
  a na końcu ``hub.config`` (przekazywane wprost do traitlets).
"""

from __future__ import annotations

import copy
import functools
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from traitlets.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DIR = REPO_ROOT / "deploy" / "kubernetes"
CHART_DIR = REPO_ROOT.parent / "shared" / "z2jh-4.4.0"
BASE_VALUES = DEPLOY_DIR / "values.yaml"
GITHUB_VALUES = DEPLOY_DIR / "values-github.yaml"

Values = dict[str, Any]


def chart_file(name: str) -> Path:
    """Plik chartu z ../shared/z2jh-4.4.0; pominięcie testu poza CI, błąd w CI."""
    path = CHART_DIR / name
    if not path.is_file():
        reason = (
            f"brak {path}: schemat i wartości domyślne chartu Zero to JupyterHub 4.4.0 "
            "leżą w ../shared/z2jh-4.4.0 obok repozytorium"
        )
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason} (w CI ten katalog jest wymagany)")
        pytest.skip(reason)
    return path


@functools.cache
def _parsed(path: Path, mtime_ns: int) -> Values:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    assert isinstance(data, dict), path
    return data


def load_yaml(path: Path) -> Values:
    """Plik YAML jako słownik (świeża kopia; sparsowany raz na przebieg testów)."""
    return copy.deepcopy(_parsed(path, path.stat().st_mtime_ns))


def helm_merge(defaults: Values, overrides: Values) -> Values:
    """Scalanie wartości jak Helm: słowniki rekurencyjnie, reszta zastępowana, null usuwa klucz."""
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def user_values(*files: Path) -> Values:
    """Pliki --values w kolejności podania (bez domyślnych chartu)."""
    result: Values = {}
    for path in files:
        result = helm_merge(result, load_yaml(path))
    return result


def chart_values(*files: Path) -> Values:
    """Wartości, które dostaje chart: domyślne 4.4.0 scalone z naszymi plikami."""
    return helm_merge(load_yaml(chart_file("values.yaml")), user_values(*files))


def schema() -> Values:
    return load_yaml(chart_file("values.schema.yaml"))


def get(values: Values, dotted: str, default: Any = None) -> Any:  # noqa: ANN401 (wartości YAML)
    node: Any = values
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


# (cecha KubeSpawnera, klucz pod singleuser.) — tabela z jupyterhub_config.py chartu.
SINGLEUSER_TRAITS: tuple[tuple[str, str | None], ...] = (
    ("pod_name_template", None),
    ("start_timeout", None),
    ("image_pull_policy", "image.pullPolicy"),
    ("events_enabled", "events"),
    ("extra_labels", None),
    ("extra_annotations", None),
    ("uid", None),
    ("fs_gid", None),
    ("service_account", "serviceAccountName"),
    ("storage_extra_labels", "storage.extraLabels"),
    ("node_selector", None),
    ("node_affinity_required", "extraNodeAffinity.required"),
    ("node_affinity_preferred", "extraNodeAffinity.preferred"),
    ("pod_affinity_required", "extraPodAffinity.required"),
    ("pod_affinity_preferred", "extraPodAffinity.preferred"),
    ("pod_anti_affinity_required", "extraPodAntiAffinity.required"),
    ("pod_anti_affinity_preferred", "extraPodAntiAffinity.preferred"),
    ("lifecycle_hooks", None),
    ("init_containers", None),
    ("extra_containers", None),
    ("mem_limit", "memory.limit"),
    ("mem_guarantee", "memory.guarantee"),
    ("cpu_limit", "cpu.limit"),
    ("cpu_guarantee", "cpu.guarantee"),
    ("extra_resource_limits", "extraResource.limits"),
    ("extra_resource_guarantees", "extraResource.guarantees"),
    ("environment", "extraEnv"),
    ("profile_list", None),
    ("extra_pod_config", None),
)


def kubespawner_config(values: Values) -> Config:
    """Konfiguracja traitlets, którą hub chartu zbudowałby z tych wartości (część KubeSpawnera)."""
    c = Config()
    spawner = c.KubeSpawner
    for trait, key in SINGLEUSER_TRAITS:
        value = get(values, "singleuser." + (key or camel(trait)))
        if value is not None:
            spawner[trait] = copy.deepcopy(value)

    image = get(values, "singleuser.image.name")
    if image:
        tag = get(values, "singleuser.image.tag")
        spawner.image = f"{image}:{tag}" if tag else image
    spawner.allow_privilege_escalation = get(values, "singleuser.allowPrivilegeEscalation")

    tolerations = get(values, "scheduling.userPods.tolerations", []) + get(
        values, "singleuser.extraTolerations", []
    )
    if tolerations:
        spawner.tolerations = tolerations

    volumes: list[Values] = []
    mounts: list[Values] = []
    if get(values, "singleuser.storage.type") == "dynamic":
        pvc_template = get(values, "singleuser.storage.dynamic.pvcNameTemplate")
        if pvc_template is not None:
            spawner.pvc_name_template = pvc_template
        volume_name = get(values, "singleuser.storage.dynamic.volumeNameTemplate")
        spawner.storage_pvc_ensure = True
        for trait, key in (
            ("storage_class", "dynamic.storageClass"),
            ("storage_access_modes", "dynamic.storageAccessModes"),
            ("storage_capacity", "capacity"),
        ):
            value = get(values, "singleuser.storage." + key)
            if value is not None:
                spawner[trait] = value
        volumes.append({"name": volume_name, "persistentVolumeClaim": {"claimName": "{pvc_name}"}})
        mounts.append(
            {"mountPath": get(values, "singleuser.storage.homeMountPath"), "name": volume_name}
        )
    volumes.extend(copy.deepcopy(get(values, "singleuser.storage.extraVolumes") or []))
    mounts.extend(copy.deepcopy(get(values, "singleuser.storage.extraVolumeMounts") or []))
    spawner.volumes = volumes
    spawner.volume_mounts = mounts

    if "cmd" in (get(values, "singleuser") or {}):
        c.Spawner.cmd = get(values, "singleuser.cmd")
    default_url = get(values, "singleuser.defaultUrl")
    if default_url is not None:
        c.Spawner.default_url = default_url

    # hub.config jest wczytywane po wszystkim powyżej i ma pierwszeństwo.
    for section, settings in (get(values, "hub.config") or {}).items():
        c[section].update(copy.deepcopy(settings))
    return c
