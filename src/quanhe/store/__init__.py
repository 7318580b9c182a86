"""Event stores behind one small interface."""
from quanhe.store.base import Store
from quanhe.store.duckdb_store import DuckDBStore
from quanhe.store.filters import EventFilter

__all__ = ["DuckDBStore", "EventFilter", "Store"]
