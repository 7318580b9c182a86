"""City names as places: "biểu tình ở Karachi", "đánh bom tại thành phố Baquba".

The actor tables know states, capitals and seats of power; this stage adds the other
cities of the gazetteer (data/places/cities.tsv) as place mentions, `kind="place"`,
`location=True`, id = the ISO3 of the city's state. A city is never an actor: it only
tells the event coder where something happened (the target of an unattributed attack,
the state of a protest, the place a force withdraws from).

One Aho-Corasick pass over the document. A match is kept when it
- starts with an upper-case letter in the text and covers whole syllables;
- does not overlap an actor mention;
- is followed by ", <its state>" ("Beslan, Nga"); or else its state is named somewhere in
  the document (an alternate name of a far-away city is not this one: "gần Iskandariya" in
  an article on Iraq) and it follows a place cue ("ở", "tại", "gần", "thành phố", ...) with
  at most two lower-case words between, or another place joined by "và"/","/"hoặc"
  ("ở Karachi và Lahore").
"""
from __future__ import annotations

import bisect
import re

from quanhe.dictionaries import Dictionaries, PlaceEntry, lower_same_length
from quanhe.document import ActorMention, Document
from quanhe.matching import BY_SPAN, Match, iter_matches, longest_leftmost

PLACE_CUES = (
    "ở", "tại", "gần", "khỏi", "tới", "đến", "vào", "thành phố", "thị trấn", "tỉnh", "làng",
    "thủ phủ", "ngoại ô",
)
MAX_WORDS_AFTER_CUE = 2
_CUE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, PLACE_CUES), key=len, reverse=True)) + r")$")
_LONGEST_CUE = max(map(len, PLACE_CUES))
# Words that, between the cue and the name, make it something other than the city: a
# street, river, hotel or firm named after it ("ở phố Warren", "gần sông Punch"), an owner
# ("của Gallup"), or a cue that is not locative at all ("gần đây", "đến nay", "gần như").
_NOT_A_CITY = re.compile(r"(?<!\w)(?:sông|núi|phố|đường|đại lộ|khách sạn|sòng bạc|nhà hàng|cửa hàng|công ty|hãng|"
                         r"tập đoàn|báo|tờ|của|đây|nay|như|lúc|khi|nhất|hết)(?!\w)")
_JOINERS = frozenset({",", "và", "hoặc", "hay", ", và"})
_WORD = re.compile(r"\S+")
_LOOKBACK = 48  # characters: a cue, then up to two short words


def _after_cue(text: str, lowered: str, start: int) -> bool:
    """A place cue ends within the two lower-case words before `start` (no punctuation between)."""
    window_start = max(0, start - _LOOKBACK)
    head = lowered[window_start:start]
    words = list(_WORD.finditer(head))
    if window_start > 0 and words and words[0].start() == 0:
        words = words[1:]  # cut in the middle of a word
    skipped = 0
    for w in reversed(words):
        prefix = head[: w.end()].rstrip()
        if _CUE.search(prefix, max(0, len(prefix) - _LONGEST_CUE)):
            return not _NOT_A_CITY.search(head, w.end())
        token = text[window_start + w.start(): window_start + w.end()]
        if skipped >= MAX_WORDS_AFTER_CUE or not token.isalpha() or not token.islower():
            return False
        skipped += 1
    return False


def _state_follows(lowered: str, end: int, state: str, mentions: list[ActorMention], starts: list[int]) -> bool:
    """", Nga" right after the name, naming the city's own state."""
    rest = lowered[end:end + 3]
    if not rest.startswith(", "):
        return False
    i = bisect.bisect_left(starts, end + 2)
    if i >= len(mentions) or mentions[i].start != end + 2:
        return False
    m = mentions[i]
    return m.kind == "state" and m.id == state and m.resolution == "alias" and not m.role and not m.sector


def _part_of_longer_name(text: str, start: int, end: int, starts: list[int]) -> bool:
    """"Monte Carlo", "Jackson Hole", "Barrow-in-Furness", "RAND Corp.": the match is only part of
    a name (a capitalised word or a hyphenated part follows, or one precedes by a hyphen), or
    is written in capitals."""
    span = text[start:end]
    if span.isupper():
        return True
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        return True
    after = text[end:end + 2]
    if after[:1] == "-" and after[1:2].isalpha():
        return True
    if after[:1] == " " and after[1:2].isupper():
        return bisect.bisect_left(starts, end + 1) >= len(starts) or starts[bisect.bisect_left(starts, end + 1)] != end + 1
    return False


def _joined_to_place(lowered: str, start: int, previous: ActorMention | None) -> bool:
    """"ở Karachi và Lahore", "tại Moscow và Beslan": right after a place by a joiner."""
    return previous is not None and previous.location and lowered[previous.end:start].strip() in _JOINERS


def _entry(match: Match) -> PlaceEntry:
    # a form shared by several places: a territory wins, else the most populous city
    return max((item for kind, item in match.items if kind == "place"), key=lambda e: (e.territory, e.population))


def places(doc: Document, dicts: Dictionaries) -> Document:
    automaton = dicts.place_automaton
    doc.stages.append("places")
    if automaton is None or not len(automaton) or not doc.text:
        return doc
    text = doc.text
    lowered = lower_same_length(text)
    actors = sorted(doc.actors, key=BY_SPAN)
    starts = [m.start for m in actors]
    ends = [m.end for m in actors]
    max_end = list(ends)
    for i in range(1, len(max_end)):
        max_end[i] = max(max_end[i - 1], max_end[i])

    def overlaps_actor(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)  # actors starting before `end`
        return i > 0 and max_end[i - 1] > start

    named_states = {m.id for m in actors if m.id}
    candidates = [m for m in iter_matches(automaton, lowered) if text[m.start].isupper()]
    found: list[ActorMention] = []
    for m in longest_leftmost(candidates):
        if overlaps_actor(m.start, m.end) or _part_of_longer_name(text, m.start, m.end, starts):
            continue
        entry = _entry(m)
        i = bisect.bisect_left(starts, m.start)
        before = [p for p in (found[-1] if found else None, actors[i - 1] if i else None) if p and p.end <= m.start]
        previous = max(before, key=lambda p: p.end, default=None)
        # "gần Iskandariya" in an article on Iraq is not Alexandria (Egypt): the state must be named
        if not entry.territory and not _state_follows(lowered, m.end, entry.state, actors, starts) and (
                entry.state not in named_states
                or not (_after_cue(text, lowered, m.start) or _joined_to_place(lowered, m.start, previous))):
            continue
        found.append(ActorMention(m.start, m.end, text[m.start:m.end], entry.state, "place",
                                  resolution="place", location=True))
    if found:
        doc.actors = sorted(actors + found, key=BY_SPAN)
    return doc
