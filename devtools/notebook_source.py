"""Czytanie notatników kursu jako JSON-a i składanie z nich kodu — bez Jupytera.

Z tego modułu korzystają oba sposoby uruchamiania notatników: zestaw testów (przez nbclient)
i ``run_plain`` (zwykły Python na maszynie z GPU, gdzie Jupyter nie jest zainstalowany).
"""

from __future__ import annotations

import ast
import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
COURSE_DIR = REPO_ROOT / "course"
SOLUTIONS_DIR = REPO_ROOT / "solutions"
EXERCISE_TAG = "exercise"
CHECK_CALL = "check_exercise"

Notebook = dict[str, Any]


@dataclass(frozen=True)
class Lesson:
    """Jeden notatnik kursu i miejsca, które go dotyczą."""

    path: Path
    solutions_dir: Path = SOLUTIONS_DIR

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def number(self) -> int:
        return int(self.stem.split("_", 1)[0])

    @property
    def module_dir(self) -> str:
        return self.path.parent.name

    @property
    def solution_path(self) -> Path:
        return self.solutions_dir / f"l{self.stem}.py"


def find_lessons(
    course_dir: Path = COURSE_DIR, solutions_dir: Path = SOLUTIONS_DIR
) -> list[Lesson]:
    """Wszystkie notatniki kursu (``course/NN-modul/NN_nazwa.ipynb``) w kolejności numerów."""
    paths = [
        p
        for p in course_dir.glob("[0-9][0-9]-*/[0-9][0-9]_*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    ]
    return sorted((Lesson(p, solutions_dir) for p in paths), key=lambda lesson: lesson.number)


def load_notebook(path: Path) -> Notebook:
    data: Notebook = json.loads(path.read_text(encoding="utf-8"))
    return data


def cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def cell_tags(cell: dict[str, Any]) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return [str(t) for t in tags]


def code_cells(nb: Notebook) -> list[dict[str, Any]]:
    return [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def markdown_cells(nb: Notebook) -> list[dict[str, Any]]:
    return [c for c in nb.get("cells", []) if c.get("cell_type") == "markdown"]


def exercise_cells(nb: Notebook) -> list[dict[str, Any]]:
    return [c for c in code_cells(nb) if EXERCISE_TAG in cell_tags(c)]


def defined_names(source: str) -> list[str]:
    """Nazwy definiowane na najwyższym poziomie komórki (funkcje, klasy, przypisania)."""
    names: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.extend(t.id for t in targets if isinstance(t, ast.Name))
    return names


def count_check_calls(nb: Notebook) -> int:
    """Ile razy kod notatnika woła ``check_exercise`` (statycznie, z drzewa składni)."""
    total = 0
    for cell in code_cells(nb):
        try:
            tree = ast.parse(cell_source(cell))
        except SyntaxError:
            continue  # lint zgłasza komórki, które nie są poprawnym Pythonem
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                total += name == CHECK_CALL
    return total


def _top_level_definitions(source: str) -> dict[str, str]:
    definitions: dict[str, str] = {}
    tree = ast.parse(source)
    for node in tree.body:
        segment = ast.get_source_segment(source, node, padded=False)
        if segment is None:
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            decorators = "".join(
                f"@{ast.get_source_segment(source, d)}\n" for d in node.decorator_list
            )
            definitions[node.name] = decorators + segment
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    definitions[target.id] = segment
    return definitions


def _imports(source: str) -> list[str]:
    tree = ast.parse(source)
    lines: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            segment = ast.get_source_segment(source, node)
            if segment:
                lines.append(segment)
    return lines


class SolutionError(ValueError):
    """Rozwiązanie wzorcowe nie pasuje do szkiców w notatniku."""


def with_solutions(nb: Notebook, solution_source: str) -> Notebook:
    """Kopia notatnika, w której każdy szkic ćwiczenia zastąpiono rozwiązaniem wzorcowym.

    Każda nazwa zdefiniowana w komórce ćwiczenia musi mieć definicję o tej samej nazwie
    w pliku rozwiązań; importy z pliku rozwiązań są dopisywane na początku komórki, a prywatne
    pomocniki (``_nazwa``) na początku pierwszej komórki ćwiczenia.
    """
    definitions = _top_level_definitions(solution_source)
    imports = _imports(solution_source)
    # Prywatne pomocniki pliku rozwiązań (nazwy z ``_``) trafiają raz, do pierwszego ćwiczenia,
    # żeby kilka rozwiązań mogło korzystać z jednej funkcji zamiast jej kopii.
    helpers = [code for name, code in definitions.items() if name.startswith("_")]
    result = copy.deepcopy(nb)
    for index, cell in enumerate(exercise_cells(result)):
        names = defined_names(cell_source(cell))
        missing = [n for n in names if n not in definitions]
        if not names or missing:
            raise SolutionError(
                f"brak rozwiązania dla {missing or 'komórki bez definicji'} "
                "(szkic ćwiczenia musi definiować funkcje/klasy obecne w pliku rozwiązań)"
            )
        shared = helpers if index == 0 else []
        body = [*shared, *(definitions[n] for n in names)]
        cell["source"] = "\n".join([*imports, "", *body]) + "\n"
    return result


def prelude(log_path: Path | None, strict: bool, allow_deprecated: bool = False) -> str:
    """Kod wstrzykiwany przed notatnikiem: polityka ostrzeżeń i tryb sprawdzania ćwiczeń.

    Ostrzeżenia ``DeprecationWarning`` i ``FutureWarning`` zgłaszane przez torch (albo
    przypisane kodowi notatnika, jak robi to torch przez ``stacklevel``) stają się błędami.
    """
    lines = [
        "import os as _bb_os",
        "import warnings as _bb_warnings",
        f"_bb_os.environ['BLACKBELT_STRICT_EXERCISES'] = {'1' if strict else '0'!r}",
    ]
    if log_path is not None:
        lines.append(f"_bb_os.environ['BLACKBELT_EXERCISE_LOG'] = {str(log_path)!r}")
    if not allow_deprecated:
        for category in ("DeprecationWarning", "FutureWarning"):
            lines.append(
                f"_bb_warnings.filterwarnings('error', category={category}, "
                "module=r'(__main__|torch|torchvision|blackbelt)(\\..*)?$')"
            )
    return "\n".join(lines) + "\n"


def allows_deprecated(nb: Notebook) -> bool:
    """Czy notatnik pokazuje przestarzałe API celowo (np. lekcja o TorchScript)."""
    return bool(nb.get("metadata", {}).get("blackbelt", {}).get("allow_deprecated", False))


def as_script(nb: Notebook, head: str = "") -> str:
    """Cały kod notatnika jako jeden skrypt Pythona (komórki oddzielone znacznikiem)."""
    parts = [head] if head else []
    parts.extend(cell_source(c) for c in code_cells(nb))
    return "\n\n# %%\n".join(parts) + "\n"
