"""Load, check and index the data files under quanhe/data (format: docs/dictionary-format.md).

`load_dictionaries()` returns one immutable `Dictionaries` bundle that every stage
receives explicitly; nothing here is module-level mutable state. The bundle holds
the parsed rows, their Aho-Corasick automata and a version string that names
exactly the data that produced an event.
"""
from __future__ import annotations

import gc
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import ahocorasick

from quanhe.errors import DictionaryError
from quanhe.stages.normalize import normalize_text

DATA_DIR = Path(__file__).resolve().parent / "data"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ACTOR_FILES = ("states", "state_variants", "organisations", "metonyms", "groups", "people")
ACTOR_KINDS = frozenset({"state", "org", "group", "capital", "seat", "person"})
SECTORS = frozenset(
    {"GOV", "MIL", "LEG", "JUD", "OPP", "REB", "DIP", "POL", "BUS", "MED", "CVL", "IGO",
     "NGO", "INS", "TER", "SPY", "EDU", "REL", "LAB", "HLH", "ELI", "CRM", "PTY", "SEC"}
)
FRAMES = frozenset({"svo", "sym", "speech", "intrans"})
TRIGGER_FLAGS = frozenset({"noun", "needs_target", "adjacent_target", "needs_source", "not_event"})
ACTOR_FLAGS = frozenset({"ambiguous", "alliance", "bloc"})
COREF_KINDS = frozenset({"state", "org", "alliance", "actor", "person", "pair"})
MODALITIES = frozenset({"negated", "conditional", "threat", "planned", "question", "denied", "purpose", "hoped", "background", "obliged"})
GAP = "..."
MAX_GAP_SYLLABLES = 6
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def fold(text: str) -> str:
    """The matching key of a phrase: normalised, lower-cased, single-spaced."""
    return " ".join(normalize_text(text).lower().split())


@lru_cache(maxsize=16)  # several stages lower the same document text
def lower_same_length(text: str) -> str:
    """Lower-case without changing any offset (a few characters grow when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def fail(self, reason: str) -> DictionaryError:
        return DictionaryError(self.path, self.line, reason)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    id: str
    kind: str
    sector: str
    role: str
    name: str
    valid_from: str
    valid_to: str
    flags: frozenset[str]
    case_sensitive_forms: frozenset[str]  # aliases that must match case exactly
    where: str  # file:line, for lint messages

    def valid_on(self, day: str | None) -> bool:
        if not day:
            return True
        return (not self.valid_from or self.valid_from <= day[: len(self.valid_from)]) and (
            not self.valid_to or day[: len(self.valid_to)] <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class RoleEntry:
    sector: str
    role: str


@dataclass(frozen=True, slots=True)
class CorefEntry:
    refers_to: str
    not_followed_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriggerPattern:
    type: str
    mode: str
    context: str
    cameo: str
    pattern: str
    parts: tuple[str, ...]  # folded segments split at the gap marker
    frame: str
    flags: frozenset[str]
    where: str


@dataclass(frozen=True, slots=True)
class ModalityCue:
    phrase: str
    modality: str
    scope: str


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A city (data/places/cities.tsv) or a territory (regions.tsv): where something happens, never an actor."""

    state: str  # ISO3 of the state the place lies in
    name: str
    population: int
    where: str
    territory: bool = False  # a hand-kept territory: its name is unambiguous, no need to see the state named


@dataclass(frozen=True, slots=True)
class Dictionaries:
    version: str
    actors: tuple[ActorEntry, ...]
    actor_automaton: ahocorasick.Automaton  # key -> ("actor"|"role"|"coref", key length, payload)
    triggers: tuple[TriggerPattern, ...]
    trigger_automaton: ahocorasick.Automaton  # first segment -> (length, patterns)
    modality: tuple[ModalityCue, ...]
    modality_automaton: ahocorasick.Automaton
    cameo_plover: dict[str, tuple[str, str, str]]
    goldstein: dict[str, float]
    names: dict[str, str] = field(default_factory=dict)  # actor id -> display name
    state_ids: frozenset[str] = frozenset()
    alliance_ids: frozenset[str] = frozenset()  # what "liên minh này" can refer to
    bloc_ids: frozenset[str] = frozenset()  # what "khối" can refer to (alliances too)
    places: tuple[PlaceEntry, ...] = ()
    place_automaton: ahocorasick.Automaton | None = None  # folded city form -> ("place", PlaceEntry)

    def goldstein_for(self, cameo: str) -> float | None:
        code = cameo
        while code:
            if code in self.goldstein:
                return self.goldstein[code]
            code = code[:-1]
        return None


