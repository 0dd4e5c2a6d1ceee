"""devtools.classroom_load: czyste części pomiaru obciążenia klasy (bez Dockera).

Statystyka (percentyle), odczyt rozmiarów z `docker stats`, walidacja argumentów, środowisko
własnego stosu (musi je przyjąć hub/settings.py), werdykty i raport (Markdown + JSON) oraz
równoczesny start uczniów na atrapach klientów.
"""

from __future__ import annotations

import json
import math
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from devtools.classroom_load.cli import parse_args
from devtools.classroom_load.config import COMPOSE_FILE, TORCH_EXPECTED, LoadOptions
from devtools.classroom_load.faults import relevant_hub_lines
from devtools.classroom_load.machine import BusyFigures, MachineFacts, Sampler
from devtools.classroom_load.report import render_markdown, report_json, write_report
from devtools.classroom_load.results import (
    ContainerKillResult,
    HubRestartResult,
    LoadReport,
    StartResult,
    SurvivorCheck,
)
from devtools.classroom_load.stack import hub_override, own_stack_env
from devtools.classroom_load.starts import start_all_at_once
from devtools.classroom_load.stats import Summary, parse_size, percentile
from devtools.hubclient import ClassroomError, Hub, Learner
from hub.settings import Settings

TOKEN = "a" * 64


def assert_fragments(text: str, *fragments: str) -> None:
    """Każdy fragment jest w raporcie; porażka wymienia wszystkie brakujące naraz."""
    missing = [fragment for fragment in fragments if fragment not in text]
    assert not missing, f"brak w raporcie: {missing}"


# --------------------------------------------------------------------------- statystyka


def test_percentile_matches_numpy_linear_interpolation() -> None:
    rng = random.Random(7)
    for size in (1, 2, 3, 10, 11, 37):
        values = [rng.uniform(1, 300) for _ in range(size)]
        for q in (0, 5, 50, 90, 95, 99, 100):
            assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_of_ten_start_times_by_hand() -> None:
    times = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    random.Random(1).shuffle(times)  # kolejność pomiarów nie ma znaczenia
    assert percentile(times, 50) == pytest.approx(55.0)
    assert percentile(times, 95) == pytest.approx(95.5)
    assert percentile(times, 100) == 100.0


def test_percentile_rejects_empty_input_and_bad_q() -> None:
    with pytest.raises(ValueError, match="pustej"):
        percentile([], 50)
    for q in (-1, 100.5):
        with pytest.raises(ValueError, match="od 0 do 100"):
            percentile([1.0], q)


def test_summary_counts_failures_and_rounds() -> None:
    summary = Summary.of([12.345, 30.0, 18.0], failures=2)
    assert summary == Summary(count=3, failures=2, p50=18.0, p95=28.8, max=30.0, min=12.3)
    assert Summary.of([], failures=4) == Summary(0, 4, None, None, None, None)


def test_parse_size_reads_docker_stats_units() -> None:
    assert parse_size("512MiB") == 512 * 1024**2
    assert parse_size("1.5GiB ") == round(1.5 * 1024**3)
    assert parse_size("0B") == 0
    assert parse_size("800kB") == 800_000
    assert parse_size("2GB") == 2_000_000_000
    for bad in ("", "12", "MiB", "1.2 furlongs"):
        with pytest.raises(ValueError, match="rozmiaru"):
            parse_size(bad)


# --------------------------------------------------------------------------- argumenty


def test_defaults_measure_ten_learners_on_an_own_stack() -> None:
    options = parse_args([])
    assert options.learners == 10
    assert not options.attached
    assert options.project == "bbload"
    assert options.build and not options.keep
    names = options.learner_names()
    assert len(names) == len(set(names)) == 10


