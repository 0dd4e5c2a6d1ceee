"""Wiersz poleceń pomiaru: argumenty (sprawdzone, z komunikatem, co poprawić) i main."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from pathlib import Path

from devtools.classroom_load.config import (
    DEFAULT_PROJECT,
    DEFAULT_REPORT_DIR,
    MAX_LEARNERS,
    LoadOptions,
)
from devtools.classroom_load.report import render_markdown, write_report
from devtools.classroom_load.runner import run
from hub.settings import MIN_TOKEN_LENGTH

_MEMORY = re.compile(r"^[1-9][0-9]*[KMGT]?$", re.IGNORECASE)
_PROJECT = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HUB_OPTION = re.compile(r"^[A-Z][A-Za-z]*\.[a-z_]+=\S+$")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.classroom_load",
        description=(
            "Pomiar obciążenia i awarii klasy: N uczniów startuje naraz, restart huba, "
            "zabity kontener ucznia. Raport: reports/load.md i reports/load.json."
        ),
    )
    parser.add_argument("--learners", type=int, default=10, help="liczba uczniów (domyślnie 10)")
    parser.add_argument("--url", help="adres działającego huba, np. http://127.0.0.1:8000")
    parser.add_argument("--token", help="BLACKBELT_API_TOKEN działającego huba (z --url)")
    parser.add_argument(
        "--project",
        default=DEFAULT_PROJECT,
        help="nazwa projektu compose i prefiks kontenerów uczniów (domyślnie bbload)",
    )
    parser.add_argument("--port", type=int, help="port huba własnego stosu (domyślnie wolny)")
    parser.add_argument("--mem-limit", default="1536M", help="pamięć na ucznia (domyślnie 1536M)")
    parser.add_argument("--cpu-limit", type=float, default=1.0, help="rdzenie na ucznia (1.0)")
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=900.0,
        help="ile sekund czekać na działający serwer ucznia (domyślnie 900)",
    )
    parser.add_argument(
        "--notice-timeout",
        type=float,
        default=180.0,
        help="ile sekund czekać, aż hub zauważy zabity kontener (domyślnie 180)",
    )
    parser.add_argument(
        "--no-build", action="store_true", help="nie budować obrazów (użyć zbudowanych)"
    )
    parser.add_argument("--keep", action="store_true", help="nie sprzątać stosu po pomiarze")
    parser.add_argument(
        "--hub-option",
        action="append",
        default=[],
        metavar="KLASA.CECHA=WARTOŚĆ",
        help=(
            "eksperyment: dodatkowa opcja wiersza poleceń huba, np. "
            "JupyterHub.cleanup_servers=False (sprawdzenie poprawki konfiguracji przed zmianą "
            "hub/jupyterhub_config.py; tylko własny stos; raport to wyraźnie zaznacza)"
        ),
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=DEFAULT_REPORT_DIR,
        help="katalog raportu (domyślnie reports/)",
    )
    return parser


def parse_args(argv: Sequence[str] | None = None) -> LoadOptions:
    """Czyta i sprawdza argumenty; zła wartość kończy program komunikatem, co poprawić."""
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = _argument_problem(args)
    if problem:
        parser.error(problem)
    return LoadOptions(
        learners=args.learners,
        url=args.url.rstrip("/") if args.url else None,
        token=args.token,
        project=args.project,
        port=args.port,
        mem_limit=args.mem_limit.upper(),
        cpu_limit=args.cpu_limit,
        start_timeout_s=args.start_timeout,
        notice_timeout_s=args.notice_timeout,
        build=not args.no_build,
        keep=args.keep,
        report_dir=args.report_dir,
        hub_options=tuple(args.hub_option),
    )


def _argument_problem(args: argparse.Namespace) -> str | None:
    problems = [
        (
            not 1 <= args.learners <= MAX_LEARNERS,
            f"--learners={args.learners}: podaj liczbę uczniów od 1 do {MAX_LEARNERS}.",
        ),
        (
            (args.url is None) != (args.token is None),
            "--url i --token podaje się razem (adres huba i jego BLACKBELT_API_TOKEN).",
        ),
        (
            args.url is not None and not str(args.url).startswith(("http://", "https://")),
            f"--url={args.url}: oczekiwano adresu http:// albo https://.",
        ),
        (
            args.token is not None and len(args.token) < MIN_TOKEN_LENGTH,
            f"--token: za krótki (co najmniej {MIN_TOKEN_LENGTH} znaków, "
            "tak jak BLACKBELT_API_TOKEN).",
        ),
        (
            args.url is not None and args.port is not None,
            "--port dotyczy tylko własnego stosu; z --url port jest już w adresie.",
        ),
        (
            args.port is not None and not 1024 <= args.port <= 65535,
            f"--port={args.port}: oczekiwano portu od 1024 do 65535.",
        ),
        (
            not _PROJECT.fullmatch(args.project),
            f"--project={args.project}: nazwa z małych liter, cyfr, '_' lub '-'.",
        ),
        (
            not _MEMORY.fullmatch(args.mem_limit),
            f"--mem-limit={args.mem_limit}: oczekiwano rozmiaru pamięci, np. 1G albo 1536M.",
        ),
        (
            not (math.isfinite(args.cpu_limit) and args.cpu_limit > 0),
            f"--cpu-limit={args.cpu_limit}: oczekiwano liczby rdzeni większej od zera.",
        ),
        (
            not (math.isfinite(args.start_timeout) and args.start_timeout > 0),
            f"--start-timeout={args.start_timeout}: oczekiwano liczby sekund większej od zera.",
        ),
        (
            not (math.isfinite(args.notice_timeout) and args.notice_timeout > 0),
            f"--notice-timeout={args.notice_timeout}: oczekiwano liczby sekund większej od zera.",
        ),
        (
            args.url is not None and bool(args.hub_option),
            "--hub-option działa tylko na własnym stosie (bez --url): podłączonego huba "
            "skrypt nie uruchamia.",
        ),
        *(
            (
                not _HUB_OPTION.fullmatch(option),
                f"--hub-option={option}: oczekiwano KLASA.CECHA=WARTOŚĆ, "
                "np. JupyterHub.cleanup_servers=False.",
            )
            for option in args.hub_option
        ),
    ]
    return next((message for broken, message in problems if broken), None)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    report = run(options)
    markdown, data = write_report(report, options.report_dir)
    print(render_markdown(report))
    print(f"raport: {markdown} i {data}")
    return 0 if report.ok else 1
