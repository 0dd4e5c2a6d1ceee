# Konfiguracja jąder IPython dla wszystkich uczniów (sys.prefix/etc/ipython w obrazie ucznia).
# Limit pamięci GPU przy współdzielonej karcie: patrz gpu_memory_cap.py.
c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.InteractiveShellApp.exec_files = ["/opt/blackbelt/gpu_memory_cap.py"]
