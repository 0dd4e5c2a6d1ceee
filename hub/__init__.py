"""Konfiguracja JupyterHuba klasy PyTorch Black Belt (typowany Python, wpięty w jupyterhub_config.py)."""