def test_attached_mode_takes_url_and_token() -> None:
    options = parse_args(
        ["--url", "http://127.0.0.1:8000/", "--token", TOKEN, "--learners", "3", "--no-build"]
    )
    assert options.attached
    assert options.url == "http://127.0.0.1:8000"
    assert options.learners == 3
    assert not options.build


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--learners", "0"], "--learners=0: podaj liczbę uczniów od 1 do"),
        (["--learners", "61"], "od 1 do 60"),
        (["--url", "http://127.0.0.1:8000"], "--url i --token podaje się razem"),
        (["--token", TOKEN], "--url i --token podaje się razem"),
        (["--url", "127.0.0.1:8000", "--token", TOKEN], "oczekiwano adresu http://"),
        (["--url", "http://h:1", "--token", "krotki"], "--token: za krótki"),
        (["--url", "http://h:1", "--token", TOKEN, "--port", "9000"], "--port dotyczy tylko"),
        (["--port", "80"], "--port=80"),
        (["--project", "Zla Nazwa"], "--project=Zla Nazwa"),
        (["--mem-limit", "dużo"], "--mem-limit=dużo: oczekiwano rozmiaru pamięci"),
        (["--cpu-limit", "0"], "--cpu-limit=0.0"),
        (["--cpu-limit", "nan"], "--cpu-limit=nan"),
        (["--start-timeout", "-5"], "--start-timeout=-5.0"),
        (["--notice-timeout", "inf"], "--notice-timeout=inf"),
        (["--hub-option", "cleanup_servers=False"], "--hub-option=cleanup_servers=False"),
        (["--hub-option", "JupyterHub.cleanup_servers"], "oczekiwano KLASA.CECHA=WARTOŚĆ"),
        (
            ["--url", "http://h:1", "--token", TOKEN, "--hub-option", "JupyterHub.x=1"],
            "--hub-option działa tylko na własnym stosie",
        ),
    ],
)
def test_bad_arguments_stop_with_a_polish_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_hub_options_become_the_hub_command_in_a_compose_overlay() -> None:
    options = parse_args(
        ["--hub-option", "JupyterHub.cleanup_servers=False", "--hub-option", "Spawner.x=1"]
    )
    assert options.hub_options == ("JupyterHub.cleanup_servers=False", "Spawner.x=1")
    command = hub_override(options.hub_options)["services"]["hub"]["command"]
    # To samo polecenie co CMD obrazu huba (docker/hub/Dockerfile) plus opcje traitlets.
    dockerfile = (Path(__file__).parents[1] / "docker/hub/Dockerfile").read_text()
    assert f"CMD {json.dumps(command[:3])}" in dockerfile
    assert command[3:] == ["--JupyterHub.cleanup_servers=False", "--Spawner.x=1"]
    assert parse_args([]).hub_options == ()


def test_learner_names_are_valid_hub_logins() -> None:
    names = LoadOptions(learners=60).learner_names()
    # hub/settings.py odrzuca loginy, których hub nie przyjmie — te muszą przejść.
    settings = Settings.from_env({"BLACKBELT_ADMIN_USERS": ",".join(names)})
    assert settings.admin_users == frozenset(names)
    assert len(names) == 60


def test_own_stack_env_is_accepted_by_the_hub_settings(tmp_path: Path) -> None:
    options = parse_args(["--mem-limit", "1g", "--cpu-limit", "0.5", "--project", "bbload2"])
    env = own_stack_env(options, 18123, TOKEN, tmp_path)
    settings = Settings.from_env(env)  # zła wartość = SettingsError = hub nie wstaje
    assert settings.gpus == "none"
    assert settings.mem_limit == "1G"
    assert settings.cpu_limit == 0.5
    assert settings.api_token == TOKEN
    assert settings.network == "bbload2-net"
    assert settings.container_name_template == "bbload2-{username}"
    assert env["BLACKBELT_PROJECT"] == "bbload2"
    assert env["BLACKBELT_PORT"] == "18123"
    assert env["BLACKBELT_COURSE_DATA"] == str(tmp_path)
    assert env["BLACKBELT_LEARNER_IMAGE"] == "blackbelt/learner:e2e"
    assert env["BLACKBELT_TORCH_BACKEND"] == ""


# --------------------------------------------------------------------------- werdykty i raport


def facts(load: float = 3.5) -> MachineFacts:
    return MachineFacts(
        cores=2,
        load_average=(load, 2.0, 1.0),
        memory_total_bytes=24 * 1024**3,
        memory_available_bytes=12 * 1024**3,
        other_containers=["bbtest-hub-1"],
        when_utc="2026-11-28 18:00:00 UTC",
    )


