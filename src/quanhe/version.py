"""The package version, kept in one place (read from the installed metadata)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quanhe")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
