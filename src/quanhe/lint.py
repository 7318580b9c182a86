"""`quanhe dict lint` and `quanhe dict manifest`: keep the data files honest.

Checks: every file parses (header, columns, known kinds/sectors/flags/frames/types,
dates), ids of people and metonyms exist, no alias maps to two ids in overlapping
periods unless both are flagged ambiguous, no person holds the same role twice at
once, trigger CAMEO codes exist in the crosswalk or Goldstein table, no duplicate
trigger pattern, every city of the gazetteer lies in a known state and no city form is
listed twice, and the manifest's checksums match the files.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from quanhe.dictionaries import (
    DATA_DIR, ActorEntry, build_dictionaries, fold, load_actor_entries, load_places, load_triggers,
)
from quanhe.errors import DictionaryError

LICENCE = "MIT for quanhe's own files; third-party tables keep their licences (see each file's header)"


def _overlap(a: ActorEntry, b: ActorEntry) -> bool:
    a_from, a_to = a.valid_from or "0000", a.valid_to or "9999"
    b_from, b_to = b.valid_from or "0000", b.valid_to or "9999"
    return a_from <= b_to and b_from <= a_to


def _alias_conflicts(entries: list[tuple[ActorEntry, list[str]]]) -> list[str]:
    problems = []
    by_alias: dict[str, list[ActorEntry]] = defaultdict(list)
    for entry, forms in entries:
        for form in forms:
            by_alias[fold(form)].append(entry)
    for alias, owners in sorted(by_alias.items()):
        for i, a in enumerate(owners):
            for b in owners[i + 1:]:
                if a.id == b.id or not _overlap(a, b):
                    continue
                if "ambiguous" in a.flags and "ambiguous" in b.flags:
                    continue
                if a.kind != b.kind and {a.kind, b.kind} & {"person", "capital", "seat"}:
                    continue  # a metonym or person sharing a state's name resolves to the same id family
                problems.append(f"{a.where} / {b.where}: alias {alias!r} means {a.id} and {b.id} at the same time")
    return problems


def _role_overlaps(entries: list[tuple[ActorEntry, list[str]]]) -> list[str]:
    problems = []
    by_key: dict[tuple[str, str, str], list[ActorEntry]] = defaultdict(list)
    for entry, _ in entries:
        if entry.kind == "person" and entry.role:
            by_key[(entry.name, entry.id, entry.role)].append(entry)
    for (name, actor, role), terms in by_key.items():
        for i, a in enumerate(terms):
            for b in terms[i + 1:]:
                if _overlap(a, b) and (a.valid_from, a.valid_to) != ("", ""):
                    problems.append(f"{a.where} / {b.where}: {name} holds {actor} {role} twice at once")
    return problems


def _unknown_ids(entries: list[tuple[ActorEntry, list[str]]]) -> list[str]:
    known = {e.id for e, _ in entries if e.kind in ("state", "org", "group")}
    return [f"{e.where}: {e.kind} points to unknown actor id {e.id!r}"
            for e, _ in entries if e.kind in ("person", "capital", "seat") and e.id not in known]


def _trigger_problems(data_dir: Path, cameo_codes: set[str]) -> list[str]:
    problems = []
    seen: dict[tuple[str, ...], str] = {}
    for t in load_triggers(data_dir):
        if t.cameo and t.cameo not in cameo_codes:
            problems.append(f"{t.where}: unknown CAMEO code {t.cameo!r}")
        if not t.cameo:
            problems.append(f"{t.where}: pattern {t.pattern!r} has no CAMEO code")
        if t.parts in seen:
            problems.append(f"{t.where}: pattern {t.pattern!r} already defined at {seen[t.parts]}")
        else:
            seen[t.parts] = t.where
    return problems


def _place_problems(data_dir: Path, state_ids: frozenset[str]) -> list[str]:
    """Cities in unknown states; a form given to two cities, or twice to one, or a city listed twice."""
    problems = []
    owner: dict[str, str] = {}
    seen_cities: dict[tuple[str, str], str] = {}
    for entry, forms in load_places(data_dir):
        if entry.state not in state_ids:
            problems.append(f"{entry.where}: unknown state {entry.state!r} (not in actors/states.tsv)")
        city = (entry.state, entry.name)
        if city in seen_cities:
            problems.append(f"{entry.where}: {entry.name} ({entry.state}) already listed at {seen_cities[city]}")
        seen_cities.setdefault(city, entry.where)
        for form in forms:
            key = fold(form)
            if key in owner:
                problems.append(f"{entry.where}: form {form!r} already listed at {owner[key]}")
            else:
                owner[key] = entry.where
    return problems


def checksums(data_dir: Path) -> dict[str, str]:
    return {
        path.relative_to(data_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.rglob("*.tsv"))
    }


def _manifest_problems(data_dir: Path) -> list[str]:
    path = data_dir / "manifest.json"
    if not path.exists():
        return [f"{path}: missing (run `quanhe dict manifest`)"]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest.get("files", [])}
    actual = checksums(data_dir)
    problems = [f"{path}: {name} is not listed" for name in sorted(set(actual) - set(listed))]
    problems += [f"{path}: {name} is listed but missing" for name in sorted(set(listed) - set(actual))]
    problems += [f"{path}: checksum of {name} does not match (edited without `quanhe dict manifest`?)"
                 for name in sorted(set(actual) & set(listed)) if actual[name] != listed[name]]
    return problems


def lint(data_dir: Path | None = None) -> list[str]:
    """Every problem found in the data files, as 'file:line: message' strings."""
    data_dir = data_dir or DATA_DIR
    try:
        dicts = build_dictionaries(data_dir)
        entries = load_actor_entries(data_dir)
    except DictionaryError as exc:
        return [str(exc)]
    problems = _alias_conflicts(entries) + _role_overlaps(entries) + _unknown_ids(entries)
    problems += _trigger_problems(data_dir, set(dicts.cameo_plover) | set(dicts.goldstein))
    problems += _place_problems(data_dir, dicts.state_ids)
    problems += _manifest_problems(data_dir)
    return problems


def write_manifest(data_dir: Path | None = None, version: str | None = None) -> Path:
    data_dir = data_dir or DATA_DIR
    path = data_dir / "manifest.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    manifest = {
        "name": "quanhe-data",
        "version": version or old.get("version", "0.1.0"),
        "updated": date.today().isoformat(),
        "licence": LICENCE,
        "format": "docs/dictionary-format.md",
        "files": [{"path": name, "sha256": digest} for name, digest in checksums(data_dir).items()],
    }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
