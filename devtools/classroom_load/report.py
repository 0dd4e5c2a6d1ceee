"""Raport pomiaru: Markdown po polsku (liczby, werdykty, maszyna) i JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from devtools.classroom_load.machine import MachineFacts
from devtools.classroom_load.results import ContainerKillResult, HubRestartResult, LoadReport


def report_json(report: LoadReport) -> dict[str, Any]:
    data = asdict(report)
    data["ok"] = report.ok
    data["start_summary"] = asdict(report.start_summary)
    data["lab_summary"] = asdict(report.lab_summary)
    return data


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def _gib(value: int) -> str:
    return f"{value / 1024**3:.1f} GiB"


def _verdict(ok: bool) -> str:
    return "TAK" if ok else "NIE"


def _facts_line(label: str, facts: MachineFacts) -> str:
    one, five, fifteen = facts.load_average
    if facts.other_containers is None:
        others = "nieznane (`docker ps` się nie udał)"
    else:
        others = ", ".join(facts.other_containers) or "brak"
    return (
        f"- {label} ({facts.when_utc}): load average {one:.2f} / {five:.2f} / {fifteen:.2f}, "
        f"wolna pamięć {_gib(facts.memory_available_bytes)} z "
        f"{_gib(facts.memory_total_bytes)}, inne kontenery: {others}"
    )


def render_markdown(report: LoadReport) -> str:
    """Raport po polsku: liczby, werdykty gwarancji i fakty o maszynie."""
    lines = [
        "# Klasa pod obciążeniem i przy awariach — pomiar",
        "",
        f"Wynik ogólny: **{'wszystkie gwarancje potwierdzone' if report.ok else 'PORAŻKA'}**.",
        "",
    ]
    if report.hub_options:
        options = " ".join(f"`--{option}`" for option in report.hub_options)
        lines += [
            f"**Eksperyment:** hub uruchomiony z dodatkowymi opcjami {options} — to NIE jest "
            "domyślna konfiguracja klasy (hub/jupyterhub_config.py).",
            "",
        ]
    if report.aborted:
        lines += [f"Pomiar przerwany: {report.aborted}", ""]
    lines += _render_starts(report)
    lines += _render_hub_restart(report.hub_restart)
    lines += _render_container_kill(report.container_kill)
    lines += _render_machine(report)
    return "\n".join(lines) + "\n"


def _render_starts(report: LoadReport) -> list[str]:
    work, lab = report.start_summary, report.lab_summary
    lines = [
        f"## {report.learners} uczniów startuje naraz",
        "",
        "Czas od żądania startu serwera do działającego serwera (gotowy JupyterLab i jądro, które "
        f"policzyło `torch.ones(2).sum().item()` = 2.0); udane: {work.count} z {report.learners}.",
        "",
        "| miara | p50 | p95 | max | min |",
        "|---|---|---|---|---|",
        f"| działający serwer (JupyterLab + jądro z torch) | {_seconds(work.p50)} | "
        f"{_seconds(work.p95)} | {_seconds(work.max)} | {_seconds(work.min)} |",
        f"| sam gotowy JupyterLab | {_seconds(lab.p50)} | {_seconds(lab.p95)} | "
        f"{_seconds(lab.max)} | {_seconds(lab.min)} |",
        "",
    ]
    failed = [s for s in report.starts if not s.ok]
    if failed:
        lines += ["Porażki startu:", ""]
        lines += [f"- {s.learner}: {s.error}" for s in failed]
        lines.append("")
    busy = report.during_starts
    if busy:
        lines += [
            f"W trakcie startów: najwyższy load average (1 min) {busy.peak_load_1min:.2f}; "
            f"healthcheck huba „unhealthy” w {busy.hub_unhealthy_samples} z {busy.samples} "
            "próbek (co 2 s).",
            "",
        ]
    if report.learner_memory_bytes:
        used = report.learner_memory_bytes.values()
        lines += [
            "Pamięć kontenerów uczniów (JupyterLab + otwarte jądro z zaimportowanym torch): "
            f"razem {_gib(sum(used))}, najwięcej {max(used) / 1024**2:.0f} MiB na ucznia.",
            "",
        ]
    return lines


def _render_hub_restart(result: HubRestartResult | None) -> list[str]:
    lines = ["## Restart huba przy działających serwerach (`docker compose restart hub`)", ""]
    if result is None:
        return [*lines, "Nie wykonano (wcześniejszy etap się nie udał).", ""]
    survived = sum(c.same_container for c in result.learners)
    kept = sum(c.kernel_kept_variable for c in result.learners)
    back = sum(c.route_back_s is not None for c in result.learners)
    total = len(result.learners)
    lines += [
        f"- Gwarancja (uczniowie zachowują serwery i pracę): **{_verdict(result.ok)}**",
        f"- Polecenie restartu trwało: {_seconds(result.restart_command_s)}",
        f"- Przerwa huba (od restartu do odpowiedzi API): {_seconds(result.hub_downtime_s)}",
        "- Do działania tras wszystkich uczniów przez proxy (od restartu): "
        f"{_seconds(result.all_routes_back_s)}",
        f"- Ten sam kontener po restarcie: {survived} z {total}",
        f"- Jądro pamięta zmienną sprzed restartu: {kept} z {total}",
        f"- API serwera ucznia znów odpowiada przez proxy: {back} z {total}",
    ]
    if result.error:
        lines.append(f"- Błąd: {result.error}")
    lines += [f"- {c.learner}: {c.error}" for c in result.learners if c.error]
    if result.hub_log:
        lines += ["", "Wiersze logu huba o zamykaniu i serwerach uczniów:", "", "```"]
        lines += result.hub_log
        lines.append("```")
    return [*lines, ""]


def _render_container_kill(result: ContainerKillResult | None) -> list[str]:
    lines = ["## Zabity kontener ucznia w trakcie pracy (`docker kill`)", ""]
    if result is None:
        return [*lines, "Nie wykonano (wcześniejszy etap się nie udał).", ""]
    lines += [
        f"- Gwarancja (katalog domowy nietknięty przy następnym starcie): "
        f"**{_verdict(result.ok)}**",
        f"- Uczeń: {result.learner}",
        f"- Hub zgłasza serwer jako zatrzymany po: {_seconds(result.hub_noticed_s)}",
        f"- Ponowny start do działającego serwera: {_seconds(result.restart_s)}",
        f"- Plik zapisany przed awarią nietknięty: {_verdict(result.file_intact)}",
    ]
    if result.error:
        lines.append(f"- Błąd: {result.error}")
    return [*lines, ""]


def _render_machine(report: LoadReport) -> list[str]:
    facts = report.facts_before
    image = report.learner_image
    if report.learner_image_bytes:
        image += f" ({report.learner_image_bytes / 1e9:.2f} GB)"
    lines = [
        "## Maszyna i warunki",
        "",
        f"- Rdzenie CPU: {facts.cores}; pamięć: {_gib(facts.memory_total_bytes)}; bez GPU "
        "(kontenery uczniów w trybie CPU, BLACKBELT_GPUS=none)",
        f"- Stos: {report.mode}; limity ucznia: {report.mem_limit} pamięci, "
        f"{report.cpu_limit:g} CPU",
        f"- Obraz ucznia: {image}",
    ]
    if report.build_s is not None:
        lines.append(f"- Budowa obrazów (`docker compose build`, z cache): {report.build_s:.1f} s")
    if report.stack_up_s is not None:
        lines.append(
            f"- Stos gotowy (compose up do odpowiedzi API huba): {report.stack_up_s:.1f} s"
        )
    lines.append(_facts_line("Przed pomiarem", facts))
    if report.facts_after_starts:
        lines.append(
            _facts_line(f"Po starcie {report.learners} uczniów", report.facts_after_starts)
        )
    if report.facts_after:
        lines.append(_facts_line("Na koniec", report.facts_after))
    measured = [f for f in (facts, report.facts_after_starts, report.facts_after) if f]
    peak = max(f.load_average[0] for f in measured)
    if report.during_starts:
        peak = max(peak, report.during_starts.peak_load_1min)
    others = sorted({name for f in measured for name in f.other_containers or []})
    lines += [
        "",
        f"Najwyższy zmierzony load average (1 min): {peak:.2f} przy {facts.cores} rdzeniach. "
        + (
            f"Maszyna nie była wyłączna dla pomiaru: działały też inne kontenery ({len(others)}: "
            f"{', '.join(others)}) i ewentualnie notatniki autorów lekcji. "
            if others
            else "W chwilach pomiaru nie działały inne kontenery. "
        )
        + "Czasy to jeden przebieg, nie średnia wielu.",
    ]
    return lines


def write_report(report: LoadReport, report_dir: Path) -> tuple[Path, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    markdown = report_dir / "load.md"
    data = report_dir / "load.json"
    markdown.write_text(render_markdown(report), encoding="utf-8")
    data.write_text(json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n")
    return markdown, data
