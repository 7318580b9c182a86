"""The HTTP API and dashboard (`quanhe serve`). The web stack is imported only when an app is made."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_path: Any, ingest_token: str | None = None, cors_origins: list[str] | None = None) -> FastAPI:
    from quanhe.web.app import create_app as _create

    return _create(db_path, ingest_token=ingest_token, cors_origins=cors_origins)


__all__ = ["create_app"]
