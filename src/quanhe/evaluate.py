"""Scoring against gold events, exactly as ../shared/spec/event-annotation.md defines it.

Per article, a system event matches a gold record when its type is one of the
record's types and its source and target each share an actor with the record's
(compared before the colon; either direction for CONSULT, AGREE and COOPERATE when
both sides are states or organisations). Each gold record is matched at most once.
Matching order: a maximum matching against strict records first (so the order of
system events cannot cost recall), then soft records, then negative ones.
An empty actor list on both sides counts as agreeing (no actor stated).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quanhe.errors import GoldError

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
STATUSES = ("strict", "soft", "negative")
NOT_ACTORS = frozenset({"place"})  # mention kinds that are not actors (cities: where, not who)


@dataclass(slots=True)
class GoldRecord:
    doc: str
    types: list[str]
    source: frozenset[str]
    target: frozenset[str]
    date: str | None
    status: str
    trigger: str = ""
    start: int = -1  # offsets of the sentence carrying the event, when the gold gives them
    end: int = -1


@dataclass(slots=True)
class SystemEvent:
    doc: str
    type: str
    source: frozenset[str]
    target: frozenset[str]
    date: str | None
    trigger: str = ""
    sentence: str = ""


@dataclass
class Score:
    system: int = 0
    matched: int = 0
    soft_matched: int = 0
    strict: int = 0
    strict_found: int = 0
    negatives_hit: int = 0
    dated: int = 0
    dated_right: int = 0
    per_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    date_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        denominator = self.system - self.soft_matched
        return self.matched / denominator if denominator else 0.0

    @property
    def recall(self) -> float:
        return self.strict_found / self.strict if self.strict else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float | None:
        return self.dated_right / self.dated if self.dated else None

    def to_dict(self) -> dict[str, Any]:
        per_type = {}
        for t, c in sorted(self.per_type.items()):
            p = c["tp"] / (c["sys"] - c["soft"]) if c["sys"] - c["soft"] else 0.0
            r = c["found"] / c["gold"] if c["gold"] else 0.0
            per_type[t] = {"gold": c["gold"], "found": c["found"], "system": c["sys"], "correct": c["tp"],
                           "precision": round(p, 3), "recall": round(r, 3),
                           "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "system_events": self.system, "matched": self.matched, "soft_matched": self.soft_matched,
            "strict_records": self.strict, "strict_found": self.strict_found,
            "negatives_hit": self.negatives_hit,
            "date_accuracy": None if self.date_accuracy is None else round(self.date_accuracy, 4),
            "dated_records": self.dated, "per_type": per_type,
        }


def _base(ids: Iterable[str]) -> frozenset[str]:
    return frozenset(str(i).split(":")[0] for i in ids if str(i))


def load_gold(path: str | Path) -> list[GoldRecord]:
    records = []
    p = Path(path)
    if not p.exists():
        raise GoldError(f"{p}: no such gold file")
    for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            status = r["status"]
            if status not in STATUSES:
                raise GoldError(f"{p}:{number}: status {status!r} is not strict, soft or negative")
            types = r["types"] if isinstance(r["types"], list) else [r["types"]]
            records.append(GoldRecord(
                doc=str(r["doc"]), types=[t.upper() for t in types], source=_base(r.get("source") or []),
                target=_base(r.get("target") or []), date=r.get("date"), status=status,
                trigger=r.get("trigger", ""), start=int(r.get("start", -1)), end=int(r.get("end", -1)),
            ))
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{p}:{number}: not a gold record ({exc})") from None
    return records


def system_event(e: dict[str, Any]) -> SystemEvent:
    return SystemEvent(
        doc=e["doc_id"], type=e["type"], source=_base(a["id"] for a in e["source"]),
        target=_base(a["id"] for a in e["target"]), date=e.get("date"), trigger=e.get("trigger", ""),
        sentence=e.get("sentence", ""),
    )


def _share(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) or (not a and not b)


def _is_state_or_org(ids: frozenset[str]) -> bool:
    return bool(ids)


def matches(s: SystemEvent, g: GoldRecord) -> bool:
    if s.type not in g.types:
        return False
    if _share(s.source, g.source) and _share(s.target, g.target):
        return True
    if s.type in SYMMETRIC and _is_state_or_org(s.source) and _is_state_or_org(s.target):
        return _share(s.source, g.target) and _share(s.target, g.source)
    return False


def date_agrees(system: str | None, gold: str) -> bool:
    """Does the system date agree with the gold date at the gold's precision? X is unknown."""
    if not system:
        return False
    system = system.split("/")[0]
    if len(system) < len(gold):
        return False
    return all(g == "X" or g == s for g, s in zip(gold, system))