def good_report(learners: int = 3) -> LoadReport:
    report = LoadReport(
        learners=learners,
        mode="własny (bbload)",
        mem_limit="1536M",
        cpu_limit=1.0,
        learner_image="blackbelt/learner:e2e",
        learner_image_bytes=6_810_000_000,
        facts_before=facts(),
        facts_after=facts(5.25),
        build_s=3.2,
        stack_up_s=21.0,
    )
    report.starts = [
        StartResult(f"u{i}", lab_ready_s=10.0 * i, working_s=10.0 * i + 5)
        for i in range(1, learners + 1)
    ]
    report.learner_memory_bytes = {f"bbload-u{i}": 300 * 1024**2 for i in range(1, learners + 1)}
    report.hub_restart = HubRestartResult(
        restart_command_s=11.0,
        hub_downtime_s=14.5,
        all_routes_back_s=16.0,
        learners=[SurvivorCheck(s.learner, True, True, route_back_s=15.0) for s in report.starts],
    )
    report.container_kill = ContainerKillResult(
        learner="u1", hub_noticed_s=28.0, restart_s=40.0, file_intact=True
    )
    return report


def test_good_report_is_ok_and_renders_the_figures() -> None:
    report = good_report()
    assert report.ok
    text = render_markdown(report)
    assert_fragments(
        text,
        "wszystkie gwarancje potwierdzone",
        "udane: 3 z 3",
    )
    # p50/p95/max/min startów (15, 25, 35 s) i samego JupyterLaba (10, 20, 30 s)
    assert_fragments(
        text,
        "| 25.0 s | 34.0 s | 35.0 s | 15.0 s |",
        "| 20.0 s | 29.0 s | 30.0 s | 10.0 s |",
        "Przerwa huba (od restartu do odpowiedzi API): 14.5 s",
        "Ten sam kontener po restarcie: 3 z 3",
        "Hub zgłasza serwer jako zatrzymany po: 28.0 s",
        "Ponowny start do działającego serwera: 40.0 s",
        "razem 0.9 GiB, najwięcej 300 MiB na ucznia",
        "load average 3.50 / 2.00 / 1.00",
        "load average 5.25",
    )
    assert "Rdzenie CPU: 2" in text and "bbtest-hub-1" in text
    assert "6.81 GB" in text
    assert "PORAŻKA" not in text
    assert "Eksperyment" not in text
    assert_fragments(
        text,
        "Najwyższy zmierzony load average (1 min): 5.25 przy 2 rdzeniach",
        "inne kontenery (1: bbtest-hub-1)",
    )


def test_busy_figures_during_starts_are_reported_and_raise_the_peak() -> None:
    report = good_report()
    report.during_starts = BusyFigures(peak_load_1min=22.84, samples=150, hub_unhealthy_samples=40)
    text = render_markdown(report)
    assert_fragments(
        text,
        "najwyższy load average (1 min) 22.84",
        "„unhealthy” w 40 z 150 próbek",
        "Najwyższy zmierzony load average (1 min): 22.84 przy 2 rdzeniach",
    )


def test_sampler_records_load_in_the_background_without_a_hub_container() -> None:
    with Sampler("bbload-nie-istnieje-hub-1", every=0.01) as sampler:
        time.sleep(0.3)
    figures = sampler.result()
    assert figures.samples >= 2
    assert figures.hub_unhealthy_samples == 0
    assert figures.peak_load_1min == round(max(sampler.loads), 2)
    count = figures.samples
    time.sleep(0.05)
    assert sampler.result().samples == count  # po wyjściu z bloku już nie próbkuje


def test_unknown_other_containers_are_not_reported_as_none_running() -> None:
    report = good_report()
    report.facts_after_starts = MachineFacts(
        cores=2,
        load_average=(9.0, 8.0, 7.0),
        memory_total_bytes=24 * 1024**3,
        memory_available_bytes=10 * 1024**3,
        other_containers=None,
        when_utc="2026-11-28 18:05:00 UTC",
    )
    text = render_markdown(report)
    assert_fragments(
        text,
        "inne kontenery: nieznane (`docker ps` się nie udał)",
        "Najwyższy zmierzony load average (1 min): 9.00",
    )


