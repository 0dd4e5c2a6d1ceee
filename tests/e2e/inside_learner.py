"""Sondy utwardzenia uruchamiane WEWNĄTRZ kontenera ucznia (źródło tego pliku idzie do jądra).

Każda sonda sprawdza zachowanie, nie konfigurację: próbuje zrobić to, czego uczniowi nie wolno,
i zapisuje, co się stało. Tylko biblioteka standardowa (plik działa w obrazie ucznia).
Test (test_classroom.py) wywołuje `report(...)` i czyta jeden wiersz JSON.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")
# Zakres sondy pids: wątek = zadanie w cgroup, więc limit pids zatrzymuje i procesy, i wątki.
# Górna granica sondy jest wyższa niż limit, ale skończona: sonda nie może zawiesić maszyny.
THREAD_PROBE_CAP = 4096


def cgroup_value(v2: str, v1: str) -> str:
    """Wartość z cgroup v2 albo v1 (Docker montuje własną grupę kontenera)."""
    for name in (v2, v1):
        path = CGROUP / name
        if path.exists():
            return path.read_text().strip()
    return "brak"


def cpu_limit() -> float:
    cpu_max = CGROUP / "cpu.max"
    if cpu_max.exists():
        quota, period = cpu_max.read_text().split()
    else:
        quota = cgroup_value("-", "cpu/cpu.cfs_quota_us")
        period = cgroup_value("-", "cpu/cpu.cfs_period_us")
    return -1.0 if quota in ("max", "-1") else int(quota) / int(period)


def threads_until_refused() -> int:
    """Ile wątków uda się utworzyć w osobnym procesie, zanim jądro odmówi (limit pids)."""
    code = (
        "import threading\n"
        "stop = threading.Event()\n"
        "count = 0\n"
        "try:\n"
        f"    for _ in range({THREAD_PROBE_CAP}):\n"
        "        threading.Thread(target=stop.wait, daemon=True).start()\n"
        "        count += 1\n"
        "except RuntimeError:\n"
        "    pass\n"
        "stop.set()\n"
        "print(count)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    return int(result.stdout.strip() or -1)


def tcp(host: str, port: int) -> str:
    """'open' albo nazwa błędu połączenia (np. ConnectionRefusedError)."""
    try:
        with socket.create_connection((host, port), timeout=5):
            return "open"
    except OSError as error:
        return type(error).__name__


def unix_socket(path: str) -> str:
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(path)
            return "open"
    except OSError as error:
        return type(error).__name__


def raw_socket() -> str:
    """Surowe gniazdo wymaga CAP_NET_RAW."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP):
            return "open"
    except OSError as error:
        return type(error).__name__


def write_system_file() -> str:
    try:
        Path("/etc/blackbelt-probe").write_text("x")
        return "written"
    except OSError as error:
        return type(error).__name__


def chown_to_root() -> str:
    """Oddanie pliku rootowi wymaga CAP_CHOWN."""
    with tempfile.NamedTemporaryFile() as handle:
        try:
            os.chown(handle.name, 0, 0)
            return "chowned"
        except OSError as error:
            return type(error).__name__


def become_root() -> str:
    """su/sudo: brak albo odmowa (no-new-privileges neutralizuje bity setuid)."""
    outcomes = []
    for command in (["sudo", "-n", "id", "-u"], ["su", "-c", "id -u", "root"]):
        if shutil.which(command[0]) is None:
            outcomes.append(f"{command[0]}:absent")
            continue
        result = subprocess.run(
            command, input="", capture_output=True, text=True, timeout=20, check=False
        )
        became_root = result.returncode == 0 and result.stdout.strip() == "0"
        outcomes.append(f"{command[0]}:{'ROOT' if became_root else 'refused'}")
    return ",".join(outcomes)


def http_status(url: str, token: str | None = None) -> tuple[int | str, str]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), response.read(2000).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read(2000).decode(errors="replace")
    except OSError as error:
        return type(error).__name__, ""


def push_to_course(course_repo: str) -> tuple[int, str]:
    """Klon kursu, commit i push: repozytorium kursu ma być tylko do odczytu."""
    work = Path(tempfile.mkdtemp())
    git = ["git", "-c", "user.name=uczen", "-c", "user.email=uczen@example.invalid"]
    clone = subprocess.run(
        [*git, "clone", "-q", course_repo, str(work / "kurs")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if clone.returncode:
        return -1, clone.stderr[-500:]
    (work / "kurs" / "wlamanie.txt").write_text("uczeń próbuje zmienić kurs\n")
    steps = [["add", "-A"], ["commit", "-q", "-m", "próba"], ["push", "origin", "HEAD"]]
    result = None
    for step in steps:
        result = subprocess.run(
            [*git, "-C", str(work / "kurs"), *step],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result is not None
    shutil.rmtree(work, ignore_errors=True)
    return result.returncode, result.stderr[-500:]


def report(other_server: str, course_repo: str) -> dict[str, object]:
    """Wszystkie sondy; other_server to adres serwera innego ucznia (http://host:8888/user/x/)."""
    api_url = os.environ.get("JUPYTERHUB_API_URL", "")
    hub_api = http_status(api_url + "/") if api_url else ("brak JUPYTERHUB_API_URL", "")
    own_token = os.environ.get("JUPYTERHUB_API_TOKEN")
    other_file = other_server + "api/contents/prywatne.txt"
    push_rc, push_err = push_to_course(course_repo)
    return {
        "uid": os.getuid(),
        "euid": os.geteuid(),
        "memory_limit": cgroup_value("memory.max", "memory/memory.limit_in_bytes"),
        "pids_limit": cgroup_value("pids.max", "pids/pids.max"),
        "cpu_limit": cpu_limit(),
        "threads_until_refused": threads_until_refused(),
        "raw_socket": raw_socket(),
        "write_etc": write_system_file(),
        "chown_root": chown_to_root(),
        "become_root": become_root(),
        "docker_socket": unix_socket("/var/run/docker.sock"),
        "hub_api_url": api_url,
        "hub_api_status": hub_api[0],
        "hub_api_port": tcp("hub", 8081),
        "proxy_api_port": tcp("hub", 8001),
        "docker_tcp": tcp("hub", 2375),
        "other_server_anonymous": http_status(other_file),
        "other_server_own_token": http_status(other_file, own_token),
        "course_push": [push_rc, push_err],
    }