def quad_class(cameo: str) -> int | None:
    """GDELT's QuadClass from the CAMEO root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    if len(cameo) < 2 or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


# ---------------------------------------------------------------- reading files

def read_tsv(path: Path, required_header: Iterable[str] = ("title", "source", "licence")) -> Iterator[Row]:
    """Rows of a quanhe TSV file, each with its line number; checks the header comments.
    The file is normalised once as a whole (tabs and newlines are left alone by normalisation)."""
    name = str(path)
    header: list[str] | None = None
    meta: set[str] = set()
    text = normalize_text(path.read_text(encoding="utf-8"))
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            meta.add(line[1:].split(":", 1)[0].strip().lower())
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            missing = [k for k in required_header if k not in meta]
            if missing:
                raise DictionaryError(name, number, f"header comment(s) missing: {', '.join(missing)}")
            header = [c.lower() for c in cells]
            continue
        if len(cells) > len(header):
            raise DictionaryError(name, number, f"{len(cells)} columns, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        yield Row(name, number, dict(zip(header, cells)))


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _check_date(row: Row, column: str) -> str:
    value = row[column]
    if value and not _DATE.match(value):
        raise row.fail(f"{column} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if value:
        parts = [int(p) for p in value.split("-")]
        try:
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            raise row.fail(f"{column} {value!r}: {exc}") from None
    return value


def _parse_actor(row: Row) -> tuple[ActorEntry, list[str]]:
    kind = row["kind"]
    if kind not in ACTOR_KINDS:
        raise row.fail(f"unknown kind {kind!r}")
    if not row["id"]:
        raise row.fail("empty id")
    if row["sector"] and row["sector"] not in SECTORS:
        raise row.fail(f"unknown sector {row['sector']!r}")
    flags = frozenset(_split_list(row["flags"]))
    if flags - ACTOR_FLAGS:
        raise row.fail(f"unknown flag(s) {sorted(flags - ACTOR_FLAGS)}")
    start, end = _check_date(row, "from"), _check_date(row, "to")
    if start and end and end < start[: len(end)]:
        raise row.fail(f"from {start} is after to {end}")
    aliases = _split_list(row["aliases"]) or [row["name"]]
    exact = frozenset(normalize_text(a[1:]) for a in aliases if a.startswith("="))
    forms = [a[1:] if a.startswith("=") else a for a in aliases]
    entry = ActorEntry(
        id=row["id"], kind=kind, sector=row["sector"], role=row["role"],
        name=row["name"] or forms[0], valid_from=start, valid_to=end, flags=flags,
        case_sensitive_forms=exact, where=f"{Path(row.path).name}:{row.line}",
    )
    return entry, forms


def _parse_trigger(row: Row, expected_type: str) -> TriggerPattern:
    if row["type"] not in PLOVER_TYPES:
        raise row.fail(f"unknown PLOVER type {row['type']!r}")
    if expected_type and row["type"] != expected_type:
        raise row.fail(f"type {row['type']} in the file of {expected_type}")
    frame = row["frame"] or "svo"
    if frame not in FRAMES:
        raise row.fail(f"unknown frame {frame!r}")
    flags = frozenset(_split_list(row["flags"]))
    if flags - TRIGGER_FLAGS:
        raise row.fail(f"unknown flag(s) {sorted(flags - TRIGGER_FLAGS)}")
    parts = tuple(fold(p) for p in row["pattern"].split(GAP))
    if not row["pattern"] or any(not p for p in parts):
        raise row.fail(f"malformed pattern {row['pattern']!r}")
    return TriggerPattern(
        type=row["type"], mode=row["mode"], context=row["context"], cameo=row["cameo"],
        pattern=row["pattern"], parts=parts, frame=frame, flags=flags,
        where=f"{Path(row.path).name}:{row.line}",
    )


# ---------------------------------------------------------------- building the bundle

def _data_fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.tsv")):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _manifest_version(data_dir: Path) -> str:
    manifest = data_dir / "manifest.json"
    if not manifest.exists():
        return "0"
    return str(json.loads(manifest.read_text(encoding="utf-8")).get("version", "0"))


def _add(automaton: ahocorasick.Automaton, key: str, item: tuple) -> None:
    if automaton.exists(key):
        _, length, items = automaton.get(key)
        items.append(item)
    else:
        automaton.add_word(key, (key, len(key), [item]))


def load_actor_entries(data_dir: Path) -> list[tuple[ActorEntry, list[str]]]:
    entries = []
    for stem in ACTOR_FILES:
        path = data_dir / "actors" / f"{stem}.tsv"
        if path.exists():
            entries.extend(_parse_actor(row) for row in read_tsv(path))
    return entries


def load_triggers(data_dir: Path) -> list[TriggerPattern]:
    patterns: list[TriggerPattern] = []
    for plover_type in PLOVER_TYPES:
        path = data_dir / "triggers" / f"{plover_type}.tsv"
        if path.exists():
            patterns.extend(_parse_trigger(row, plover_type) for row in read_tsv(path))
    return patterns


def _build_actor_automaton(
    entries: list[tuple[ActorEntry, list[str]]], data_dir: Path
) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for entry, forms in entries:
        for form in forms:
            exact = form if form in entry.case_sensitive_forms else ""
            _add(automaton, fold(form), ("actor", (entry, exact)))
    roles = data_dir / "actors" / "roles.tsv"
    if roles.exists():
        for row in read_tsv(roles):
            if row["sector"] and row["sector"] not in SECTORS:
                raise row.fail(f"unknown sector {row['sector']!r}")
            for phrase in _split_list(row["phrase"]):
                _add(automaton, fold(phrase), ("role", RoleEntry(row["sector"], row["role"])))
    coref = data_dir / "actors" / "coref.tsv"
    if coref.exists():
        for row in read_tsv(coref):
            if row["refers_to"] not in COREF_KINDS:
                raise row.fail(f"unknown refers_to {row['refers_to']!r}")
            blocked = tuple(fold(w) for w in _split_list(row["not_followed_by"]))
            for phrase in _split_list(row["phrase"]):
                _add(automaton, fold(phrase), ("coref", CorefEntry(row["refers_to"], blocked)))
    automaton.make_automaton()
    return automaton


PLACE_FILES = ("cities", "regions")


def load_places(data_dir: Path) -> list[tuple[PlaceEntry, list[str]]]:
    """Gazetteer rows with their forms; checks the state code's shape and the population."""
    places = []
    for stem in PLACE_FILES:
        path = data_dir / "places" / f"{stem}.tsv"
        if not path.exists():
            continue
        file_name = path.name
        for row in read_tsv(path):
            state = row["state"]
            if len(state) != 3 or not state.isalpha() or not state.isupper():
                raise row.fail(f"state {state!r} is not an ISO 3166-1 alpha-3 code")
            try:
                population = int(row["population"] or 0)
            except ValueError:
                raise row.fail(f"population {row['population']!r} is not a number") from None
            forms = _split_list(row["aliases"]) or [row["name"]]
            places.append((PlaceEntry(state, row["name"] or forms[0], population,
                                      f"{file_name}:{row.line}", territory=stem == "regions"), forms))
    return places


