"""The storage interface every backend implements (DuckDB is the default)."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol

from quanhe.document import Document
from quanhe.store.filters import EventFilter


class Store(Protocol):
    def stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str, str]]: ...

    def write_batch(self, docs: Iterable[tuple[Document, str]], quanhe_version: str,
                    stored: Collection[str] | None = None) -> int: ...

    def events(self, flt: EventFilter = ..., limit: int | None = None) -> list[dict[str, Any]]: ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...
