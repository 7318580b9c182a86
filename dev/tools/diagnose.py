"""Why was each gold event missed? For every strict gold record the coder did not match,
print the sentence's actor mentions, the triggers found in it and what each trigger coded.

    .venv/bin/python dev/tools/diagnose.py dev/gold/dev.events.jsonl dev/gold/articles.txt \
        ../shared/corpus/vntc-world-dev.jsonl [--type ASSAULT]

A development aid: it reads the corpus in place and prints to the terminal only.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter

from quanhe.dictionaries import load_dictionaries
from quanhe.evaluate import load_gold, matches, system_event
from quanhe.pipeline import build_pipeline
from quanhe.sources.dispatch import iter_inputs
from quanhe.stages import events as ev


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("ids")
    parser.add_argument("corpus")
    parser.add_argument("--type", default="")
    parser.add_argument("--all", action="store_true", help="also list matched records")
    args = parser.parse_args()
    ids = {line.strip() for line in open(args.ids) if line.strip()}
    gold = [g for g in load_gold(args.gold) if g.doc in ids and g.status == "strict"]
    dicts = load_dictionaries()
    pipe = build_pipeline(dicts)
    causes: Counter[str] = Counter()
    for doc in iter_inputs([args.corpus]):
        if getattr(doc, "id", None) not in ids:
            continue
        doc = pipe(doc)
        system = [system_event(e.to_dict()) for e in doc.events]
        clauses = {c.sentence.index: (c, t) for c, t in ev._clauses(doc, dicts)}
        for g in (g for g in gold if g.doc == doc.id):
            if args.type and args.type not in g.types:
                continue
            hit = any(matches(s, g) for s in system)
            if hit and not args.all:
                continue
            sent = next((s for s in doc.sentences if s.start <= g.start < s.end), None)
            print(f"\n{'HIT ' if hit else 'MISS'} {doc.id} {g.types} {sorted(g.source)}->{sorted(g.target)} «{g.trigger}»")
            if sent is None:
                causes["no sentence"] += 1
                continue
            print("   ", sent.text)
            if sent.index not in clauses:
                ments = [a for a in doc.actors if sent.start <= a.start < sent.end]
                cause = "no actor in sentence" if not ments else "no trigger in sentence"
                print("    ->", cause)
                causes[cause] += 1
                continue
            clause, triggers = clauses[sent.index]
            print("    actors:", ", ".join(f"{m.text}={m.id}" for m in clause.mentions))
            typed = [t for t in triggers if t.pattern.type in g.types]
            if not typed:
                causes["no trigger of gold type"] += 1
            previous = None
            for trig in triggers:
                event, previous = ev._code_trigger(doc, clause, trig, dicts, previous)
                coded = (f"{event.type} {[r.id for r in event.source]}->{[r.id for r in event.target]} {event.modality}"
                         if event else "nothing")
                print(f"    trigger «{clause.lowered[trig.start:trig.end]}» {trig.pattern.type}: {coded}")
            if typed:
                causes["typed trigger, wrong/no actors or modality"] += 1
    print("\n", dict(causes))


if __name__ == "__main__":
    main()
