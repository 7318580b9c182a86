"""quanhe: political event data from Vietnamese news."""
from quanhe.api import evaluate, process, process_document, process_text, query_events, run
from quanhe.dictionaries import Dictionaries, load_dictionaries
from quanhe.document import ActorMention, ActorRef, Document, Event, Sentence
from quanhe.errors import DictionaryError, GoldError, InputError, QuanheError, StoreError
from quanhe.pipeline import Pipeline, build_pipeline
from quanhe.version import __version__

__all__ = [
    "ActorMention", "ActorRef", "Dictionaries", "DictionaryError", "Document", "Event", "GoldError",
    "InputError", "Pipeline", "QuanheError", "Sentence", "StoreError", "__version__", "build_pipeline",
    "evaluate", "load_dictionaries", "process", "process_document", "process_text", "query_events", "run",
]
