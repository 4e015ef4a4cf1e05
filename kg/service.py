"""One writer per store: a running `kg serve` holds its embedded store and announces itself beside it,
so that `kg ingest` and `kg remove` on the same store send their changes to the service instead of
failing on the store's lock. The announcement holds the service's address and a token made at
start, readable by the user who started it only; it goes when the service stops.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.worker import Item


@dataclass
class Running:
    """A running service's address and the token that lets a local command change its store."""

    url: str
    token: str


class ServiceError(Exception):
    """The running service refused or could not be reached; the message says why."""


def announcement(store: str) -> Path | None:
    """Where a service on this store announces itself: beside an embedded store's folder; None otherwise."""
    if store == "memory" or store.startswith(("sparql:", "http://", "https://")):
        return None
    return Path(store.removeprefix("oxigraph:") + ".service.json")


def announce(store: str, url: str) -> str:
    """Announce a service on this store at this URL; the token it will accept from local commands."""
    path = announcement(store)
    token = secrets.token_urlsafe(24)
    if path is None:
        return token
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"url": url, "token": token, "pid": os.getpid()}, handle)
    atexit.register(_withdraw, path, os.getpid())
    return token


def _withdraw(path: Path, pid: int) -> None:
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()
    except (OSError, ValueError):
        pass


def running(store: str) -> Running | None:
    """The service announced on this store, if its process is alive."""
    path = announcement(store)
    try:
        found = json.loads(path.read_text(encoding="utf-8")) if path else None
        if not found:
            return None
        os.kill(int(found["pid"]), 0)
        return Running(found["url"], found["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def upload(service: Running, items: list[Item]) -> Iterator[tuple[Item, dict | str]]:
    """Send each item to the service as an upload: its summary, or the reason it was refused."""
    import requests

    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {service.token}"
        for item in items:
            raw = item.raw if item.raw is not None else Path(item.path).read_bytes()
            try:
                response = session.post(f"{service.url}/api/documents", files={"file": (item.name, raw)}, timeout=None)
            except requests.RequestException as err:
                raise ServiceError(f"the service at {service.url} cannot be reached ({err})") from err
            if response.status_code == 201:
                yield item, response.json()["summary"]
            else:
                yield item, _message(response)


def remove(service: Running, names: tuple[str, ...]) -> list[str]:
    """Remove documents through the service; the names it found no document for."""
    import urllib.parse

    import requests

    missing = []
    for name in names:
        url = f"{service.url}/api/documents/{urllib.parse.quote(name, safe='')}"
        try:
            response = requests.delete(url, headers={"Authorization": f"Bearer {service.token}"}, timeout=60)
        except requests.RequestException as err:
            raise ServiceError(f"the service at {service.url} cannot be reached ({err})") from err
        if response.status_code == 404:
            missing.append(name)
        elif response.status_code != 204:
            raise ServiceError(_message(response))
    return missing


class RemoteAsker:
    """Questions asked of the running service (`kg ask` on a store it holds): the same answers, from its index."""

    def __init__(self, service: Running):
        import requests

        self.url, self.session = f"{service.url}/api/ask", requests.Session()

    def ask(self, text: str) -> dict:
        import requests

        try:
            response = self.session.get(self.url, params={"q": text.strip()}, timeout=120)
        except requests.RequestException as err:
            raise ServiceError(f"the service cannot be reached ({err})") from err
        if response.status_code == 400:  # an empty question: no answers, as when asked locally
            return {"question": text.strip(), "intent": "", "region": [], "answers": [], "sparql": "", "passages": []}
        if response.status_code != 200:
            raise ServiceError(_message(response))
        return response.json()


def _message(response) -> str:
    try:
        return response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return f"the service answered {response.status_code}"