def _build_place_automaton(places: list[tuple[PlaceEntry, list[str]]]) -> ahocorasick.Automaton:
    """Folded form -> (key, length, [("place", entry), ...]); the forms are already normalised."""
    by_key: dict[str, list[tuple[str, PlaceEntry]]] = {}
    for entry, forms in places:
        for form in forms:
            by_key.setdefault(" ".join(form.lower().split()), []).append(("place", entry))
    automaton = ahocorasick.Automaton()
    for key, items in by_key.items():
        automaton.add_word(key, (key, len(key), items))
    automaton.make_automaton()
    return automaton


def _build_trigger_automaton(patterns: list[TriggerPattern]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for pattern in patterns:
        _add(automaton, pattern.parts[0], ("trigger", pattern))
    automaton.make_automaton()
    return automaton


def _load_modality(data_dir: Path) -> tuple[list[ModalityCue], ahocorasick.Automaton]:
    cues: list[ModalityCue] = []
    automaton = ahocorasick.Automaton()
    path = data_dir / "triggers" / "modality.tsv"
    if path.exists():
        for row in read_tsv(path):
            if row["modality"] not in MODALITIES:
                raise row.fail(f"unknown modality {row['modality']!r}")
            for phrase in _split_list(row["phrase"]):
                cue = ModalityCue(fold(phrase), row["modality"], row["scope"] or "before")
                cues.append(cue)
                _add(automaton, cue.phrase, ("modality", cue))
    automaton.make_automaton()
    return cues, automaton


def _load_ontology(data_dir: Path) -> tuple[dict[str, tuple[str, str, str]], dict[str, float]]:
    crosswalk = {
        row["cameo"]: (row["type"], row["mode"], row["context"])
        for row in read_tsv(data_dir / "ontology" / "cameo_plover.tsv")
    }
    weights = {
        row["cameo"]: float(row["goldstein"])
        for row in read_tsv(data_dir / "ontology" / "cameo_goldstein.tsv")
    }
    return crosswalk, weights


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building the bundle allocates a few hundred thousand long-lived objects (rows, entries,
    automaton values) and no garbage cycles worth collecting; with the cyclic collector running,
    its repeated passes over the growing heap took about a third of the build. The previous
    state is restored afterwards (a caller that disabled it keeps it disabled)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_dictionaries(data_dir: Path = DATA_DIR) -> Dictionaries:
    """Parse every data file under `data_dir` into a fresh bundle (raises DictionaryError)."""
    with _collector_paused():
        return _build_dictionaries(data_dir)


def _build_dictionaries(data_dir: Path) -> Dictionaries:
    entries = load_actor_entries(data_dir)
    triggers = load_triggers(data_dir)
    cues, modality_automaton = _load_modality(data_dir)
    crosswalk, weights = _load_ontology(data_dir)
    names: dict[str, str] = {}
    for entry, _ in entries:
        if entry.kind in ("state", "org", "group"):
            names.setdefault(entry.id, entry.name)
    alliances = {e.id for e, _ in entries if "alliance" in e.flags}
    places = load_places(data_dir)
    return Dictionaries(
        places=tuple(p for p, _ in places),
        place_automaton=_build_place_automaton(places),
        state_ids=frozenset(e.id for e, _ in entries if e.kind == "state"),
        alliance_ids=frozenset(alliances),
        bloc_ids=frozenset(alliances | {e.id for e, _ in entries if "bloc" in e.flags}),
        version=f"{_manifest_version(data_dir)}+{_data_fingerprint(data_dir)}",
        actors=tuple(e for e, _ in entries),
        actor_automaton=_build_actor_automaton(entries, data_dir),
        triggers=tuple(triggers),
        trigger_automaton=_build_trigger_automaton(triggers),
        modality=tuple(cues),
        modality_automaton=modality_automaton,
        cameo_plover=crosswalk,
        goldstein=weights,
        names=names,
    )


@lru_cache(maxsize=4)
def load_dictionaries(data_dir: str | None = None) -> Dictionaries:
    """The bundle for `data_dir` (default: the packaged data), parsed once per process."""
    return build_dictionaries(Path(data_dir) if data_dir else DATA_DIR)
