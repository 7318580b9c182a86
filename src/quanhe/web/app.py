"""The FastAPI app: JSON API under /api, the dashboard pages, and their JSON twins.

One DuckDB connection per app (read-only unless ingest is enabled); each worker thread
takes its own cursor from it, because a DuckDB connection must not be shared by threads
running queries at the same time. See docs/web.md for the endpoints and security choices.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, Header, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from quanhe.errors import QuanheError, StoreError
from quanhe.store.duckdb_store import DuckDBStore
from quanhe.version import __version__
from quanhe.web import models as m
from quanhe.web import query as Q
from quanhe.web.memindex import MemoryIndex
from quanhe.web.render import marked_html, sentence_marks, timeline_svg

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_OFFSET = 1_000_000
TEXT = Q.MAX_FILTER_CHARS
ActorParam = Annotated[str | None, Query(max_length=81, description="actor id: RUS, NATO, RUS:GOV")]


class Database:
    """The app's connection, its in-memory event index, and a generation counter bumped by every ingest.

    Read-only: an in-memory DuckDB with the file attached READ_ONLY. With ingest: the file
    itself, read-write (this process is then its only writer). Either way the events are also
    held in memory (quanhe.web.memindex), rebuilt at start and after each ingest.
    """

    def __init__(self, path: Path, writable: bool) -> None:
        self.path = path
        self.writable = writable
        self.generation = 0
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self.has_stories = False
        if writable:
            from quanhe.api import WRITER_THREADS

            # the same configuration as `quanhe.api.run`, which ingest calls in this process:
            # DuckDB refuses a second connection to one file with different settings
            self.con = DuckDBStore(path, threads=WRITER_THREADS).con
            self._use: str | None = None
        else:
            if not path.exists():
                raise StoreError(f"{path}: no such database (run `quanhe run` first)")
            self.con = duckdb.connect(":memory:")
            try:
                self.con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
            except duckdb.Error as exc:
                raise StoreError(f"{path}: cannot open the database read-only: {exc}") from None
            self._use = "USE store"
            self.con.execute(self._use)
        threads = os.environ.get("QUANHE_DUCKDB_THREADS", "1")
        if threads.isdigit() and int(threads) > 0:
            # many small concurrent queries: one thread each avoids oversubscribing the cores
            self.con.execute(f"SET threads = {int(threads)}")
        self.refresh()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._local.cur = self.con.cursor()
            if self._use:
                cur.execute(self._use)
        return cur

    def refresh(self) -> None:
        """Rebuild the in-memory index and look for optional tables (at start and after each ingest).

        The new index replaces the old one in one assignment, so a request in flight keeps
        answering from the one it started with.
        """
        cur = self.con.cursor()
        try:
            if self._use:
                cur.execute(self._use)
            self.events = MemoryIndex(cur)
            self.has_stories = Q.table_exists(cur, "stories")
        finally:
            cur.close()

    def version_tag(self) -> str:
        parts = [str(self.generation)]
        for p in (self.path, Path(str(self.path) + ".wal")):
            try:
                st = p.stat()
                parts.append(f"{st.st_mtime_ns}:{st.st_size}")
            except OSError:
                parts.append("-")
        return "|".join(parts)


# --------------------------------------------------------------------------- middleware

class Guard:
    """ETag/304 and a response cache for GET, body size limit for writes, security headers everywhere.

    The data only change through ingest (which bumps the generation in the ETag), so a
    response is cached under its ETag: the same request is answered without a query.
    """

    def __init__(self, app: Any, db: Database, cache_entries: int = 2048,
                 cache_body_bytes: int = 256 * 1024) -> None:
        self.app = app
        self.db = db
        self.cache: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.cache_entries = cache_entries
        self.cache_body_bytes = cache_body_bytes

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                      send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        if method in ("POST", "PUT", "PATCH"):
            length = headers.get("content-length")
            if length is None or not length.isdigit() or int(length) > MAX_BODY_BYTES:
                status = 411 if length is None else 413
                await _send_json(send, status, {"error": f"a request body needs a Content-Length of at most"
                                                         f" {MAX_BODY_BYTES} bytes", "status": status})
                return
        if scope.get("query_string"):
            scope = {**scope, "query_string": _drop_empty(scope["query_string"])}
        if method not in ("GET", "HEAD") or scope["path"].startswith("/static/"):
            await self.app(scope, receive, self._with_headers(send, scope["path"], None, None))
            return
        etag = self._etag(scope, headers)
        if _matches(headers.get("if-none-match", ""), etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag.encode()), (b"vary", b"Accept")] + _SECURITY})
            await send({"type": "http.response.body", "body": b""})
            return
        cached = self.cache.get(etag) if method == "GET" else None
        if cached is not None:
            self.cache.move_to_end(etag)
            status, raw_headers, body = cached
            await send({"type": "http.response.start", "status": status, "headers": raw_headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._with_headers(send, scope["path"], etag, etag if method == "GET" else None))

    def _with_headers(self, send: Callable[[Any], Awaitable[None]], path: str, etag: str | None,
                      cache_key: str | None) -> Callable[[dict[str, Any]], Awaitable[None]]:
        state: dict[str, Any] = {"start": None, "body": []}
        # the Swagger/ReDoc pages load their scripts from a CDN, so they get no CSP
        security = _SECURITY[:3] if path.startswith(("/docs", "/redoc")) else _SECURITY

        async def send_wrapper(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = list(security)
                if etag and message["status"] == 200:
                    extra += [(b"etag", etag.encode()), (b"cache-control", b"no-cache"), (b"vary", b"Accept")]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
                state["start"] = message
            elif message["type"] == "http.response.body" and cache_key and state["start"]["status"] == 200:
                state["body"].append(message.get("body", b""))
                if not message.get("more_body"):
                    self._store(cache_key, state["start"], b"".join(state["body"]))
            await send(message)

        return send_wrapper

    def _store(self, key: str, start: dict[str, Any], body: bytes) -> None:
        if len(body) > self.cache_body_bytes:
            return
        self.cache[key] = (start["status"], start["headers"], body)
        while len(self.cache) > self.cache_entries:
            self.cache.popitem(last=False)

    def _etag(self, scope: dict[str, Any], headers: dict[str, str]) -> str:
        key = "\x1f".join([self.db.version_tag(), scope["path"], scope.get("query_string", b"").decode("latin-1"),
                           "json" if _accepts_json(headers.get("accept", "")) else "html", __version__])
        return '"' + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32] + '"'


_SECURITY = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"),
]


def _drop_empty(query: bytes) -> bytes:
    """An HTML form sends empty fields (quad_class=&from=); they mean 'no filter', not a bad value."""
    return b"&".join(p for p in query.split(b"&") if p and not p.endswith(b"="))


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",") if t.strip()}
    return etag in tags or "*" in tags


def _accepts_json(accept: str) -> bool:
    return "application/json" in accept and "text/html" not in accept


async def _send_json(send: Callable[[Any], Awaitable[None]], status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
                + _SECURITY})
    await send({"type": "http.response.body", "body": data})


# --------------------------------------------------------------------------- helpers

def _filters(
    actor: ActorParam = None,
    a: ActorParam = None,
    b: ActorParam = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER type, e.g. SANCTION")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    date_from: Annotated[date | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="last day, YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(max_length=TEXT, description="text in the sentence or trigger")] = None,
    story: Annotated[str | None, Query(max_length=TEXT, description="story id (needs a stories table)")] = None,
    include_negated: bool = False,
) -> Q.EventFilter:
    if bool(a) != bool(b):
        raise Q.QueryError("a pair needs both a and b")
    return Q.EventFilter(actor=actor or None, pair=(a, b) if a and b else None, type=type or None,
                        quad_class=quad_class, date_from=date_from, date_to=date_to, q=q or None,
                        story=story or None, include_negated=include_negated)


Filters = Annotated[Q.EventFilter, Depends(_filters)]
Limit = Annotated[int, Query(ge=1, le=Q.MAX_LIMIT, description=f"at most {Q.MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def _wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json" or _accepts_json(request.headers.get("accept", ""))


def _query_string(request: Request, **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    from urllib.parse import urlencode

    params = {k: v for k, v in request.query_params.items() if k != "format"}
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return urlencode(params)


# --------------------------------------------------------------------------- data (shared by API and pages)

class Data:
    def __init__(self, db: Database) -> None:
        self.db = db

    def events(self, f: Q.EventFilter, limit: int, offset: int) -> dict[str, Any]:
        rows, total = self.db.events.page(self.db.cursor(), f, limit, offset)
        return {"total": total, "limit": limit, "offset": offset,
                "events": [Q.event_api_dict(r) for r in rows]}

    def timeline(self, f: Q.EventFilter, by: str) -> dict[str, Any]:
        out = self.db.events.timeline(self.db.cursor(), f, by)
        a, b = f.pair or (f.actor, None)
        return {"a": a, "b": b, **out}

    def actors(self, q: str | None, limit: int, offset: int) -> dict[str, Any]:
        return {"limit": limit, "offset": offset, "actors": Q.actors(self.db.cursor(), q, limit, offset)}

    def actor(self, actor_id: str) -> dict[str, Any]:
        con = self.db.cursor()
        a = Q.check_actor(actor_id)
        found = Q.actors(con, exact=a, limit=1)
        if not found:
            raise Q.NotFound("no events with this actor")
        recent, _ = self.db.events.page(con, Q.EventFilter(actor=a), limit=20, order="desc")
        return {"actor": found[0], "partners": Q.partners(con, a),
                "recent_events": [Q.event_api_dict(r) for r in recent]}

    def document(self, doc_id: str) -> dict[str, Any]:
        doc = Q.document(self.db.cursor(), doc_id)
        marks: list[dict[str, Any]] = []
        for e in doc["events"]:
            if e["negated"]:
                continue
            marks.append({"start": e["start"], "end": e["end"], "kind": "evidence", "label": e["type"],
                          "event_id": e["event_id"]})
            marks.append({"start": e["trigger_start"], "end": e["trigger_end"], "kind": "trigger",
                          "label": e["type"], "event_id": e["event_id"]})
        for a in doc["actors"]:
            marks.append({"start": a["start_char"], "end": a["end_char"], "kind": "actor", "label": a["actor_id"]})
        marks = [mk for mk in marks if mk["start"] is not None and mk["end"] is not None]
        keep = ("doc_id", "title", "author", "published", "site", "url", "source", "events")
        return {**{k: doc[k] for k in keep}, "text": doc["text"] or "", "marks": marks, "_actors": doc["actors"]}

    def stories(self, limit: int, offset: int) -> dict[str, Any]:
        return {"limit": limit, "offset": offset, "stories": Q.stories(self.db.cursor(), limit, offset)}

    def story(self, story_id: str) -> dict[str, Any]:
        s = Q.story(self.db.cursor(), story_id)
        events = s.pop("events")
        return {"story": s, "events": events}


# --------------------------------------------------------------------------- the app

def create_app(db_path: str | Path, ingest_token: str | None = None,
               cors_origins: list[str] | None = None) -> FastAPI:
    """The API and dashboard over one database file. Ingest only with a token; CORS only if origins given."""
    db = Database(Path(db_path), writable=bool(ingest_token))
    data = Data(db)
    app = FastAPI(
        title="quanhe", version=__version__,
        description="Political events (PLOVER/CAMEO) coded from Vietnamese news. Read-only unless an ingest "
                    "token is configured. Every dashboard page has a JSON twin: see docs/web.md.",
    )
    app.state.db = db
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True))
    env.globals["version"] = __version__
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_error_handlers(app, env)
    _api_routes(app, db, data, ingest_token)
    _page_routes(app, db, data, env)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "If-None-Match"],
                           expose_headers=["ETag"])
    app.add_middleware(Guard, db=db)
    return app


def _error_response(request: Request, env: Environment, status: int, message: str) -> Response:
    body = {"error": message, "status": status}
    if request.url.path.startswith("/api") or _wants_json(request) or request.method != "GET":
        return JSONResponse(body, status_code=status)
    try:
        html = env.get_template("error.html").render(
            status=status, message=message, title=f"Error {status}", has_stories=False,
            qs=lambda **kw: _query_string(request, **kw))
    except Exception:  # an error page must never fail; fall back to JSON
        log.exception("error page could not be rendered")
        return JSONResponse(body, status_code=status)
    return HTMLResponse(html, status_code=status)


def _install_error_handlers(app: FastAPI, env: Environment) -> None:
    async def query_error(request: Request, exc: Exception) -> Response:
        status = 404 if isinstance(exc, (Q.NotFound, Q.NotAvailable)) else 422
        return _error_response(request, env, status, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        response = _error_response(request, env, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # location and message only: the offending input is not echoed back
        parts = [f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
        return _error_response(request, env, 422, "invalid request: " + "; ".join(parts)[:500])

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_response(request, env, 500, "internal error (logged on the server)")

    async def store_error(request: Request, exc: Exception) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return _error_response(request, env, 503, "the database cannot be read right now")

    app.add_exception_handler(Q.QueryError, query_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(duckdb.Error, internal_error)
    app.add_exception_handler(Exception, internal_error)


_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}, 500: {"model": m.ErrorOut}}


def _api_routes(app: FastAPI, db: Database, data: Data, token: str | None) -> None:
    @app.get("/api/events", response_model=m.EventPage, responses=_ERRORS, tags=["events"])
    def api_events(f: Filters, limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
        """Events matching every filter given; `a`&`b` is a pair in either direction."""
        return data.events(f, limit, offset)

    @app.get("/api/timeline", response_model=m.Timeline, responses=_ERRORS, tags=["events"])
    def api_timeline(f: Filters, by: Annotated[str, Query(pattern="^(day|month|year)$")] = "month") -> dict[str, Any]:
        """Per period: counts by PLOVER type and quad class, Goldstein sum and mean; the strongest events."""
        return data.timeline(f, by)

    @app.get("/api/actors", response_model=m.ActorPage, responses=_ERRORS, tags=["actors"])
    def api_actors(q: Annotated[str | None, Query(max_length=TEXT)] = None,
                   limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Actors by number of events (ids before any ':SECTOR')."""
        return data.actors(q, limit, offset)

    @app.get("/api/actors/{actor_id}", response_model=m.ActorDetail, responses=_ERRORS, tags=["actors"])
    def api_actor(actor_id: Annotated[str, PathParam(max_length=81)]) -> dict[str, Any]:
        return data.actor(actor_id)

    @app.get("/api/documents/{doc_id}", response_model=m.DocumentOut, responses=_ERRORS, tags=["documents"])
    def api_document(doc_id: Annotated[str, PathParam(max_length=TEXT)]) -> dict[str, Any]:
        """The document text, its events, and marks: evidence sentences, triggers, actor mentions (offsets in text)."""
        return data.document(doc_id)

    @app.get("/api/stories", response_model=m.StoryPage, responses=_ERRORS, tags=["stories"])
    def api_stories(limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
        """Stories, when the database has a stories table; 404 otherwise."""
        return data.stories(limit, offset)

    @app.get("/api/stories/{story_id}", response_model=m.Story, responses=_ERRORS, tags=["stories"])
    def api_story(story_id: Annotated[str, PathParam(max_length=TEXT)]) -> dict[str, Any]:
        return data.story(story_id)

    @app.get("/api/stats", response_model=m.Stats, tags=["meta"])
    def api_stats() -> dict[str, Any]:
        return {**Q.stats(db.cursor()), "stories": db.has_stories, "ingest": token is not None}

    def authorised(authorization: Annotated[str | None, Header(max_length=500)] = None) -> None:
        """Runs before the body is read: a disabled or unauthorised ingest never parses articles."""
        if token is None:
            raise StarletteHTTPException(403, "ingest is disabled on this server")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not (authorization or "").startswith("Bearer ") or not hmac.compare_digest(given.encode(), token.encode()):
            raise StarletteHTTPException(401, "a valid Bearer token is required", headers={"WWW-Authenticate": "Bearer"})

    @app.post("/api/ingest", response_model=m.IngestResult, tags=["ingest"], dependencies=[Depends(authorised)],
              responses={401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 413: {"model": m.ErrorOut},
                         422: {"model": m.ErrorOut}})
    def api_ingest(body: m.IngestRequest) -> dict[str, Any]:
        """Code and store articles. Disabled (403) unless the server has an ingest token; then Bearer auth."""
        return _ingest(db, body)


def _ingest(db: Database, body: m.IngestRequest) -> dict[str, Any]:
    from quanhe import api

    with db.write_lock, tempfile.TemporaryDirectory(prefix="quanhe-ingest-") as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for article in body.articles:
                fh.write(json.dumps(article.model_dump(exclude_none=True), ensure_ascii=False) + "\n")
        # the same process already holds the file read-write, so DuckDB shares that instance here
        summary = api.run([str(path)], db=db.path)
        db.generation += 1
        db.refresh()
    return {"documents_stored": summary.documents_stored, "documents_skipped": summary.documents_skipped,
            "events_stored": summary.events_stored,
            "errors": [e.reason for e in summary.errors]}


def _page_routes(app: FastAPI, db: Database, data: Data, env: Environment) -> None:
    def page(request: Request, template: str, payload: dict[str, Any], model: type[Any], **extra: Any) -> Response:
        public = {k: v for k, v in payload.items() if not k.startswith("_")}
        if _wants_json(request):
            return JSONResponse(model.model_validate(public).model_dump(mode="json"))
        html = env.get_template(template).render(request=request, data=payload, has_stories=db.has_stories,
                                                 qs=lambda **kw: _query_string(request, **kw), **extra)
        return HTMLResponse(html)

    @app.get("/", include_in_schema=False)
    def relations(request: Request, f: Filters, by: Annotated[str, Query(pattern="^(day|month|year)$")] = "month"
                  ) -> Response:
        if f.pair is None and f.actor is None:
            pair = Q.top_pair(db.cursor())
            if pair:
                f = Q.EventFilter(pair=pair, type=f.type, quad_class=f.quad_class, date_from=f.date_from,
                                 date_to=f.date_to, q=f.q)
        payload = data.timeline(f, by)
        title = f"{payload['a'] or 'all'} – {payload['b'] or 'all'}: cooperation and conflict by {by}"
        actors = Q.actors(db.cursor(), limit=300)
        return page(request, "relations.html", payload, m.Timeline, chart=timeline_svg(payload["periods"], title),
                    actors=actors, title="Relations")

    @app.get("/events", include_in_schema=False)
    def events_page(request: Request, f: Filters, limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> Response:
        payload = data.events(f, limit, offset)
        return page(request, "events.html", payload, m.EventPage, f=f, title="Events")

    @app.get("/actors", include_in_schema=False)
    def actors_page(request: Request, q: Annotated[str | None, Query(max_length=TEXT)] = None,
                    limit: Limit = 100, offset: Offset = 0) -> Response:
        return page(request, "actors.html", data.actors(q, limit, offset), m.ActorPage, q=q or "", title="Actors")

    @app.get("/actors/{actor_id}", include_in_schema=False)
    def actor_page(request: Request, actor_id: Annotated[str, PathParam(max_length=81)]) -> Response:
        payload = data.actor(actor_id)
        tl = db.events.timeline(db.cursor(), Q.EventFilter(actor=payload["actor"]["actor_id"]), "month")
        chart = timeline_svg(tl["periods"], f"{payload['actor']['actor_id']}: events by month")
        return page(request, "actor.html", payload, m.ActorDetail, chart=chart,
                    title=f"Actor {payload['actor']['actor_id']}")

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document_page(request: Request, doc_id: Annotated[str, PathParam(max_length=TEXT)]) -> Response:
        payload = data.document(doc_id)
        sentences = [
            {"event": e, "html": marked_html(e["sentence"] or "", sentence_marks(e, payload["_actors"]))}
            for e in payload["events"]
        ]
        return page(request, "document.html", payload, m.DocumentOut, title=payload["title"] or doc_id,
                    text_html=marked_html(payload["text"], payload["marks"]), sentences=sentences)

    @app.get("/stories", include_in_schema=False)
    def stories_page(request: Request, limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> Response:
        return page(request, "stories.html", data.stories(limit, offset), m.StoryPage, title="Stories")

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story_page(request: Request, story_id: Annotated[str, PathParam(max_length=TEXT)]) -> Response:
        return page(request, "story.html", data.story(story_id), m.Story, title=f"Story {story_id}")


ENV_DB = "QUANHE_SERVE_DB"
ENV_CORS = "QUANHE_SERVE_CORS"


def app_from_env() -> FastAPI:
    """The app of each worker process under `quanhe serve --workers N` (read-only; the database
    path and CORS origins come through the environment, set by `serve`)."""
    cors = json.loads(os.environ.get(ENV_CORS) or "[]")
    return create_app(os.environ[ENV_DB], cors_origins=list(cors) or None)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, ingest_token: str | None = None,
          cors_origins: list[str] | None = None, access_log: bool = False, workers: int = 1) -> None:
    """Run the app under uvicorn (used by `quanhe serve`); `workers` > 1 starts that many processes,
    each with its own connection and in-memory index, answering on the same socket."""
    import uvicorn

    token = ingest_token or os.environ.get("QUANHE_INGEST_TOKEN") or None
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "access_log": access_log,
                               "server_header": False}
    if workers <= 1:
        uvicorn.run(create_app(db_path, ingest_token=token, cors_origins=cors_origins), **options)
        return
    if token:
        raise QuanheError("ingest needs one server process (it is the only writer of the file): "
                          "use --workers 1 with an ingest token")
    path = Path(db_path).resolve()
    if not path.exists():
        raise StoreError(f"{path}: no such database (run `quanhe run` first)")
    os.environ[ENV_DB] = str(path)
    os.environ[ENV_CORS] = json.dumps(list(cors_origins or []))
    log.info("starting %d worker processes over %s", workers, path)
    uvicorn.run("quanhe.web.app:app_from_env", factory=True, workers=workers, **options)


__all__ = ["app_from_env", "create_app", "serve"]
