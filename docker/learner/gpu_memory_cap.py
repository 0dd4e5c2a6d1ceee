"""Limit pamięci GPU ucznia przy współdzielonej karcie (polityka BLACKBELT_GPU_POLICY=share).

Uruchamiany przy starcie każdego jądra IPython (ipython_kernel_config.py: exec_files). Hub
ustawia BLACKBELT_GPU_MEMORY_FRACTION (ułamek pamięci karty) albo BLACKBELT_GPU_MEMORY_BYTES;
bez nich plik nic nie robi (nawet nie importuje torcha).

To MIĘKKI limit: torch.cuda.set_per_process_memory_fraction ogranicza tylko alokator PyTorcha
w tym procesie. Nie jest to izolacja sprzętowa jak MIG — inne biblioteki CUDA albo kod, który
zmieni limit, mogą zająć więcej, a moc obliczeniowa karty jest dzielona bez gwarancji.
Limit nakładamy dopiero przy pierwszym użyciu CUDA (torch.cuda._lazy_call), żeby jądra, które
nie korzystają z GPU, nie zajmowały pamięci karty. Błąd nigdy nie blokuje startu jądra.
"""


def _blackbelt_gpu_memory_cap() -> None:
    # Importy w funkcji: plik wykonuje się w przestrzeni nazw ucznia i nie może jej zaśmiecać,
    # a torch ładujemy tylko wtedy, gdy limit jest ustawiony.
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    fraction_text = os.environ.get("BLACKBELT_GPU_MEMORY_FRACTION", "").strip()
    bytes_text = os.environ.get("BLACKBELT_GPU_MEMORY_BYTES", "").strip()
    if not (fraction_text or bytes_text):
        return

    def warn(problem: str) -> None:
        print(f"blackbelt: limit pamięci GPU nie został ustawiony: {problem}", file=sys.stderr)

    try:
        import torch  # noqa: PLC0415
    except ImportError as error:
        warn(f"brak torcha ({error})")
        return

    def apply() -> None:
        try:
            if fraction_text:
                fraction = float(fraction_text)
            else:
                total = torch.cuda.get_device_properties(0).total_memory
                fraction = int(bytes_text) / total
            fraction = min(max(fraction, 0.0), 1.0)
            if fraction <= 0:
                warn(f"limit musi być większy od zera ({fraction_text or bytes_text})")
                return
            torch.cuda.set_per_process_memory_fraction(fraction, 0)
        except Exception as error:
            warn(repr(error))

    lazy_call = getattr(torch.cuda, "_lazy_call", None)
    if lazy_call is not None:
        lazy_call(apply)  # gdy CUDA już działa, wykona się od razu
    elif torch.cuda.is_available():
        apply()


_blackbelt_gpu_memory_cap()
del _blackbelt_gpu_memory_cap
