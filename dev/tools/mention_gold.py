"""Shared by the actor-mention gold builders (dev/actors/, dev/actors-heldout/): hand-listed
mentions (surface, id, kind[, note]) in text order become offset records.

Each surface is found with str.find from a cursor that moves past the previous match, with a
whole-word check (no letter or digit on either side) unless the note says 'glued'. An id of
None skips that occurrence (the cursor moves past it; nothing is written)."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def locate(text: str, surface: str, cursor: int, word_check: bool = True) -> int:
    at = text.find(surface, cursor)
    if word_check:
        while at >= 0 and ((at > 0 and text[at - 1].isalnum())
                           or (at + len(surface) < len(text) and text[at + len(surface)].isalnum())):
            at = text.find(surface, at + 1)
    return at


def build(docs: dict[str, str], ids: list[str], annotations: dict[str, list[tuple]],
          show: bool = False) -> list[dict]:
    """Offset records for every listed mention; asserts order, presence and no overlaps."""
    assert set(annotations) == set(ids), set(ids) ^ set(annotations)
    out: list[dict] = []
    for doc in ids:
        text = docs[doc]
        assert text.strip(), doc
        cursor = 0
        for entry in annotations[doc]:
            surface, actor_id, kind = entry[:3]
            note = entry[3] if len(entry) > 3 else None
            start = locate(text, surface, cursor, word_check=not (note and "glued" in note))
            assert start >= 0, (doc, surface, cursor)
            end = cursor = start + len(surface)
            if actor_id is None:
                continue
            record = {"doc": doc, "start": start, "end": end, "text": surface, "id": actor_id, "kind": kind}
            if note:
                record["note"] = note
            assert text[start:end] == record["text"]
            out.append(record)
            if show:
                print(f"{doc} {start:5d} {actor_id!s:12} {kind:8} ...{text[max(0, start - 30):start]}"
                      f"[[{surface}]]{text[end:end + 20]}...".replace("\n", " "))
    spans: dict[str, list[tuple[int, int]]] = {}
    for r in out:
        spans.setdefault(r["doc"], []).append((r["start"], r["end"]))
    for doc, doc_spans in spans.items():
        doc_spans.sort()
        for a, b in zip(doc_spans, doc_spans[1:]):
            assert a[1] <= b[0], (doc, a, b)
    return out


def write(here: Path, ids: list[str], records: list[dict]) -> None:
    with open(here / "mentions.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(here / "articles.txt", "w") as f:
        f.write("\n".join(ids) + "\n")
    print(len(records), "mentions", file=sys.stderr)
