"""A local HTTP site on 127.0.0.1 for the fetching tests: never the internet."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Trang chủ | Thế giới</nav><article><h1>{title}</h1>
<p>{body}</p><p>Người phát ngôn Bộ Ngoại giao cho biết hai bên sẽ tiếp tục trao đổi trong thời gian tới.</p>
</article><footer>Bản quyền</footer></body></html>"""

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[float, str, dict[str, str]]] = field(default_factory=list)

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda handler: (200, {"Content-Type": content_type, **(headers or {})}, data)
        return self.base + path

    def article(self, path: str, body: str, title: str = "Tin thế giới") -> str:
        return self.page(path, ARTICLE_HTML.format(title=title, body=body))

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for _, p, h in self.requests if p == path]


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            state.requests.append((time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = state.routes.get(self.path)
            status, headers, body = route(self) if route else (404, {"Content-Type": "text/plain"}, b"not found")
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
