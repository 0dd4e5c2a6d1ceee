"""JupyterHub klasy PyTorch Black Belt: tylko wpina ustawienia (hub/settings.py) i moduły hub/*.

Uruchamiane przez `jupyterhub -f /srv/jupyterhub/hub/jupyterhub_config.py` w obrazie huba.
Hub dostępny z sieci bez bezpiecznej konfiguracji nie wystartuje (hub/exposure.py).
"""

import os

import docker  # type: ignore[import-untyped,unused-ignore]
from hub.admin_gpus import admin_handlers
from hub.auth import authenticator_config
from hub.exposure import require_safe_exposure
from hub.gpu_pool import GpuPool
from hub.native_compat import patch_native_login_metrics
from hub.services import roles, services
from hub.settings import Settings
from hub.spawner import BlackbeltSpawner, docker_holdings_source, docker_spawner_config, gpu_count

c = get_config()  # type: ignore[name-defined]  # noqa: F821
settings = Settings.from_env(os.environ)
require_safe_exposure(settings)
settings.data_dir.mkdir(parents=True, exist_ok=True)

# Hub: słucha w kontenerze na 8000 (compose publikuje port na BLACKBELT_BIND_ADDRESS, domyślnie
# tylko 127.0.0.1).
c.JupyterHub.bind_url = "http://0.0.0.0:8000"
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_connect_ip = os.environ.get("BLACKBELT_HUB_HOST", "hub")
if settings.cookie_secret:
    # Jawny sekret (wymagany, gdy hub jest dostępny z sieci).
    c.JupyterHub.cookie_secret = bytes.fromhex(settings.cookie_secret)
else:
    # Lokalnie sekret powstaje przy pierwszym starcie w wolumenie danych huba (nigdy w gicie).
    c.JupyterHub.cookie_secret_file = str(settings.data_dir / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{settings.data_dir / 'jupyterhub.sqlite'}"
# Restart albo aktualizacja huba nie może zatrzymać serwerów uczniów (domyślnie JupyterHub przy
# wyłączaniu zatrzymuje je wszystkie). Po starcie hub odnajduje działające kontenery w bazie
# i odtwarza do nich trasy proxy; jądra uczniów i ich praca trwają bez przerwy.
c.JupyterHub.cleanup_servers = False
c.ConfigurableHTTPProxy.pid_file = str(settings.data_dir / "proxy.pid")

# Kontenery uczniów.
c.JupyterHub.spawner_class = "hub.spawner.BlackbeltSpawner"
if settings.gpu_pool:
    # Każdy serwer dostaje własną kartę z puli; statycznie: tryb CPU (bez przydziału nie ma GPU).
    gpus = 0
    BlackbeltSpawner.gpu_pool = GpuPool.from_settings(
        settings,
        docker_holdings_source(
            lambda: docker.from_env().api,  # type: ignore[attr-defined,unused-ignore]
            settings.gpu_share_memory,
        ),
    )
    c.JupyterHub.extra_handlers = admin_handlers()
    print(f"blackbelt: pula GPU {', '.join(settings.gpu_pool)}; gdy zajęte: {settings.gpu_policy}")
else:
    BlackbeltSpawner.gpu_pool = None
    docker_info = docker.from_env().info() if settings.gpus == "auto" else {}  # type: ignore[attr-defined,unused-ignore]
    gpus = gpu_count(settings, docker_info)
    print(f"blackbelt: GPU dla uczniów: {'wszystkie' if gpus < 0 else gpus or 'brak (tryb CPU)'}")
for trait, value in docker_spawner_config(settings, gpus).items():
    setattr(c.DockerSpawner, trait, value)

# Logowanie (native / github / gitlab / dummy) i administratorzy.
if settings.authenticator == "native":
    patch_native_login_metrics()  # bez tego logowanie formularzem kończy się błędem 500
for section, traits in authenticator_config(settings).items():
    for trait, value in traits.items():
        setattr(c[section], trait, value)

# Usługi huba (idle culler, token automatyzacji) z rolami o najmniejszych uprawnieniach.
c.JupyterHub.services = services(settings)
c.JupyterHub.load_roles = roles(settings)