def _max_matching(system: list[SystemEvent], gold: list[GoldRecord]) -> dict[int, int]:
    """Maximum bipartite matching system index -> gold index (augmenting paths).

    Pairs whose dates agree are matched first, then the matching is completed with the
    rest, so that when several records fit one event the date-consistent one is chosen."""
    all_edges = [[j for j, g in enumerate(gold) if matches(s, g)] for s in system]
    dated_edges = [[j for j in edges if not gold[j].date or date_agrees(system[i].date, gold[j].date)]
                   for i, edges in enumerate(all_edges)]
    gold_owner: dict[int, int] = {}

    def augment(i: int, seen: set[int], edges: list[list[int]]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in gold_owner or augment(gold_owner[j], seen, edges):
                gold_owner[j] = i
                return True
        return False

    for edges in (dated_edges, all_edges):
        matched = set(gold_owner.values())
        for i in range(len(system)):
            if i not in matched and augment(i, set(), edges):
                matched = set(gold_owner.values())
    return {i: j for j, i in gold_owner.items()}


def score(system_events: Iterable[dict[str, Any]], gold: list[GoldRecord], docs: Iterable[str]) -> Score:
    """Score the events of the documents `docs` (gold records of other documents are ignored)."""
    doc_set = set(docs)
    by_doc_sys: dict[str, list[SystemEvent]] = defaultdict(list)
    for e in system_events:
        if e["doc_id"] in doc_set:
            by_doc_sys[e["doc_id"]].append(system_event(e))
    by_doc_gold: dict[str, list[GoldRecord]] = defaultdict(list)
    for g in gold:
        if g.doc in doc_set:
            by_doc_gold[g.doc].append(g)
    result = Score()
    for doc in sorted(doc_set):
        _score_doc(by_doc_sys.get(doc, []), by_doc_gold.get(doc, []), result, doc)
    return result


def _score_doc(system: list[SystemEvent], gold: list[GoldRecord], result: Score, doc: str) -> None:
    strict = [g for g in gold if g.status == "strict"]
    result.system += len(system)
    result.strict += len(strict)
    for g in strict:
        result.per_type[g.types[0]]["gold"] += 1
    for s in system:
        result.per_type[s.type]["sys"] += 1
    strict_match = _max_matching(system, strict)
    used_soft: set[int] = set()
    used_neg: set[int] = set()
    soft = [g for g in gold if g.status == "soft"]
    negative = [g for g in gold if g.status == "negative"]
    for i, s in enumerate(system):
        if i in strict_match:
            g = strict[strict_match[i]]
            result.matched += 1
            result.strict_found += 1
            result.per_type[s.type]["tp"] += 1
            result.per_type[g.types[0]]["found"] += 1
            if g.date:
                result.dated += 1
                right = date_agrees(s.date, g.date)
                result.dated_right += right
                if not right:
                    result.date_errors.append({"doc": doc, "type": s.type, "trigger": s.trigger,
                                               "gold": g.date, "system": s.date, "sentence": s.sentence})
            continue
        j = next((j for j, g in enumerate(soft) if j not in used_soft and matches(s, g)), None)
        if j is not None:
            used_soft.add(j)
            result.soft_matched += 1
            result.per_type[s.type]["soft"] += 1
            continue
        k = next((k for k, g in enumerate(negative) if k not in used_neg and matches(s, g)), None)
        if k is not None:
            used_neg.add(k)
            result.negatives_hit += 1
        result.false_positives.append({"doc": doc, "type": s.type, "source": sorted(s.source),
                                       "target": sorted(s.target), "trigger": s.trigger,
                                       "sentence": s.sentence, "negative": k is not None})
    found = set(strict_match.values())
    for j, g in enumerate(strict):
        if j not in found:
            result.misses.append({"doc": doc, "types": g.types, "source": sorted(g.source),
                                  "target": sorted(g.target), "trigger": g.trigger})


# ---------------------------------------------------------------- actor mentions

@dataclass(slots=True)
class GoldMention:
    doc: str
    start: int
    end: int
    ids: frozenset[str]
    kind: str


@dataclass
class ActorScore:
    system: int = 0
    system_correct: int = 0
    gold: int = 0
    gold_found: int = 0
    by_kind: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.system_correct / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "system_mentions": self.system, "system_correct": self.system_correct,
            "gold_mentions": self.gold, "gold_found": self.gold_found,
            "recall_by_kind": {k: round(c["found"] / c["gold"], 3) if c["gold"] else 0.0
                               for k, c in sorted(self.by_kind.items())},
        }


