"""JupyterHub klasy PyTorch Black Belt: tylko wpina ustawienia (hub/settings.py) i moduły hub/*.

Uruchamiane przez `jupyterhub -f /srv/jupyterhub/hub/jupyterhub_config.py` w obrazie huba.
"""

import os
from pathlib import Path

import nativeauthenticator  # type: ignore[import-untyped]

import docker  # type: ignore[import-untyped,unused-ignore]
from hub.services import roles, services
from hub.settings import Settings
from hub.spawner import docker_spawner_config, gpu_count

c = get_config()  # type: ignore[name-defined]  # noqa: F821
settings = Settings.from_env(os.environ)
settings.data_dir.mkdir(parents=True, exist_ok=True)

# Hub: słucha w kontenerze na 8000 (compose publikuje port tylko na 127.0.0.1, chyba że zmienisz).
c.JupyterHub.bind_url = "http://0.0.0.0:8000"
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_connect_ip = os.environ.get("BLACKBELT_HUB_HOST", "hub")
# Sekrety powstają przy pierwszym starcie w wolumenie danych huba (nigdy w gicie).
c.JupyterHub.cookie_secret_file = str(settings.data_dir / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{settings.data_dir / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(settings.data_dir / "proxy.pid")

# Kontenery uczniów.
c.JupyterHub.spawner_class = "dockerspawner.DockerSpawner"
docker_info = docker.from_env().info() if settings.gpus == "auto" else {}  # type: ignore[attr-defined,unused-ignore]
gpus = gpu_count(settings, docker_info)
for trait, value in docker_spawner_config(settings, gpus).items():
    setattr(c.DockerSpawner, trait, value)
print(f"blackbelt: GPU dla uczniów: {'wszystkie' if gpus < 0 else gpus or 'brak (tryb CPU)'}")

c.Authenticator.admin_users = set(settings.admin_users)
if settings.authenticator == "github":
    # Logowanie kontem GitHub (OAUTH_CLIENT_ID/OAUTH_CLIENT_SECRET czyta OAuthenticator).
    c.JupyterHub.authenticator_class = "github"
    c.GitHubOAuthenticator.oauth_callback_url = f"{settings.public_url}/hub/oauth_callback"
    c.GitHubOAuthenticator.allowed_users = set(settings.allowed_users)
    c.GitHubOAuthenticator.allowed_organizations = set(settings.github_orgs)
else:
    # Konta zakłada się na stronie /hub/signup, administrator je zatwierdza.
    c.JupyterHub.authenticator_class = "native"
    c.NativeAuthenticator.open_signup = False
    c.Authenticator.allow_all = True  # wpuszcza tylko konta zatwierdzone przez administratora
    c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]

# Usługi huba (idle culler, token automatyzacji) z rolami o najmniejszych uprawnieniach.
c.JupyterHub.services = services(settings)
c.JupyterHub.load_roles = roles(settings)
