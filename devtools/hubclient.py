"""Klient REST API JupyterHuba i serwera Jupytera ucznia (tokeny, pliki, jądra).

Jeden klient dla testów e2e klasy (tests/e2e) i pomiaru obciążenia (devtools.classroom_load).
Metody testów e2e zgłaszają niespełnione oczekiwanie jako AssertionError/TimeoutError; metody
pomiaru, które mają przetrwać chwilową niedostępność huba (answers, api_answers, wait_lab),
traktują błąd sieci jak „jeszcze nie” i zgłaszają ClassroomError.
"""

from __future__ import annotations

import json
import ssl
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import requests
import websocket


# Ciało JSON żądania REST (to samo, co przyjmuje requests).
class ClassroomError(RuntimeError):
    """Gwarancja klasy się nie potwierdziła albo hub odpowiedział nie tak, jak trzeba."""


type JsonBody = bool | int | float | str | Sequence[JsonBody] | Mapping[str, JsonBody] | None


@dataclass
class Hub:
    url: str  # np. http://127.0.0.1:18000 albo https://localhost:18443 (przez proxy HTTPS)
    token: str  # token usługi automatyzacji (BLACKBELT_API_TOKEN)
    # Weryfikacja certyfikatu HTTPS: True = systemowe CA, ścieżka = plik z korzeniem CA (np. Caddy).
    verify: bool | str = True

    def request(
        self,
        method: str,
        url: str,
        token: str,
        *,
        timeout: float = 30,
        json: JsonBody = None,
        params: dict[str, str | int] | None = None,
        allow_redirects: bool = True,
    ) -> requests.Response:
        return requests.request(
            method,
            url,
            headers={"Authorization": f"token {token}"},
            timeout=timeout,
            json=json,
            params=params,
            allow_redirects=allow_redirects,
            verify=self.verify,
        )

    def websocket(self, path: str, token: str, timeout: float) -> websocket.WebSocket:
        sslopt: dict[str, object] = {}
        if isinstance(self.verify, str):
            sslopt = {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": self.verify}
        return websocket.create_connection(
            self.url.replace("http", "ws", 1) + path,
            header=[f"Authorization: token {token}"],
            timeout=timeout,
            sslopt=sslopt,
        )

    def api(
        self, method: str, path: str, token: str | None = None, json: JsonBody = None
    ) -> requests.Response:
        return self.request(method, f"{self.url}/hub/api{path}", token or self.token, json=json)

    def answers(self) -> bool:
        """Czy API huba odpowiada 200 (błąd sieci albo przekroczony czas = nie odpowiada)."""
        try:
            return self.api("GET", "/").status_code == 200
        except requests.RequestException:
            return False

    def wait_up(self, timeout: float = 180, pause: float = 1.0) -> float:
        """Czeka, aż API huba odpowie; zwraca sekundy oczekiwania."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.answers():
                return time.monotonic() - started
            time.sleep(pause)
        raise TimeoutError(f"hub {self.url} nie odpowiada od {timeout:.0f} s")

    def server_state(self, name: str) -> dict[str, object] | None:
        """Stan domyślnego serwera ucznia według huba (None = hub mówi, że nie działa)."""
        response = self.api("GET", f"/users/{name}")
        if response.status_code != 200:
            raise ClassroomError(f"hub: GET /users/{name} -> {response.status_code}")
        state = response.json().get("servers", {}).get("")
        return dict(state) if state else None

    def create_learner(self, name: str, note: str = "e2e") -> Learner:
        response = self.api("POST", f"/users/{name}")
        assert response.status_code in (201, 409), response.text
        scopes = [f"{scope}!user={name}" for scope in ("access:servers", "servers", "read:users")]
        token = self.api("POST", f"/users/{name}/tokens", json={"note": note, "scopes": scopes})
        assert token.status_code == 201, token.text
        return Learner(self, name, token.json()["token"])


@dataclass
class Learner:
    hub: Hub
    name: str
    token: str

    def via(self, hub: Hub) -> Learner:
        """Ten sam uczeń (ten sam token), ale inną drogą do huba — np. przez proxy HTTPS."""
        return replace(self, hub=hub)

    def server_url(self, path: str) -> str:
        return f"{self.hub.url}/user/{self.name}/{path}"

    def start(self, timeout: float = 600) -> float:
        """Start serwera przez REST API; zwraca sekundy do gotowego JupyterLaba."""
        started = time.monotonic()
        response = self.hub.api("POST", f"/users/{self.name}/server", token=self.token)
        assert response.status_code in (201, 202), response.text
        while time.monotonic() - started < timeout:
            server = self.hub.api("GET", f"/users/{self.name}", token=self.token).json()
            state = server.get("servers", {}).get("")
            if state and state.get("ready"):
                lab = self.get("lab")
                if lab.status_code == 200:
                    return time.monotonic() - started
            elif not state and time.monotonic() - started > 10:
                raise AssertionError(f"serwer {self.name} nie wystartował: {server}")
            time.sleep(0.5)
        raise TimeoutError(f"serwer {self.name} nie wystartował w {timeout} s")

    def request_start(self) -> None:
        """Żądanie startu serwera bez czekania (400 = serwer już startuje albo działa)."""
        response = self.hub.api("POST", f"/users/{self.name}/server", token=self.token)
        if response.status_code not in (201, 202, 400):
            raise ClassroomError(f"start serwera {self.name}: {response.status_code}")

    def wait_lab(self, started: float, timeout: float) -> float:
        """Czeka na gotowy serwer (hub: ready, JupyterLab: 200); zwraca sekundy od `started`.

        Hub pod obciążeniem odpowiada wolno: błąd sieci to „jeszcze nie”, nie porażka.
        """
        while time.monotonic() - started < timeout:
            try:
                state = self.hub.server_state(self.name)
                if state and state.get("ready") and self.get("lab").status_code == 200:
                    return time.monotonic() - started
                if not state and time.monotonic() - started > 15:
                    raise ClassroomError(f"hub nie uruchamia serwera {self.name} (brak startu)")
            except requests.RequestException:
                pass
            time.sleep(1)
        raise ClassroomError(f"serwer {self.name} nie był gotowy w {timeout:.0f} s")

    def api_answers(self) -> bool:
        """Czy API serwera ucznia odpowiada przez proxy huba (błąd sieci = nie odpowiada)."""
        try:
            response = self.hub.request(
                "GET", self.server_url("api/status"), self.token, timeout=10, allow_redirects=False
            )
        except requests.RequestException:
            return False
        return response.status_code == 200

    def stop(self, timeout: float = 120) -> None:
        response = self.hub.api("DELETE", f"/users/{self.name}/server", token=self.token)
        assert response.status_code in (202, 204), response.text
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.hub.api("GET", f"/users/{self.name}").json().get("servers"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"serwer {self.name} nie zatrzymał się")

    def restart(self) -> float:
        self.stop()
        return self.start()

    # --- serwer Jupytera ucznia (przez proxy huba, z tokenem ucznia) ---
    def get(self, path: str, token: str | None = None) -> requests.Response:
        return self.hub.request(
            "GET", self.server_url(path), token or self.token, allow_redirects=False
        )

    def contents(
        self,
        path: str,
        method: str = "GET",
        params: dict[str, str | int] | None = None,
        json: JsonBody = None,
    ) -> requests.Response:
        return self.hub.request(
            method, self.server_url(f"api/contents/{path}"), self.token, params=params, json=json
        )

    def read(self, path: str) -> str:
        response = self.contents(path, params={"type": "file", "format": "text", "content": 1})
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
        return str(response.json()["content"])

    def exists(self, path: str) -> bool:
        return self.contents(path, params={"content": 0}).status_code == 200

    def write(self, path: str, text: str) -> None:
        body = {"type": "file", "format": "text", "content": text}
        response = self.contents(path, method="PUT", json=body)
        assert response.status_code in (200, 201), response.text

    def listing(self, path: str) -> set[str]:
        response = self.contents(path)
        assert response.status_code == 200, response.text
        return {item["name"] for item in response.json()["content"]}

    # --- jądra: uruchomienie kodu przez websocket, jak robi to JupyterLab ---
    def start_kernel(self, timeout: float = 60) -> str:
        kernel = self.hub.request(
            "POST",
            self.server_url("api/kernels"),
            self.token,
            timeout=timeout,
            json={"name": "python3"},
        )
        assert kernel.status_code == 201, kernel.text
        return str(kernel.json()["id"])

    def delete_kernel(self, kernel_id: str) -> None:
        self.hub.request("DELETE", self.server_url(f"api/kernels/{kernel_id}"), self.token)

    def execute(self, kernel_id: str, code: str, timeout: float = 180) -> str:
        """Wykonuje kod w działającym jądrze; zwraca wypisany tekst (błąd = AssertionError)."""
        path = f"/user/{self.name}/api/kernels/{kernel_id}/channels"
        ws = self.hub.websocket(path, self.token, timeout)
        try:
            msg_id = uuid.uuid4().hex
            ws.send(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "msg_type": "execute_request",
                            "username": self.name,
                            "session": uuid.uuid4().hex,
                            "version": "5.3",
                        },
                        "parent_header": {},
                        "metadata": {},
                        "content": {"code": code, "silent": False, "store_history": False},
                        "channel": "shell",
                        "buffers": [],
                    }
                )
            )
            output: list[str] = []
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    output.append(content["text"])
                elif kind == "error":
                    raise AssertionError("\n".join(content["traceback"]))
                elif kind == "status" and content["execution_state"] == "idle":
                    return "".join(output)
            raise TimeoutError("jądro nie skończyło na czas")
        finally:
            ws.close()

    def run_code(self, code: str, timeout: float = 180, kernel_timeout: float = 60) -> str:
        """Wykonuje kod w nowym jądrze ucznia (websocket) i zwraca wypisany tekst."""
        kernel_id = self.start_kernel(kernel_timeout)
        try:
            return self.execute(kernel_id, code, timeout)
        finally:
            self.delete_kernel(kernel_id)
