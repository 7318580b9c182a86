"""Typed errors of the corpus package."""
from __future__ import annotations

from quanhe.errors import QuanheError


class CorpusError(QuanheError):
    """Corpus-level work cannot be done (missing tables, bad arguments)."""


class StoryNotFound(CorpusError):
    """No story has the requested id."""

    def __init__(self, story_id: str) -> None:
        super().__init__(f"{story_id}: no such story (run `quanhe stories` first)")
        self.story_id = story_id


class MissingDependency(CorpusError):
    """An optional dependency (the 'stories' extra) is not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(f"{package} is required for this command: pip install 'quanhe[stories]' ({package})")
        self.package = package