def test_experimental_hub_options_are_flagged_in_the_report() -> None:
    report = good_report()
    report.hub_options = ["JupyterHub.cleanup_servers=False"]
    text = render_markdown(report)
    assert_fragments(
        text,
        "**Eksperyment:**",
        "`--JupyterHub.cleanup_servers=False`",
        "NIE jest domyślna konfiguracja",
    )


def test_one_failed_start_fails_the_run_and_is_named() -> None:
    report = good_report()
    report.starts[1] = StartResult("u2", lab_ready_s=20.0, error="ClassroomError: za długo")
    assert not report.ok
    assert report.start_summary.failures == 1
    assert report.start_summary.count == 2
    text = render_markdown(report)
    assert_fragments(
        text,
        "PORAŻKA",
        "udane: 2 z 3",
        "- u2: ClassroomError: za długo",
    )


def test_missing_starts_or_fault_stages_fail_the_run() -> None:
    fewer = good_report()
    fewer.starts.pop()
    assert not fewer.ok

    no_restart = good_report()
    no_restart.hub_restart = None
    assert not no_restart.ok
    assert "Nie wykonano" in render_markdown(no_restart)

    aborted = good_report()
    aborted.aborted = "ClassroomError: docker compose up nie powiodło się"
    assert not aborted.ok
    assert "Pomiar przerwany: ClassroomError" in render_markdown(aborted)


def test_hub_restart_that_stopped_servers_is_a_failure() -> None:
    report = good_report()
    assert report.hub_restart is not None
    report.hub_restart.learners[0] = SurvivorCheck(
        "u1", same_container=False, error="kontener ucznia zniknął (hub zatrzymał serwer?)"
    )
    report.hub_restart.hub_log = ["[I hub] Cleaning up single-user servers..."]
    assert not report.hub_restart.ok
    assert not report.ok
    text = render_markdown(report)
    assert_fragments(
        text,
        "Gwarancja (uczniowie zachowują serwery i pracę): **NIE**",
        "Ten sam kontener po restarcie: 2 z 3",
        "- u1: kontener ucznia zniknął",
        "Cleaning up single-user servers",
    )


def test_survivor_needs_container_kernel_and_route() -> None:
    assert SurvivorCheck("u", True, True, route_back_s=1.0).ok
    assert not SurvivorCheck("u", False, True, route_back_s=1.0).ok
    assert not SurvivorCheck("u", True, False, route_back_s=1.0).ok
    assert not SurvivorCheck("u", True, True, route_back_s=None).ok
    assert not HubRestartResult().ok  # bez uczniów nie ma czego potwierdzać


def test_killed_container_needs_intact_file_restart_and_notice() -> None:
    assert ContainerKillResult("u", 20.0, 30.0, True).ok
    assert not ContainerKillResult("u", 20.0, 30.0, False).ok
    assert not ContainerKillResult("u", None, 30.0, True).ok
    assert not ContainerKillResult("u", 20.0, None, True).ok
    broken = ContainerKillResult("u", 20.0, 30.0, True, error="odczyt: 404")
    assert not broken.ok


def test_json_report_round_trips_with_verdict_and_summaries(tmp_path: Path) -> None:
    report = good_report()
    markdown, data_path = write_report(report, tmp_path / "raporty")
    data = json.loads(data_path.read_text())
    assert data["ok"] is True
    assert data["learners"] == 3
    assert data["start_summary"]["p50"] == 25.0
    assert data["lab_summary"]["max"] == 30.0
    assert data["hub_restart"]["hub_downtime_s"] == 14.5
    assert data["container_kill"]["file_intact"] is True
    assert data["facts_before"]["cores"] == 2
    assert markdown.read_text(encoding="utf-8") == render_markdown(report)
    assert json.loads(json.dumps(report_json(report))) == data


