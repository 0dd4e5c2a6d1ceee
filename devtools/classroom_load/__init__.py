"""Pomiar obciążenia i awarii klasy: wielu uczniów naraz, restart huba, zabity kontener ucznia.

Skrypt stawia własny stos klasy (`docker compose -p bbload`, własny port, sieć `bbload-net`,
tryb CPU, małe limity na ucznia, obrazy budowane na lokalnej bazie jak w testach e2e) albo
podłącza się do działającego huba (`--url` i `--token` = BLACKBELT_API_TOKEN). Potem:

1. zakłada N uczniów i uruchamia ich serwery NARAZ (wątki); dla każdego mierzy czas od żądania
   startu do działającego serwera: gotowy JupyterLab ORAZ jądro, które liczy
   `import torch; torch.ones(2).sum().item()` z wynikiem 2.0 (p50/p95/max; każdy musi się udać);
2. restartuje kontener huba (`docker compose restart hub`) przy działających serwerach:
   serwer każdego ucznia ma przetrwać (ten sam kontener), jego jądro ma pamiętać zmienną ustawioną
   przed restartem, a jego API ma znów odpowiadać przez proxy; mierzy przerwę huba i czas do
   działania wszystkich tras uczniów;
3. zabija (`docker kill`) kontener jednego ucznia po zapisaniu pliku w jego katalogu domowym:
   mierzy, po jakim czasie hub zgłasza serwer jako zatrzymany, uruchamia ucznia ponownie
   (mierzy ten start) i sprawdza, że plik jest nietknięty.

Wynik: reports/load.md (po polsku: liczby i fakty o maszynie) i reports/load.json. Stos (kontenery,
wolumeny projektu i uczniów) jest sprzątany także po porażce, chyba że podano --keep.
Kod wyjścia 0 tylko wtedy, gdy wszystkie gwarancje się potwierdziły.

    uv run python -m devtools.classroom_load --learners 10
    uv run python -m devtools.classroom_load --url http://127.0.0.1:8000 --token "$TOKEN" \\
        --project blackbelt --learners 3
"""
