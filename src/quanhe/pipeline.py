"""The ordered per-document stages: extract -> normalize -> sentences -> actors -> places -> events -> dates."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from quanhe.dictionaries import Dictionaries, load_dictionaries
from quanhe.document import Document
from quanhe.stages import actors, dates, events, extract, normalize, places, sentences

Stage = Callable[[Document], Document]


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A fixed sequence of `Document -> Document` stages sharing one dictionary bundle."""

    dictionaries: Dictionaries
    stages: tuple[tuple[str, Stage], ...]

    def __call__(self, doc: Document) -> Document:
        doc.dictionary_version = self.dictionaries.version
        for _, stage in self.stages:
            doc = stage(doc)
        return doc

    @property
    def dictionary_version(self) -> str:
        return self.dictionaries.version


def build_pipeline(dictionaries: Dictionaries | None = None) -> Pipeline:
    dicts = dictionaries or load_dictionaries()
    return Pipeline(
        dictionaries=dicts,
        stages=(
            ("extract", extract.extract),
            ("normalize", normalize.normalize),
            ("sentences", sentences.sentences),
            ("actors", partial(actors.actors, dicts=dicts)),
            ("places", partial(places.places, dicts=dicts)),
            ("events", partial(events.events, dicts=dicts)),
            ("dates", dates.dates),
            ("merge", events.merge_event_mentions),
        ),
    )
