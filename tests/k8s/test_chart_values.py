"""deploy/kubernetes: wartości chartu Zero to JupyterHub 4.4.0 wobec PRAWDZIWEGO schematu chartu.

Schemat i wartości domyślne to niezmienione pliki z ../shared/z2jh-4.4.0 (patrz z2jh_values.py).
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from pathlib import Path

import jsonschema
import pytest
import z2jh_values
from traitlets.config import Config
from z2jh_values import (
    BASE_VALUES,
    GITHUB_VALUES,
    REPO_ROOT,
    SINGLEUSER_TRAITS,
    Values,
    camel,
    chart_values,
    get,
    helm_merge,
    load_yaml,
    schema,
    user_values,
)

from hub.services import services
from hub.settings import Settings
from hub.spawner import learner_environment

VALUE_SETS = {"native": (BASE_VALUES,), "github": (BASE_VALUES, GITHUB_VALUES)}
# Miejsca, w których schemat chartu celowo przepuszcza dowolne klucze (konfiguracja traitlets,
# kod Pythona huba, zmienne środowiskowe, profile i wolumeny w formacie Kubernetesa).
PASSTHROUGH = {
    "hub.config.JupyterHub",
    "hub.config.Authenticator",
    "hub.config.NativeAuthenticator",
    "hub.config.GitHubOAuthenticator",
    "hub.config.KubeSpawner",
    "hub.extraConfig",
    "hub.extraEnv",
    "singleuser.extraEnv",
    "singleuser.profileList",
    "singleuser.storage.extraVolumes",
    "singleuser.storage.extraVolumeMounts",
}


def errors(values: Values) -> list[str]:
    validator = jsonschema.Draft7Validator(schema())
    return [
        f"{'.'.join(map(str, e.absolute_path)) or '<korzeń>'}: {e.message}"
        for e in validator.iter_errors(values)
    ]


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_values_merged_with_chart_defaults_pass_the_real_schema(name: str) -> None:
    schema_doc = schema()
    assert schema_doc["$schema"].startswith("http://json-schema.org/draft-07")
    assert errors(chart_values(*VALUE_SETS[name])) == []


def _walk(node: object, schema_node: Values, path: str, passthrough: set[str]) -> list[str]:
    """Klucze naszych wartości, których schemat nie zna (pusta lista = wszystkie istnieją)."""
    if not isinstance(node, dict):
        return []
    unknown: list[str] = []
    for key, value in node.items():
        here = f"{path}.{key}" if path else key
        props = schema_node.get("properties", {})
        patterns = schema_node.get("patternProperties", {})
        if key in props:
            child = props[key]
        elif any(re.search(p, key) for p in patterns):
            child = next(s for p, s in patterns.items() if re.search(p, key))
        elif schema_node.get("additionalProperties", True) is not False:
            passthrough.add(path)
            continue
        else:
            unknown.append(here)
            continue
        if child.get("additionalProperties") is True and not child.get("properties"):
            passthrough.add(here)
            continue
        unknown += _walk(value, child, here, passthrough)
    return unknown


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_every_key_we_set_exists_in_the_schema(name: str) -> None:
    passthrough: set[str] = set()
    assert _walk(user_values(*VALUE_SETS[name]), schema(), "", passthrough) == []
    # Poza przewidzianymi miejscami każdy klucz jest sprawdzany przez schemat.
    assert passthrough <= PASSTHROUGH, passthrough - PASSTHROUGH


@pytest.mark.parametrize(
    ("path", "typo"),
    [
        ("singleuser.memory", "limt"),
        ("singleuser.storage", "homeMountpath"),
        ("prePuller.hook", "enable"),
        ("cull", "timout"),
        ("singleuser", "fsGID"),
    ],
)
def test_a_typo_in_a_key_fails_the_schema(path: str, typo: str) -> None:
    values = chart_values(BASE_VALUES)
    get(values, path)[typo] = 1
    found = errors(values)
    assert found, f"literówka {path}.{typo} przeszła walidację"
    assert any(typo in message for message in found), found
    mine = user_values(BASE_VALUES)
    node = mine
    for part in path.split("."):
        node = node.setdefault(part, {})
    node[typo] = 1
    assert _walk(mine, schema(), "", set()) == [f"{path}.{typo}"]


def test_a_wrong_type_fails_the_schema() -> None:
    values = chart_values(BASE_VALUES)
    values["singleuser"]["uid"] = "1000"
    assert any("singleuser.uid" in e for e in errors(values))


def test_no_secret_values_in_git() -> None:
    secret_key = re.compile(r"secret|password|token|client_id|apiToken|cookie", re.IGNORECASE)
    for name, files in VALUE_SETS.items():
        values = user_values(*files)
        found: list[str] = []

        def visit(node: object, path: str, found: list[str] = found) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if secret_key.search(str(key)) and isinstance(value, str | int):
                        found.append(f"{path}.{key}")
                    if key != "valueFrom":
                        visit(value, f"{path}.{key}")
            elif isinstance(node, list):
                for index, item in enumerate(node):
                    visit(item, f"{path}[{index}]")

        visit(values, "")
        assert found == [], (name, found)
        # Sekrety chartu (klucz ciasteczek, token proxy) generuje sam chart.
        assert get(values, "hub.cookieSecret") is None
        assert get(values, "proxy.secretToken") is None


def test_native_authentication_matches_compose() -> None:
    values = chart_values(BASE_VALUES)
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "native"
    assert config["NativeAuthenticator"]["open_signup"] is False
    assert config["Authenticator"]["allow_all"] is True  # tylko konta zatwierdzone przez admina
    assert config["Authenticator"]["admin_users"]
    assert all(
        re.fullmatch(r"[a-z0-9][a-z0-9._-]*", u) for u in config["Authenticator"]["admin_users"]
    )
    snippet = "\n".join(values["hub"]["extraConfig"].values())
    compile(snippet, "extraConfig", "exec")
    assert "nativeauthenticator" in snippet


def test_github_overlay_admits_only_the_organization() -> None:
    values = chart_values(BASE_VALUES, GITHUB_VALUES)
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "github"
    # allow_all z values.yaml musi zostać wyłączone: inaczej wszedłby każdy użytkownik GitHuba.
    assert config["Authenticator"]["allow_all"] is False
    github = config["GitHubOAuthenticator"]
    assert github["allowed_organizations"]
    assert "read:org" in github["scope"]
    assert re.fullmatch(r"https://[^/]+/hub/oauth_callback", github["oauth_callback_url"])
    assert "client_secret" not in github and "client_id" not in github
    env = values["hub"]["extraEnv"]
    for name in ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"):
        assert set(env[name]) == {"valueFrom"}
        assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "blackbelt-github-oauth"
    # Administratorzy z values.yaml zostają.
    assert config["Authenticator"]["admin_users"]


def test_the_extra_config_snippet_sets_native_templates_only_for_native(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = types.ModuleType("nativeauthenticator")
    fake.__file__ = "/opt/hub/site-packages/nativeauthenticator/__init__.py"
    monkeypatch.setitem(sys.modules, "nativeauthenticator", fake)
    snippet = "\n".join(chart_values(BASE_VALUES)["hub"]["extraConfig"].values())
    for authenticator in ("native", "github"):
        c = Config()
        c.JupyterHub.authenticator_class = authenticator
        exec(snippet, {"c": c})
        expected = (
            ["/opt/hub/site-packages/nativeauthenticator/templates"]
            if authenticator == "native"
            else None
        )
        assert c.JupyterHub.get("template_paths") == expected, authenticator


def test_idle_culler_matches_compose_defaults() -> None:
    cull = chart_values(BASE_VALUES)["cull"]
    compose_culler = services(Settings())[0]["command"]
    assert cull["enabled"] is True
    assert f"--timeout={cull['timeout']}" in compose_culler
    assert f"--cull-every={cull['every']}" in compose_culler
    assert cull["users"] is False  # zatrzymuje serwery, nie usuwa kont


def test_image_is_prepulled_with_an_immutable_tag() -> None:
    values = chart_values(BASE_VALUES)
    image = values["singleuser"]["image"]
    assert image["name"].endswith("blackbelt/learner")
    assert image["tag"] and image["tag"] != "latest"
    assert image["pullPolicy"] == "IfNotPresent"
    pre = values["prePuller"]
    assert pre["hook"]["enabled"] and pre["continuous"]["enabled"]
    assert pre["pullProfileListImages"]


def test_learner_image_start_script_and_environment_are_the_compose_ones() -> None:
    values = chart_values(BASE_VALUES)
    assert values["singleuser"]["cmd"] == "blackbelt-start"
    dockerfile = (REPO_ROOT / "docker/learner/Dockerfile").read_text()
    assert "blackbelt-start" in dockerfile and "blackbelt-sync" in dockerfile
    start = (REPO_ROOT / "docker/learner/blackbelt-start").read_text()
    assert "blackbelt-sync ||" in start and 'exec jupyterhub-singleuser "$@"' in start
    env = values["singleuser"]["extraEnv"]
    compose_env = learner_environment(Settings(), gpus=-1)
    assert set(compose_env) <= set(env)
    assert env["BLACKBELT_COURSE_DIR"] == compose_env["BLACKBELT_COURSE_DIR"]
    assert re.match(r"(https|git|ssh)://", env["BLACKBELT_COURSE_REPO"])


def test_values_files_are_plain_yaml_mappings() -> None:
    for path in (BASE_VALUES, GITHUB_VALUES):
        assert isinstance(load_yaml(path), dict)


def test_missing_chart_folder_skips_locally_but_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(z2jh_values, "CHART_DIR", tmp_path / "z2jh-4.4.0")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"shared/z2jh-4\.4\.0"):
        z2jh_values.chart_file("values.schema.yaml")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="w CI ten katalog jest wymagany"):
        z2jh_values.chart_file("values.schema.yaml")


def test_chart_folder_is_found_beside_the_repository() -> None:
    assert REPO_ROOT.parent / "shared" / "z2jh-4.4.0" == z2jh_values.CHART_DIR


def test_helm_merge_semantics() -> None:
    defaults: Values = {"a": {"x": 1, "y": [1, 2]}, "b": 2, "c": {"k": "v"}}
    merged = helm_merge(defaults, {"a": {"y": [3]}, "b": None, "c": {"z": 0}})
    assert merged == {"a": {"x": 1, "y": [3]}, "c": {"k": "v", "z": 0}}
    assert defaults["a"]["y"] == [1, 2]  # bez skutków ubocznych


def test_every_singleuser_key_we_set_is_mapped_to_kubespawner() -> None:
    # Klucze singleuser.* odwzorowywane przez z2jh_values.kubespawner_config (tak jak w chartcie);
    # nowy klucz w values.yaml wymaga dopisania odwzorowania, inaczej testy profili go nie widzą.
    mapped = {"image", "cmd", "defaultUrl", "allowPrivilegeEscalation", "storage"} | {
        (key or camel(trait)).split(".")[0] for trait, key in SINGLEUSER_TRAITS
    }
    assert set(user_values(BASE_VALUES)["singleuser"]) <= mapped


# Sekcje hub.config schemat przepuszcza bez sprawdzania: klucze sprawdzamy na prawdziwych klasach.
CONFIG_CLASSES = {
    "JupyterHub": "jupyterhub.app:JupyterHub",
    "Authenticator": "jupyterhub.auth:Authenticator",
    "NativeAuthenticator": "nativeauthenticator:NativeAuthenticator",
    "GitHubOAuthenticator": "oauthenticator.github:GitHubOAuthenticator",
    "KubeSpawner": "kubespawner:KubeSpawner",
}


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_every_hub_config_key_is_a_real_trait(name: str) -> None:
    config = user_values(*VALUE_SETS[name])["hub"]["config"]
    for section, keys in config.items():
        module, _, cls = CONFIG_CLASSES[section].partition(":")
        configurable = getattr(importlib.import_module(module), cls)
        assert set(keys) <= set(configurable.class_trait_names(config=True)), section
