"""The one type that flows through the pipeline, and what stages attach to it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class ActorMention:
    """A span of the normalised text that denotes a political actor."""

    start: int
    end: int
    text: str
    id: str  # state ISO3, organisation or group id; "" when unresolved
    kind: str  # state, org, group, capital, seat, person, coref
    sector: str = ""
    role: str = ""
    person: str = ""
    resolution: str = "alias"  # alias, metonym, role, person, coreference
    location: bool = False  # "tại Moscow": a place, not an acting party

    @property
    def code(self) -> str:
        return f"{self.id}:{self.sector}" if self.sector else self.id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ActorRef:
    """An actor as it appears on an event: a code, a display name, the text as written."""

    id: str
    name: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "text": self.text}


@dataclass(slots=True)
class Event:
    doc_id: str
    event_id: str
    type: str
    mode: str
    context: str
    source: list[ActorRef]
    target: list[ActorRef]
    sentence_index: int
    start: int  # sentence offsets in the normalised text
    end: int
    sentence: str
    trigger: str
    trigger_start: int
    trigger_end: int
    cameo: str
    goldstein: float | None
    quad_class: int | None
    # asserted, planned, negated, conditional, threatened, question, purpose, hoped, background, obliged
    modality: str = "asserted"
    date: str | None = None
    date_text: str = ""
    mentions: list[dict[str, Any]] = field(default_factory=list)
    coder_version: str = ""
    dictionary_version: str = ""

    @property
    def negated(self) -> bool:
        return self.modality in ("negated", "conditional", "threatened", "question", "purpose", "hoped", "background", "obliged")

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "type": self.type,
            "mode": self.mode,
            "context": self.context,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "date": self.date,
            "date_text": self.date_text,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "modality": self.modality,
            "negated": self.negated,
            "mentions": self.mentions,
            "coder_version": self.coder_version,
            "dictionary_version": self.dictionary_version,
        }


@dataclass(slots=True)
class Document:
    """An article. Stages fill in fields and return the same object."""

    id: str
    raw: str = ""  # what the source gave: text or HTML
    is_html: bool = False
    origin: str = ""  # file path or stream name, for error messages
    title: str = ""
    author: str = ""
    published: str | None = None  # ISO date YYYY-MM-DD when known
    site: str = ""
    url: str = ""
    source: str = ""  # outlet name
    text: str = ""  # main text after extraction, then after normalisation
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    candidates: list[Event] = field(default_factory=list)  # every coded event, any modality
    stages: list[str] = field(default_factory=list)
    dictionary_version: str = ""  # stamped by the pipeline that processed the document

    @property
    def events(self) -> list[Event]:
        """The events reported as real: negated, conditional and question events left out."""
        return [e for e in self.candidates if not e.negated]

    def metadata(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "site": self.site,
            "url": self.url,
            "source": self.source,
        }
