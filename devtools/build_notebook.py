"""Buduje notatnik ``.ipynb`` z pliku w formacie „percent” (``# %%``) — wygodne pisanie lekcji.

    uv run python -m devtools.build_notebook szkic.py course/01-tensor-mechanics/01_x.ipynb

Źródłem prawdy w repozytorium jest ``.ipynb``; plik ``.py`` to tylko wygodny szkic autora.
Polecenie odwrotne (``--to-py``) pozwala wrócić do edycji w edytorze tekstu. Wynik nie ma
wyjść ani liczników wykonania, ma jądro ``python3`` i metadane kursu.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import jupytext  # zależność tylko dla autorów (grupa "test")

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _clean(nb: dict[str, Any], allow_deprecated: bool) -> dict[str, Any]:
    nb["metadata"] = {
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
        "blackbelt": {"allow_deprecated": allow_deprecated},
    }
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("lines_to_next_cell", None)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def to_notebook(source: Path, target: Path, allow_deprecated: bool = False) -> None:
    notebook = jupytext.read(source, fmt="py:percent")
    data = json.loads(jupytext.writes(notebook, fmt="ipynb"))
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_clean(data, allow_deprecated), ensure_ascii=False, indent=1)
    target.write_text(text + "\n", encoding="utf-8")


def to_percent(source: Path, target: Path) -> None:
    jupytext.write(jupytext.read(source), target, fmt="py:percent")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--to-py", action="store_true", help="ipynb → plik percent")
    parser.add_argument("--allow-deprecated", action="store_true", help="tylko lekcja 37")
    args = parser.parse_args(argv)
    if args.to_py:
        to_percent(args.source, args.target)
    else:
        to_notebook(args.source, args.target, args.allow_deprecated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