def test_relevant_hub_lines_keep_shutdown_evidence_only() -> None:
    log = "\n".join(
        [
            "hub-1  | [I 18:00:01 JupyterHub app:3000] Cleaning up single-user servers...",
            "hub-1  | [I 18:00:01 JupyterHub log:192] 200 GET /hub/api/ (blackbelt-admin)",
            "hub-1  | [I 18:00:02 JupyterHub proxy:300] Shutting down proxy",
            "hub-1  | [W 18:00:30 JupyterHub app:2500] u1 appears to have stopped while the hub",
        ]
    )
    lines = relevant_hub_lines(log)
    assert len(lines) == 3
    assert not any("GET /hub/api" in line for line in lines)
    assert len(relevant_hub_lines("Stopping x\n" * 100, limit=5)) == 5


# --------------------------------------------------------------------------- równoczesny start


class FakeLearner(Learner):
    """Uczeń bez huba: zapisuje chwilę żądania startu i odpowiada ustalonym wynikiem jądra."""

    def __init__(self, name: str, answer: str, delay: float, fail: bool = False) -> None:
        super().__init__(Hub("http://nie-uzywany.invalid", TOKEN), name, TOKEN)
        self.answer, self.delay, self.fail = answer, delay, fail
        self.requested_at = math.nan

    def request_start(self) -> None:
        self.requested_at = time.monotonic()
        if self.fail:
            raise ClassroomError(f"start serwera {self.name}: 500")

    def wait_lab(self, started: float, timeout: float) -> float:
        time.sleep(self.delay)
        return time.monotonic() - started

    def run_code(self, code: str, timeout: float = 180, kernel_timeout: float = 60) -> str:
        assert "torch.ones(2).sum().item()" in code
        return self.answer


def test_all_learners_request_their_servers_at_the_same_moment() -> None:
    # Każdy start trwa 0.2 s: po kolei żądania rozeszłyby się o ≥ 0.8 s, naraz — o ułamki.
    learners = [FakeLearner(f"u{index}", f"{TORCH_EXPECTED}\n", delay=0.2) for index in range(5)]
    results = start_all_at_once(learners, timeout=10)
    assert [r.learner for r in results] == [learner.name for learner in learners]
    assert all(r.ok for r in results)
    for result in results:
        assert result.working_s is not None and result.lab_ready_s is not None
        assert result.working_s >= result.lab_ready_s >= 0.2
    moments = [learner.requested_at for learner in learners]
    assert max(moments) - min(moments) < 0.1


def test_wrong_kernel_answer_or_failed_request_is_a_failed_start() -> None:
    results = start_all_at_once(
        [
            FakeLearner("dobry", f"{TORCH_EXPECTED}\n", delay=0.0),
            FakeLearner("zly-wynik", "WYNIK 3.0\n", delay=0.0),
            FakeLearner("odmowa", TORCH_EXPECTED, delay=0.0, fail=True),
        ],
        timeout=10,
    )
    good, wrong, refused = results
    assert good.ok
    assert not wrong.ok and wrong.error is not None and "policzyło coś innego" in wrong.error
    assert wrong.lab_ready_s is not None and wrong.working_s is None
    assert not refused.ok and refused.error is not None and "500" in refused.error
    assert refused.lab_ready_s is None


# --------------------------------------------------------------------------- pakiet i klient


def test_package_paths_point_at_the_repository_compose_file() -> None:
    # Moduły leżą o poziom głębiej niż dawny jeden plik: zła głębokość = compose bez pliku.
    assert COMPOSE_FILE.is_file()
    assert COMPOSE_FILE.parent == Path(__file__).resolve().parents[1]


def test_module_entry_point_rejects_bad_arguments_in_polish() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devtools.classroom_load", "--learners", "0"],
        capture_output=True,
        text=True,
        check=False,
        cwd=COMPOSE_FILE.parent,
    )
    assert result.returncode == 2
    assert "podaj liczbę uczniów od 1 do 60" in result.stderr


def test_hub_wait_up_gives_up_with_a_timeout_on_a_closed_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    hub = Hub(f"http://127.0.0.1:{port}", TOKEN)
    assert not hub.answers()
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="nie odpowiada"):
        hub.wait_up(timeout=0.3, pause=0.05)
    assert time.monotonic() - started < 5
