"""The JSON schema of the API (pydantic models; FastAPI publishes them in /openapi.json)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

MAX_INGEST_ARTICLES = 50
MAX_ARTICLE_CHARS = 200_000


class ActorRef(BaseModel):
    id: str
    name: str = ""
    text: str = ""


class Event(BaseModel):
    event_id: str
    doc_id: str
    type: str
    mode: str = ""
    context: str = ""
    source: list[ActorRef]
    target: list[ActorRef]
    date: str | None = Field(None, description="EDTF date as coded (XXXX = unknown year)")
    date_text: str | None = None
    day: str | None = Field(None, description="ISO day the event is placed at (see docs/exports.md)")
    date_source: str | None = Field(None, description="event, year-from-published or published")
    sentence_index: int | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    modality: str | None = None
    negated: bool = False
    coder_version: str | None = None
    dictionary_version: str | None = None
    quanhe_version: str | None = None
    url: str = ""
    title: str = ""


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    events: list[Event]


class ActorSummary(BaseModel):
    actor_id: str
    name: str = ""
    as_source: int
    as_target: int
    events: int


class ActorPage(BaseModel):
    limit: int
    offset: int
    actors: list[ActorSummary]


class Partner(BaseModel):
    actor_id: str
    events: int


class ActorDetail(BaseModel):
    actor: ActorSummary
    partners: list[Partner]
    recent_events: list[Event]


class Period(BaseModel):
    period: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD, or 'undated'")
    events: int
    goldstein_sum: float | None
    goldstein_mean: float | None
    quad_class: dict[str, int]
    cooperation: int = Field(description="quad classes 1 and 2")
    conflict: int = Field(description="quad classes 3 and 4")
    by_type: dict[str, int]
    key_event_id: str | None = Field(None, description="the period's event with the largest |Goldstein|")


class Timeline(BaseModel):
    a: str | None
    b: str | None
    by: str
    periods: list[Period]
    key_events: list[Event]


class Mark(BaseModel):
    start: int
    end: int
    kind: str = Field(description="evidence (an event's sentence), trigger, or actor")
    label: str = ""
    event_id: str | None = None


class DocumentOut(BaseModel):
    doc_id: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None
    source: str | None = None
    text: str
    marks: list[Mark]
    events: list[Event]


class StoryPage(BaseModel):
    limit: int
    offset: int
    stories: list[dict[str, Any]]


class Story(BaseModel):
    story: dict[str, Any]
    events: list[Event]


class Article(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    text: str | None = Field(None, max_length=MAX_ARTICLE_CHARS)
    html: str | None = Field(None, max_length=MAX_ARTICLE_CHARS)
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40)
    source: str | None = Field(None, max_length=200)


class IngestRequest(BaseModel):
    articles: list[Article] = Field(min_length=1, max_length=MAX_INGEST_ARTICLES)


class IngestResult(BaseModel):
    documents_stored: int
    documents_skipped: int
    events_stored: int
    errors: list[str]


class Stats(BaseModel):
    documents: int
    events: int
    stories: bool
    ingest: bool


class ErrorOut(BaseModel):
    error: str
    status: int
