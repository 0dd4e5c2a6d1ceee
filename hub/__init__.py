"""Konfiguracja JupyterHuba klasy PyTorch Black Belt.

Typowany Python wpięty w jupyterhub_config.py.
"""
