"""Polite URL fetching: robots.txt, a per-host rate limit, retries with backoff,
conditional requests, and a User-Agent that names quanhe and its version.

Every failure is an `InputError` naming the URL, so one bad page never stops a run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from quanhe.errors import InputError
from quanhe.sources.files import decode
from quanhe.version import __version__

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

USER_AGENT = f"quanhe/{__version__} (+https://github.com/quanhe/quanhe; political event data research)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_BODY_BYTES = 20 * 1024 * 1024
_CHARSET = re.compile(r"charset=([\w\-]+)", re.IGNORECASE)


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def decode_body(body: bytes, content_type: str, origin: str) -> str:
    """The declared charset when it decodes, else the UTF-8/UTF-16 rules of text files."""
    match = _CHARSET.search(content_type)
    charset = match.group(1).lower() if match else ""
    if charset and charset not in ("utf-8", "utf8", "utf-16"):
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common
    return decode(body, origin)


def url_document_id(url: str) -> str:
    """A stable id for a page: the same URL is the same document, its content may change."""
    return "web-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Politeness:
    """How hard quanhe may press on one site."""

    delay: float = 1.0  # seconds between two requests to the same host (robots Crawl-delay wins if larger)
    retries: int = 3  # further attempts after a timeout, a connection error, 429 or 5xx
    backoff: float = 1.0  # first wait before a retry; doubles each time (Retry-After wins if given)
    max_backoff: float = 60.0
    timeout: float = 20.0
    respect_robots: bool = True
    user_agent: str = USER_AGENT


@dataclass(slots=True)
class Page:
    url: str  # after redirects
    status: int  # 200, or 304 when the page is unchanged since the last fetch
    body: bytes = b""
    content_type: str = ""

    @property
    def unchanged(self) -> bool:
        return self.status == 304


@dataclass
class Validators:
    """ETag / Last-Modified per URL, kept in memory and, when given a path, in a JSON file."""

    path: Path | None = None
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None) -> Validators:
        if path is None:
            return cls()
        p = Path(path)
        try:
            return cls(p, json.loads(p.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return cls(p)
        except (OSError, ValueError) as exc:
            log.warning("%s: ignoring the HTTP validator cache (%s)", p, exc)
            return cls(p)

    def headers(self, url: str) -> dict[str, str]:
        entry = self.entries.get(url, {})
        out = {}
        if entry.get("etag"):
            out["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            out["If-Modified-Since"] = entry["last_modified"]
        return out

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self.entries[url] = {"etag": etag or "", "last_modified": last_modified or ""}

    def save(self) -> None:
        if self.path is not None:
            tmp = self.path.with_suffix(self.path.suffix + ".tmp")
            tmp.write_text(json.dumps(self.entries, indent=0, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)


class Fetcher:
    """One HTTP client for a run; call `close()` (or use it as a context manager)."""

    def __init__(self, politeness: Politeness | None = None, validators: Validators | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        import httpx  # imported here: runs without URLs do not pay for it

        self.politeness = politeness or Politeness()
        self.validators = validators or Validators()
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._httpx = httpx
        self.client = httpx.Client(
            headers={"User-Agent": self.politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=self.politeness.timeout, follow_redirects=True,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()
        self.validators.save()

    # ------------------------------------------------------------ public

    def fetch(self, url: str, conditional: bool = True) -> Page:
        """GET a URL politely; raises InputError when it cannot be had."""
        if self.politeness.respect_robots and not self.allowed(url):
            raise InputError(url, "disallowed by robots.txt")
        headers = self.validators.headers(url) if conditional else {}
        response = self._get_with_retries(url, headers)
        if response.status_code == 304:
            return Page(url=str(response.url), status=304)
        if response.status_code >= 400:
            raise InputError(url, f"HTTP {response.status_code}")
        body = response.content
        if len(body) > MAX_BODY_BYTES:
            raise InputError(url, f"response is {len(body)} bytes; the limit is {MAX_BODY_BYTES}")
        self.validators.remember(url, response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Page(url=str(response.url), status=response.status_code, body=body,
                    content_type=response.headers.get("Content-Type", ""))

    def allowed(self, url: str) -> bool:
        parser = self._robots_for(url)
        return parser is None or parser.can_fetch(self.politeness.user_agent, url)

    # ------------------------------------------------------------ internals

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin]

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """None when there is no robots.txt (everything allowed); a 401/403 forbids the whole site."""
        robots_url = urlunsplit((*urlsplit(origin)[:2], "/robots.txt", "", ""))
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._get_with_retries(robots_url, {})
        except InputError as exc:
            log.info("%s: no robots.txt (%s); fetching as allowed", origin, exc.reason)
            return None
        if response.status_code in (401, 403):
            parser.disallow_all = True
        elif response.status_code >= 400:
            return None
        else:
            parser.parse(response.text.splitlines())
        return parser

    def _crawl_delay(self, url: str) -> float:
        parser = self._robots.get("{0}://{1}".format(*urlsplit(url)[:2]))
        robots_delay = parser.crawl_delay(self.politeness.user_agent) if parser is not None else None
        return max(self.politeness.delay, float(robots_delay or 0))

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self._crawl_delay(url) - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> httpx.Response:
        httpx = self._httpx
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                response = self.client.get(url, headers=headers)
            except httpx.HTTPError as exc:
                if attempt >= self.politeness.retries:
                    raise InputError(url, f"cannot fetch: {exc.__class__.__name__}: {exc}") from None
                self._sleep(self._backoff(attempt, None))
                attempt += 1
                continue
            if response.status_code in RETRY_STATUS and attempt < self.politeness.retries:
                log.info("%s: HTTP %s, retrying", url, response.status_code)
                self._sleep(self._backoff(attempt, response.headers.get("Retry-After")))
                attempt += 1
                continue
            return response

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.politeness.max_backoff)
        return min(self.politeness.backoff * (2 ** attempt), self.politeness.max_backoff)
