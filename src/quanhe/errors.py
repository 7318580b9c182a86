"""Typed errors. Every message names the thing that failed and why."""
from __future__ import annotations


class QuanheError(Exception):
    """Base class of every error quanhe raises on purpose."""


class InputError(QuanheError):
    """An input file or record cannot be read."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DictionaryError(QuanheError):
    """A dictionary or lexicon file is malformed."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class StoreError(QuanheError):
    """The event store cannot be opened or written."""


class GoldError(QuanheError):
    """A gold file does not follow the annotation format."""
