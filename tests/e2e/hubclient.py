"""Klient REST API JupyterHuba i serwera Jupytera ucznia (tokeny, pliki, jądra) dla testów e2e."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

import requests
import websocket


@dataclass
class Hub:
    url: str  # np. http://127.0.0.1:18000
    token: str  # token usługi automatyzacji (BLACKBELT_API_TOKEN)

    def api(
        self, method: str, path: str, token: str | None = None, json: object = None
    ) -> requests.Response:
        headers = {"Authorization": f"token {token or self.token}"}
        url = f"{self.url}/hub/api{path}"
        return requests.request(method, url, headers=headers, timeout=30, json=json)

    def wait_up(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.api("GET", "/").status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(1)
        raise TimeoutError("hub nie odpowiada")

    def create_learner(self, name: str) -> Learner:
        response = self.api("POST", f"/users/{name}")
        assert response.status_code in (201, 409), response.text
        scopes = [f"{scope}!user={name}" for scope in ("access:servers", "servers", "read:users")]
        token = self.api("POST", f"/users/{name}/tokens", json={"note": "e2e", "scopes": scopes})
        assert token.status_code == 201, token.text
        return Learner(self, name, token.json()["token"])


@dataclass
class Learner:
    hub: Hub
    name: str
    token: str

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
        return requests.get(
            f"{self.hub.url}/user/{self.name}/{path}",
            headers={"Authorization": f"token {token or self.token}"},
            timeout=30,
            allow_redirects=False,
        )

    def contents(
        self,
        path: str,
        method: str = "GET",
        params: dict[str, str | int] | None = None,
        json: object = None,
    ) -> requests.Response:
        return requests.request(
            method,
            f"{self.hub.url}/user/{self.name}/api/contents/{path}",
            headers={"Authorization": f"token {self.token}"},
            params=params,
            json=json,
            timeout=30,
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

    def run_code(self, code: str, timeout: float = 180) -> str:
        """Wykonuje kod w nowym jądrze ucznia (websocket) i zwraca wypisany tekst."""
        kernel = requests.post(
            f"{self.hub.url}/user/{self.name}/api/kernels",
            headers={"Authorization": f"token {self.token}"},
            json={"name": "python3"},
            timeout=60,
        )
        assert kernel.status_code == 201, kernel.text
        kernel_id = kernel.json()["id"]
        ws_url = self.hub.url.replace("http", "ws", 1)
        ws = websocket.create_connection(
            f"{ws_url}/user/{self.name}/api/kernels/{kernel_id}/channels",
            header=[f"Authorization: token {self.token}"],
            timeout=timeout,
        )
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
            requests.delete(
                f"{self.hub.url}/user/{self.name}/api/kernels/{kernel_id}",
                headers={"Authorization": f"token {self.token}"},
                timeout=30,
            )