def load_gold_mentions(path: str | Path) -> list[GoldMention]:
    p = Path(path)
    if not p.exists():
        raise GoldError(f"{p}: no such gold file")
    out = []
    for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            ids = r["id"] if isinstance(r["id"], list) else [r["id"]]
            out.append(GoldMention(str(r["doc"]), int(r["start"]), int(r["end"]), _base(ids), r.get("kind", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldError(f"{p}:{number}: not a gold actor mention ({exc})") from None
    return out


def score_mentions(system: Iterable[dict[str, Any]], gold: list[GoldMention], docs: Iterable[str],
                   skip_kinds: frozenset[str] = frozenset()) -> ActorScore:
    """Overlap-based scoring at the level of state/organisation id: a system mention is
    correct when it overlaps a gold mention that has its id; a gold mention is found when an
    overlapping system mention has one of its ids. Gold kinds in `skip_kinds` are left out,
    and so are system mentions that overlap only them. System mentions of kind "place"
    (cities from the gazetteer: where, not who) are not actors and are left out."""
    doc_set = set(docs)
    result = ActorScore()
    by_doc: dict[str, list[GoldMention]] = defaultdict(list)
    skipped: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        if g.doc in doc_set:
            (skipped if g.kind in skip_kinds else by_doc)[g.doc].append(g)
    sys_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in system:
        if m["doc_id"] in doc_set and m["id"] and m.get("kind") not in NOT_ACTORS:
            sys_by_doc[m["doc_id"]].append(m)
    for doc in sorted(doc_set):
        golds, mentions = by_doc.get(doc, []), sys_by_doc.get(doc, [])
        for m in mentions:
            overlapping = [g for g in golds if g.start < m["end"] and m["start"] < g.end]
            if not overlapping and any(g.start < m["end"] and m["start"] < g.end for g in skipped.get(doc, [])):
                continue
            result.system += 1
            base = m["id"].split(":")[0]
            if any(base in g.ids for g in overlapping):
                result.system_correct += 1
            else:
                result.wrong.append({"doc": doc, "text": m["text"], "id": m["id"], "start": m["start"],
                                     "gold": sorted({i for g in overlapping for i in g.ids})})
        for g in golds:
            result.gold += 1
            result.by_kind[g.kind]["gold"] += 1
            if any(g.start < m["end"] and m["start"] < g.end and m["id"].split(":")[0] in g.ids for m in mentions):
                result.gold_found += 1
                result.by_kind[g.kind]["found"] += 1
            else:
                result.misses.append({"doc": doc, "start": g.start, "end": g.end, "ids": sorted(g.ids), "kind": g.kind})
    return result
