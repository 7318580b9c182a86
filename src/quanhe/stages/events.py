"""PLOVER event coding from Vietnamese sentences.

Cascade: one Aho-Corasick pass finds trigger patterns; only sentences holding a
trigger and an actor get the clause analysis below.

For each trigger (longest, most specific first):
- source: the nearest actor on its left that is not in an oblique phrase ("của Nga",
  "với NATO", "tại Moscow"), extended over coordinated actors ("NATO cùng Mỹ, EU");
  a passive "X bị/được Y V" swaps roles; a topicalised act ("Trừng phạt Nga ... được
  Mỹ, EU áp dụng") takes the agent after "được/bị";
- target: the first actor on its right inside the clause, again with coordination;
  nominal triggers take "giữa A và B" and "của A với B";
- modality: negation and denial cues before (or, for some cues, after) the trigger,
  conditionals ("nếu"), questions; a conflictual act under "cảnh báo/đe dọa" or
  "sẵn sàng ... nếu" becomes THREATEN, never the act itself;
- mentions of the same event in one article (same type, actors, compatible date)
  are merged, keeping every mention.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass, field

from quanhe.dictionaries import MAX_GAP_SYLLABLES, Dictionaries, ModalityCue, TriggerPattern, lower_same_length, quad_class
from quanhe.document import ActorMention, ActorRef, Document, Event, Sentence
from quanhe.matching import BY_START, iter_matches
from quanhe.version import __version__

CODER_VERSION = f"quanhe-coder/{__version__}"

# Words that end the search for a subject or an object (a new clause starts).
_STRONG_BOUNDARIES = (
    "sau khi", "trước khi", "trong khi", "khi", "nếu", "rằng", "nhưng", "song", "mà",
    "vì", "bởi vì", "do đó", "để", "tuy nhiên", "đồng thời", "trong lúc", "cho rằng", "như từng",
)
# Subordinate clauses with no subject of their own share the main clause's subject:
# "an ninh Philippines chặn đứng âm mưu, sau khi bắt được 6 nghi phạm" -> Philippines.
_TRANSPARENT_BOUNDARIES = ("sau khi", "trước khi", "khi", "để", "đồng thời", "nhằm", "như từng")
_STRONG_CHARS = ";:“”\"«»"
# Prepositions and links that make the following actor oblique: not a subject.
_OBLIQUE = (
    "của", "với", "đối với", "tại", "ở", "giữa", "về", "vào", "từ", "tới", "đến", "sang",
    "chống", "chống lại", "nhằm vào", "bởi", "lên", "cho", "trong", "trước", "khỏi",
    "theo", "như", "thuộc", "qua", "cùng", "giúp", "thay", "gốc", "dành cho",
    # a country naming a topic, not a party: "chiến tranh Iraq", "vấn đề hạt nhân Iran"
    "chiến tranh", "cuộc chiến", "vấn đề", "khủng hoảng", "hồ sơ hạt nhân", "chương trình hạt nhân",
    "hiệp ước", "hiệp định", "công ước", "thỏa thuận", "nghị định thư",  # "Hiệp ước Matxcơva yêu cầu"
    "cơ sở hạt nhân", "nhà máy hạt nhân", "lò phản ứng",  # "tấn công các cơ sở hạt nhân Iran"
)
# "chuẩn bị", "thiết bị": "bị" inside a compound word is not the passive marker.
_NOT_PASSIVE_BEFORE = frozenset({"chuẩn", "thiết", "trang", "dự", "phòng", "truy", "bị"})
# Light verbs that make a nominal trigger an act of their subject: "tiến hành cuộc tấn công vào".
_LIGHT_VERBS = (
    "tiến hành", "thực hiện", "mở", "mở màn", "phát động", "tổ chức", "có", "đạt được", "tham gia",
    "dự", "chủ trì", "đưa ra", "áp đặt", "áp dụng", "ban hành", "gây ra", "thực thi", "đã có",
    "bắt đầu", "nối lại", "tham dự", "kết thúc", "ra", "ban bố", "phát", "hoàn tất", "hoàn thành",
)
MAX_SOURCE_DISTANCE = 16  # syllables between a subject and its verb
MAX_AGENT_GAP = 6  # syllables between a topicalised act and its "được/bị + agent"
_CONNECTORS = frozenset({",", "và", "cùng", "cùng với", "hay", "hoặc", "lẫn", "(", ")", "cũng như", ""})
_PASSIVE = ("bị", "được")
_PASSIVE_SPACED = tuple((f" {w} ", f"{w} ") for w in _PASSIVE)  # inside a text, at its start
_PLANNED = ("sẽ", "dự kiến", "dự định", "có kế hoạch", "chuẩn bị", "sắp")
_PLANNED_WORDS = tuple(f" {w} " for w in _PLANNED)  # as searched for, between spaces
_CONFLICT_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "REJECT", "PROTEST"})
_THREAT_FOR = {
    ("SANCTION", "expel"): ("expel", "136"),
    ("SANCTION", "withdraw"): ("relations", "1313"),
    ("SANCTION", "discontinue"): ("relations", "1311"),
    ("SANCTION", ""): ("restrict", "1312"),
    ("ASSAULT", ""): ("violence", "138"),
    ("MOBILIZE", ""): ("violence", "138"),
    ("COERCE", "seize"): ("territory", "1382"),
    ("COERCE", "arrest"): ("arrest", "130"),
    ("COERCE", ""): ("restrict", "1312"),
    ("REJECT", ""): ("relations", "134"),
    ("PROTEST", ""): ("relations", "133"),
}
# A trigger word right after these nouns describes a state of affairs, not an act:
# "quan hệ hợp tác", "nỗ lực cải thiện quan hệ", "khuôn khổ hợp tác".
_DESCRIPTIVE_HEADS = (
    "quan hệ", "mối quan hệ", "khuôn khổ", "cơ chế", "thời kỳ", "tinh thần", "khả năng",
    "nỗ lực", "lĩnh vực", "chính sách", "hy vọng", "triển vọng", "nguy cơ", "mục tiêu",
    "mức độ", "sự", "tầm quan trọng", "ý nghĩa", "lợi ích", "kẻ", "những kẻ", "theo",
    "âm mưu", "dễ bị", "tìm cách", "lời", "ngăn chặn", "chống", "phòng chống", "nguy cơ bị",
    "mối", "phần tử", "lực lượng", "phụ trách", "phụ trách điều phối", "kỷ niệm", "lễ kỷ niệm",
    "quyền", "bỏ qua mọi quyền", "hiệp ước", "hiệp định", "luật", "đạo luật", "dự luật",
    "người", "những người", "người hay",  # "người phản đối", "những người ủng hộ X": participants, not an act
    "kế hoạch", "chiến lược", "chủ trương", "ý định", "ý tưởng", "dự án", "điều kiện", "vai trò",
    "vấn đề",  # "bất đồng về vấn đề rút khỏi Dải Gaza": a topic, not an act
)
# Verbs of saying: an evaluative word ("hung hăng", "đáng tiếc") is an accusation only in speech.
_SPEECH_VERBS = (
    "nói", "cho biết", "tuyên bố", "nhấn mạnh", "khẳng định", "miêu tả", "mô tả", "gọi", "cho rằng",
    "phát biểu", "bày tỏ", "coi", "nhận định", "tố", "lên tiếng", "phát ngôn", "viết", "tuyên bố rằng",
    "bình luận", "nhận xét", "đánh giá", "kết luận", "tái khẳng định", "phản ứng", "cảnh báo", "thông báo",
    "nghi ngờ", "tin rằng", "tin tưởng rằng", "tái xác nhận",
)
_SPEECH_VERB_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _SPEECH_VERBS), key=len, reverse=True)) + r")(?!\w)")
_AGENTLESS_TYPES = frozenset({"ASSAULT"})
# Acts a government does to its own people when no one else is named: curfews, emergency rule and
# riot control.
_DOMESTIC_MODES = frozenset({"crowd-control", "curfew", "martial-law"})
# Meetings, accusations and demands often leave their addressee to the context ("Bà cũng yêu
# cầu điều tra độc lập"): in a plain "X V" clause with no object, the addressee is taken to be
# the article's leading actor other than X, when it was named in this or the two sentences before.
_CONTEXT_TARGET_TYPES = frozenset({"CONSULT", "ACCUSE", "REQUEST", "AGREE"})
_SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
_MEASURE_TYPES = frozenset({"SANCTION", "COERCE", "RETREAT", "CONCEDE", "AID"})
_INCIDENT_TYPES = frozenset({"ASSAULT", "CONSULT", "PROTEST", "MOBILIZE"})


@dataclass(slots=True)
class _Trigger:
    start: int  # sentence-relative
    end: int
    spans: list[tuple[int, int]]
    pattern: TriggerPattern
    parties: tuple[list[ActorMention], list[ActorMention]] | None = None  # found with the trigger (bare demands)


@dataclass(slots=True)
class _Clause:
    """A sentence prepared for analysis: lower-cased text and its actor mentions."""

    sentence: Sentence
    lowered: str
    mentions: list[ActorMention]  # sentence-relative offsets, merged and ordered
    cues: list[tuple[int, int, ModalityCue]] = field(default_factory=list)  # last to first
    used_as_target: set[int] = field(default_factory=set)  # id() of mentions already objects of a trigger
    used_as_source: set[int] = field(default_factory=set)
    # the direct object of the last accusation ("lên án Mỹ | hậu thuẫn ..."): where it ends (-1:
    # none), its mentions, and whether the accusation alleges (cáo buộc) or disapproves (lên án)
    accused_end: int = -1
    accused_ids: set[int] = field(default_factory=set)
    accused_alleged: bool = False
    salient: list[str] = field(default_factory=list)  # the article's actor ids, most mentioned first
    topic_only: set[int] = field(default_factory=set)  # starts of triggers whose only object is a topic
    starts: list[int] = field(default_factory=list)  # mentions' starts, for bisection


# ---------------------------------------------------------------- helpers on text

@lru_cache(maxsize=64)
def _suffix_matcher(words: tuple[str, ...]) -> tuple[re.Pattern[str], frozenset[str]]:
    """The words reversed, longest first, anchored at the start of the reversed head: one
    anchored match instead of a search that tries every offset of the head. With it, the last
    syllables of the words (after their last space or comma), a cheap test before the match,
    which holds only for words that end in a syllable."""
    if any(not w or w[-1] in " ," for w in words):
        raise ValueError(f"suffix words must end in a syllable: {words!r}")
    alternatives = "|".join(sorted((re.escape(w[::-1]) for w in words), key=len, reverse=True))
    return re.compile(rf"\s*({alternatives})(?:\Z|[ ,])"), frozenset(map(_last_syllable, words))


def _last_syllable(text: str) -> str:
    return text[max(text.rfind(" "), text.rfind(",")) + 1:]


def _ends_with_word(head: str, words: tuple[str, ...]) -> str | None:
    """The longest word of `words` that `head` ends with (as whole syllables, trailing spaces
    allowed), if any."""
    pattern, last_syllables = _suffix_matcher(words)
    # a word that matches starts after a space, a comma or nothing: the head's last syllable is its own
    if _last_syllable(head.rstrip()) not in last_syllables:
        return None
    found = pattern.match(head[::-1])
    return found.group(1)[::-1] if found else None


def _boundary_pattern() -> re.Pattern[str]:
    """A strong character, or a boundary word not inside a longer word: the same matches as
    "[chars]|(?<!\\w)(?:words, longest first)(?!\\w)", written as one alternative per character and
    per first letter, the look-behind after that letter, so that the engine skips ahead to those
    characters instead of trying every offset."""
    by_letter: dict[str, list[str]] = {}
    for word in sorted(_STRONG_BOUNDARIES, key=len, reverse=True):
        by_letter.setdefault(word[0], []).append(word)
    alternatives = [re.escape(c) for c in _STRONG_CHARS] + [
        rf"{re.escape(c)}(?<!\w{re.escape(c)})(?:{'|'.join(re.escape(w[1:]) for w in words)})(?!\w)"
        for c, words in by_letter.items()]
    return re.compile("|".join(alternatives))


_BOUNDARY_RE = _boundary_pattern()


@lru_cache(maxsize=512)
def _boundary_spans(lowered: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the clause boundaries of a sentence, found once per sentence."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _BOUNDARY_RE.finditer(lowered):
        starts.append(m.start())
        ends.append(m.end())
    return tuple(starts), tuple(ends)


def _boundary_between(lowered: str, a: int, b: int) -> bool:
    """Is there a clause boundary in lowered[a:b]?"""
    starts, ends = _boundary_spans(lowered)
    i = bisect.bisect_left(starts, a)
    return i < len(starts) and ends[i] <= b


def _comma_between(lowered: str, a: int, b: int) -> bool:
    return "," in lowered[a:b]


def _is_oblique(lowered: str, mention: ActorMention) -> bool:
    head = lowered[max(0, mention.start - 16):mention.start]
    word = _ends_with_word(head, _OBLIQUE)
    # "..., cũng như cộng đồng quốc tế đang yêu cầu": "cũng như" coordinates a subject
    return word is not None and not (word == "như" and head.rstrip().endswith("cũng như"))


def _gap_is_connector(lowered: str, a: int, b: int) -> bool:
    gap = lowered[a:b].strip()
    if gap in _CONNECTORS:
        return True
    gap = " ".join(gap.replace(",", " , ").split())
    return gap in _CONNECTORS or all(part.strip() in _CONNECTORS for part in gap.split(","))


# ---------------------------------------------------------------- triggers

def _find_triggers(lowered: str, dicts: Dictionaries) -> list[_Trigger]:
    found: list[_Trigger] = []
    for m in iter_matches(dicts.trigger_automaton, lowered):
        windows: dict[tuple[int, int], int] = {}  # gap windows of this hit, shared by its patterns
        for _, pattern in m.items:
            if len(pattern.parts) == 1:
                found.append(_Trigger(m.start, m.end, [(m.start, m.end)], pattern))
                continue
            if lowered.find(pattern.parts[1], m.end) < 0:
                continue  # the next part is nowhere after this one (most patterns end here; the
                # same test opens _later_parts, repeated here to save the call)
            spans = _later_parts(lowered, pattern.parts, m.start, m.end, windows)
            if spans is not None:
                found.append(_Trigger(m.start, spans[-1][1], spans, pattern))
    return _select_triggers(found)


def _later_parts(lowered: str, parts: tuple[str, ...], start: int, end: int,
                 windows: dict[tuple[int, int], int]) -> list[tuple[int, int]] | None:
    """The spans of a multi-part pattern whose first part is lowered[start:end], each later part
    within the gap window after the previous one; None when a part is missing."""
    spans = [(start, end)]
    cursor = end
    for part in parts[1:]:
        if lowered.find(part, cursor) < 0:
            return None  # not anywhere after the cursor: no need for the window
        syllables = MAX_GAP_SYLLABLES + _syllable_count(part)
        window_end = windows.get((cursor, syllables))
        if window_end is None:
            window_end = windows[cursor, syllables] = _syllable_window_end(lowered, cursor, syllables)
        at = _find_word(lowered, part, cursor, window_end)
        if at < 0:
            return None
        spans.append((at, at + len(part)))
        cursor = at + len(part)
    return spans


@lru_cache(maxsize=4096)
def _syllable_count(part: str) -> int:
    return len(part.split())


def _syllable_window_end(text: str, start: int, syllables: int) -> int:
    """Offset just after the (syllables+1)-th space-separated token from `start` (the gap window);
    the token holding `start` counts as the first. The end of the text when fewer are left."""
    found = _window_pattern(syllables).match(text, start)
    return found.end() if found else len(text)


@lru_cache(maxsize=64)
def _window_pattern(syllables: int) -> re.Pattern[str]:
    return re.compile(r" *[^ ]+(?: +[^ ]+){%d}" % syllables)


def _find_word(text: str, word: str, start: int, end: int) -> int:
    at = text.find(word, start, end)
    while at >= 0:
        before_ok = at == 0 or not text[at - 1].isalnum()
        after = at + len(word)
        after_ok = after >= len(text) or not text[after].isalnum()
        if before_ok and after_ok:
            return at
        at = text.find(word, at + 1, end)
    return -1


def _selection_order(t: _Trigger) -> tuple[int, int, int]:
    """More parts first, then more text covered, then leftmost."""
    covered = 0
    for s, e in t.spans:
        covered += e - s
    return -len(t.pattern.parts), -covered, t.start


def _select_triggers(found: list[_Trigger]) -> list[_Trigger]:
    if len(found) < 2:
        return found
    ordered = sorted(found, key=_selection_order)
    taken: list[_Trigger] = []
    occupied: list[tuple[int, int]] = []
    for trig in ordered:
        if any(s < oe and os < e for s, e in trig.spans for os, oe in occupied):
            continue
        taken.append(trig)
        occupied.extend(trig.spans)
    return sorted(taken, key=BY_START)


# ---------------------------------------------------------------- actors around a trigger

def _merge_mentions(mentions: list[ActorMention], lowered: str) -> list[ActorMention]:
    """Join a name and its parenthetical or repeated form ("... (NATO)") into one mention;
    a country right after a place ("ở Damascus, Syria") is a place too."""
    merged: list[ActorMention] = []
    for m in mentions:
        if merged:
            prev = merged[-1]
            if prev.location and m.kind == "state" and lowered[prev.end:m.start].strip() == ",":
                m.location = True
            gap = lowered[prev.end:m.start].strip()
            # "của Al-Qaeda Ayman al-Zawahri": the person stays apart, as the subject it is
            person_after_owner = (m.kind == "person" and prev.kind != "person"
                                  and lowered[max(0, prev.start - 5):prev.start].split()[-1:] == ["của"])
            if prev.id == m.id and gap in ("", "(", ")") and m.start >= prev.end and not person_after_owner:
                prev.end = max(prev.end, m.end)
                continue
            if m.start < prev.end:  # same span (pair coreference): keep both
                merged.append(m)
                continue
        merged.append(m)
    return merged


def _chain(mentions: list[ActorMention], index: int, lowered: str, direction: int) -> list[ActorMention]:
    """The coordinated actors around mentions[index], walking left (-1) or right (+1)."""
    chain = [mentions[index]]
    i = index
    while 0 <= i + direction < len(mentions):
        a, b = (mentions[i + direction], mentions[i]) if direction < 0 else (mentions[i], mentions[i + direction])
        if b.start < a.end or _gap_is_connector(lowered, a.end, b.start):
            chain.append(mentions[i + direction])
            i += direction
        else:
            break
    return chain if direction > 0 else list(reversed(chain))


_BOUNDARY_WORDS = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _STRONG_BOUNDARIES), key=len, reverse=True)) + r")(?!\w)"
)


def _last_boundary(lowered: str, before: int) -> tuple[int, str] | None:
    """Where the clause containing `before` starts, and the word or mark that starts it."""
    best: tuple[int, str] | None = None
    for c in _STRONG_CHARS:
        at = lowered.rfind(c, 0, before)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, c)
    for m in _BOUNDARY_WORDS.finditer(lowered, 0, before):
        if best is None or m.start() > best[0]:
            best = (m.start(), m.group(1))
    return best


def _inherited_subject(clause: _Clause, trig: _Trigger, exclude: set[str]) -> list[ActorMention]:
    """The subject a subject-less clause shares: across a subordinate boundary ("sau khi"),
    or the speaker of reported speech ("Philippines nói rằng họ bắt đầu rút quân")."""
    boundary = _last_boundary(clause.lowered, trig.start)
    if boundary is None:
        return []
    at, word = boundary
    if any(at < m.start < trig.start for m in clause.mentions):
        return []  # the clause has an actor of its own; it just is not a subject
    if word in _TRANSPARENT_BOUNDARIES:
        return _left_source(clause, at, exclude)
    if word in ("rằng", "cho rằng", ":", "“", "\"") or _has_speech_verb(clause.lowered[max(0, at - 30):at]):
        speaker = _speaker(clause, at, exclude)
        if speaker and _has_speech_verb(clause.lowered[speaker[-1].end:at + len(word)]):
            return speaker
    return []


_APPOSITION_HEAD = re.compile(r"^\s*,\s*(?:một |là )?(?:quốc gia|nước|cường quốc|tổ chức|nhóm)(?:\s+\S+){0,2}\s*$")


def _apposition_subject(clause: _Clause, before: int, exclude: set[str]) -> list[ActorMention]:
    """'EU chịu sức ép từ Mỹ, quốc gia kịch liệt phản đối ...': the apposition's actor acts."""
    i = _last_index_before(clause, before)
    if i < 0:
        return []
    m = clause.mentions[i]
    if m.end > before or m.location or m.id in exclude:
        return []
    return [m] if _APPOSITION_HEAD.match(clause.lowered[m.end:before]) else []


_PREDICATE_HEAD = re.compile(
    r"(?:^|\s)là(?:\s+(?:một|một trong|một trong những|một trong số|những|các))*"
    r"(?:\s+(?:quốc gia|nước|tổ chức|nhóm|thành viên|đồng minh))?\s*$")


def _is_predicate(lowered: str, m: ActorMention) -> bool:
    """'Australia là một trong những quốc gia phương Tây đầu tiên thiết lập ...': a predicate
    nominal describes the subject; it is not a subject itself."""
    window = max(0, m.start - 30)
    if lowered.find("là", window, m.start) < 0:
        return False  # the regex below tries every offset of the window
    found = _PREDICATE_HEAD.search(lowered, window, m.start)
    if found is None:
        return False
    # "một phong trào có tên (gọi) là X", "nhóm tự xưng là X": a name, which acts as the subject
    return lowered[max(0, found.start() - 12):found.start()].split()[-1:] not in (["tên"], ["gọi"], ["xưng"])


def _after_viec(lowered: str, m: ActorMention) -> bool:
    """'phản đối việc Nhật Bản áp đặt ...': the object of the first act is the subject of the next."""
    head = lowered[max(0, m.start - 16):m.start].split()[-3:]
    return "việc" in head


def _last_index_before(clause: _Clause, before: int) -> int:
    """Index of the last mention that starts before `before` (mentions are sorted by start)."""
    return bisect.bisect_left(clause.starts, before) - 1


def _left_source(clause: _Clause, before: int, exclude: set[str], skip_aside: bool = True) -> list[ActorMention]:
    """Nearest non-oblique actor left of `before`, not past a strong boundary.
    An actor that was the object of an earlier trigger is skipped: "Nga cắt đứt quan hệ
    với NATO, trục xuất các nhà ngoại giao NATO, triệu ..." keeps Nga as the subject."""
    lowered = clause.lowered
    apposed = _apposition_subject(clause, before, exclude)
    if apposed:
        return apposed
    aside = _aside_before(lowered, before) if skip_aside else None
    for i in range(_last_index_before(clause, before), -1, -1):
        m = clause.mentions[i]
        if m.end > before or m.location or m.id in exclude:
            continue
        if aside is not None and aside[0] <= m.start < aside[1]:
            continue  # "Nga và Trung Quốc - hai thành viên thường trực - phản đối": skip the aside
        if _boundary_between(lowered, m.end, before):
            return []
        if _is_oblique(lowered, m) or _is_predicate(lowered, m) or (
                id(m) in clause.used_as_target and not _after_viec(lowered, m)
                and not (id(m) in clause.accused_ids and _acts_of_accused(clause, before))):
            continue
        if len(lowered[m.end:before].split()) > MAX_SOURCE_DISTANCE and not _comma_between(lowered, m.end, before):
            return []
        return [c for c in _chain(clause.mentions, i, lowered, -1) if c.id not in exclude and not c.location]
    return []


_ADVERBS_AFTER_ASIDE = frozenset({"đều", "cũng", "đã", "vẫn", "đang", "sẽ", "thì", "lại"})


def _aside_before(lowered: str, before: int) -> tuple[int, int] | None:
    """A bracketed or dashed aside that closes right before `before`: '(...)' or ' - ... - '."""
    head = lowered[:before].rstrip()
    while True:  # "... - đều phản đối": drop the adverbs, word by word from the end
        rest, space, word = head.rpartition(" ")
        if not space or word not in _ADVERBS_AFTER_ASIDE:
            break
        head = rest
    if head.endswith(")"):
        opening = head.rfind("(")
        return (opening, len(head)) if opening >= 0 else None
    if head.endswith(" -") or head.endswith(" –"):
        opening = max(head.rfind(" - ", 0, len(head) - 2), head.rfind(" – ", 0, len(head) - 2))
        return (opening, len(head)) if opening >= 0 else None
    return None


_WITH_PHRASES = ("với", "với một số", "với các", "với những", "cho", "tới", "đến")


def _right_target(clause: _Clause, after: int, exclude: set[str], allow_comma: bool,
                  max_gap: int | None = None, places: bool = True) -> list[ActorMention]:
    """The first actor after `after` in the clause, with its coordinated actors; a place the
    trigger does not govern ("tại Nepal") is only a last resort, and only when `places`."""
    lowered = clause.lowered
    fallback: list[ActorMention] = []
    for i, m in enumerate(clause.mentions):
        if m.end <= after or m.start < after - 40 or m.id in exclude or id(m) in clause.used_as_source:
            continue
        if _boundary_between(lowered, after, max(after, m.start)):
            break
        if not allow_comma and _comma_between(lowered, after, max(after, m.start)):
            break
        if max_gap is not None and len(lowered[after:max(after, m.start)].split()) > max_gap and not (
                max_gap and _ends_with_word(lowered[after:m.start], _WITH_PHRASES)
                and len(lowered[after:m.start].split()) <= 2 * max_gap):
            break  # "... mong muốn thực hiện chuyến đi với (một số) quan chức Trung Quốc" stays in reach
        governed = m.location and _trigger_governs_place(lowered, after, m)
        if m.location and not governed:
            fallback = fallback or [m]
            continue
        return [c for c in _chain(clause.mentions, i, lowered, +1)
                if c.id not in exclude and (not c.location or c is m and governed)]
    return fallback if places else []


_PLACE_PREPOSITIONS = ("khỏi", "tới", "đến", "sang", "vào", "tại", "ở")


def _trigger_governs_place(lowered: str, after: int, m: ActorMention) -> bool:
    """'rút quân khỏi Libăng', 'sẽ đến Bắc Kinh': the place right after the trigger is its object."""
    gap = lowered[after:m.start].split()
    head = lowered[max(0, after - 8):after].split()[-1:]
    return (not gap and head and head[0] in _PLACE_PREPOSITIONS) or gap in (["khỏi"], ["tới"], ["đến"], ["sang"])


def _passive_marker(lowered: str, trig: _Trigger, mentions: list[ActorMention] | None = None) -> int | None:
    """Offset of "bị"/"được" among the few words before the trigger, if any; further back when
    an agent named in full stands between ("bị các lực lượng an ninh Afghanistan bắt sống")."""
    for inside, opening in _PASSIVE_SPACED:
        at = lowered.rfind(inside, max(0, trig.start - 24), trig.start + 1)
        if at >= 0 and len(lowered[at:trig.start].split()) <= 4:
            previous_word = lowered[:at].rsplit(None, 1)[-1:] or [""]
            if previous_word[0] in _NOT_PASSIVE_BEFORE:
                continue
            return at + 1
        if lowered.startswith(opening) and trig.start <= 24 and len(lowered[:trig.start].split()) <= 4:
            return 0
    for m in reversed(mentions or []):
        if m.end <= trig.start and len(lowered[m.end:trig.start].split()) <= 1:
            head = lowered[max(0, m.start - 24):m.start]
            for inside, _ in _PASSIVE_SPACED:
                at = head.rfind(inside)
                if at >= 0 and len(head[at:].split()) <= 5:
                    return max(0, m.start - 24) + at + 1
            break
    return None


def _agent_after_passive(clause: _Clause, after: int, before: int | None) -> list[ActorMention]:
    """'được|bị + actors' after position `after` (and before `before` if given)."""
    lowered = clause.lowered
    for i, m in enumerate(clause.mentions):
        if m.start < after or (before is not None and m.start >= before) or m.location:
            continue
        head = lowered[max(0, m.start - 8):m.start].split()
        if head and head[-1] in _PASSIVE + ("bởi",):
            return _chain(clause.mentions, i, lowered, +1)
    return []


_REPORT_NOUN = re.compile(
    r"\s*(?:các |những )?(?:thông tin|tin tức|tin đồn|tin|báo cáo|cáo buộc|lời cáo buộc|luận điệu|"
    r"đề nghị|lời đề nghị|yêu cầu|đề xuất|lời kêu gọi|sáng kiến)(?!\w)")


_REPORT_NOUN_END = re.compile(r"(?:thông tin|tin tức|tin đồn|tin|báo cáo|cáo buộc|luận điệu|đề nghị|yêu cầu|đề xuất|kêu gọi)$")


def _report_end(lowered: str, trig: _Trigger) -> int | None:
    """Where a denied or answered report ends: 'bác bỏ tin ...', 'bác bỏ cáo buộc của ...'."""
    report = _REPORT_NOUN.match(lowered, trig.end)
    if report:
        return report.end()
    inside = _REPORT_NOUN_END.search(lowered, trig.start, trig.end)
    if inside and inside.start() > trig.start:  # "bác bỏ cáo buộc", not a bare "cáo buộc"
        return trig.end
    return None


def _report_author(clause: _Clause, after: int, exclude: set[str]) -> list[ActorMention]:
    """The author of a report right after its noun: 'tin mà báo chí Mỹ đăng tải', 'cáo buộc của Mỹ'."""
    for i, m in enumerate(clause.mentions):
        if m.start < after or m.id in exclude or m.location:
            continue
        gap = clause.lowered[after:m.start].split()
        if (gap[:1] in (["mà"], ["của"], ["do"], ["từ"]) or gap[:2] == ["từ", "phía"]) and len(gap) <= 3:
            return _chain(clause.mentions, i, clause.lowered, +1)
        return []
    return []


def _clause_initial(lowered: str, trig: _Trigger) -> bool:
    """The trigger opens its sentence or clause ("Trừng phạt Nga, ... được Mỹ áp dụng")."""
    boundary = _last_boundary(lowered, trig.start)
    start = boundary[0] + len(boundary[1]) if boundary else 0
    return len(lowered[start:trig.start].replace(",", " ").split()) <= 2


def _agent_has_light_verb(lowered: str, agent: list[ActorMention]) -> bool:
    """'... được Mỹ, EU liên tục áp dụng': the acts named before are the objects of this verb."""
    tail = " ".join(lowered[agent[-1].end:agent[-1].end + 40].split()[:4])
    return any(f" {v} " in f" {tail} " for v in _LIGHT_VERBS)


_QUANTIFIERS = frozenset({"nhiều", "một", "các", "những", "hai", "ba", "bốn", "năm", "loạt", "hàng", "số", "thêm",
                          "mấy", "chục", "trăm", "nghìn", "ngàn", "đợt", "lần", "việc", "cuộc", "vụ"})


def _drop_quantifiers(words: list[str]) -> list[str]:
    """'thực hiện nhiều vụ đánh bom', 'tiến hành một loạt cuộc tấn công', 'hoàn tất việc rút khỏi':
    the light verb before the count or the classifier."""
    end = len(words)
    while end > 0 and (words[end - 1] in _QUANTIFIERS or words[end - 1].replace(".", "").replace(",", "").isdigit()):
        end -= 1
    return words[:end]


def _plain_with(lowered: str, trigger_start: int) -> bool:
    """'... với cáo buộc gián điệp' right after an act; not 'đối với', 'cùng với', 'so với', nor after a comma."""
    words = lowered[max(0, trigger_start - 16):trigger_start].split()
    before = words[-2] if len(words) >= 2 else ""
    return before not in ("đối", "cùng", "so") and not before.endswith(",")


def _noun_frame(clause: _Clause, trig: _Trigger) -> tuple[list[ActorMention], list[ActorMention]] | None:
    lowered = clause.lowered
    tail = lowered[trig.end:trig.end + 24].split()
    between = _between_phrase(lowered, trig)
    if between is not None:
        for i, m in enumerate(clause.mentions):
            if m.start >= between:
                chain = _chain(clause.mentions, i, lowered, +1)
                ids = _distinct(chain)
                if len(ids) >= 2:
                    return [ids[0]], ids[1:]
                other = _partner_after(clause, chain[-1], {m.id for m in chain})
                return ([ids[0]], other) if ids and other else None
    if tail[:1] == ["của"] or tail[1:2] == ["của"]:
        for i, m in enumerate(clause.mentions):
            if m.start >= trig.end:
                if _at_request_of(clause, trig):
                    # "bị bắt tại Bern, Thụy Sĩ, theo đề nghị của Mỹ": X asked the one who acted
                    addressee = [a for a in clause.mentions[:i] if a.id != m.id][:1]
                    if trig.pattern.type in ("ACCUSE", "PROTEST"):
                        # "Karimov dập tắt ... trong sự chỉ trích của phương Tây": aimed at the clause's subject
                        addressee = _left_source(clause, trig.start, {m.id}) or addressee
                    return ([m], addressee) if addressee else None
                target = _right_target(clause, m.end, {m.id}, allow_comma=False)
                head = lowered[m.end:m.end + 16]
                if target and any(head.lstrip().startswith(p) for p in ("với", "đối với", "nhằm vào", "lên", "vào", "chống")):
                    return [m], target
                if trig.pattern.type == "CONSULT":
                    # "chuyến thăm của Ngoại trưởng Israel tới Cairo": the visitor and the host
                    host = _place_after(clause, m, ("tới", "đến", "sang", "ở", "tại"))
                    if host:
                        return [m], host
                return None
    if trig.pattern.type in ("CONSULT", "AGREE", "COOPERATE"):
        return _meeting_frame(clause, trig, tail)
    if trig.pattern.type == "RETREAT":
        return _withdrawal_frame(clause, trig)
    return None


def _withdrawal_frame(clause: _Clause, trig: _Trigger) -> tuple[list[ActorMention], list[ActorMention]] | None:
    """'việc (rút) quân đội Syria khỏi Libăng': the troops' state withdraws from the place."""
    lowered = clause.lowered
    after = [m for m in clause.mentions if m.start >= trig.end]
    if not after or len(lowered[trig.end:after[0].start].split()) > 2:
        return None
    place = [m for m in after[1:2] if lowered[after[0].end:m.start].split() == ["khỏi"]]
    return ([after[0]], place) if place and place[0].id != after[0].id else None


def _place_after(clause: _Clause, m: ActorMention, prepositions: tuple[str, ...]) -> list[ActorMention]:
    """The actor or place right after 'tới/đến/sang' following `m` ("... tới Cairo")."""
    lowered = clause.lowered
    for other in clause.mentions:
        if other.start >= m.end and other.id != m.id:
            gap = lowered[m.end:other.start].split()
            return [other] if len(gap) == 1 and gap[0] in prepositions else []
    return []


def _meeting_frame(clause: _Clause, trig: _Trigger,
                   tail: list[str]) -> tuple[list[ActorMention], list[ActorMention]] | None:
    """Nominal meetings: 'chuyến thăm Iraq của Thủ tướng Anh' (host, then visitor), and
    '(X ...) trong cuộc gặp với Y' (the clause's actor meets Y)."""
    lowered = clause.lowered
    after = [m for m in clause.mentions if m.start >= trig.end and not _boundary_between(lowered, trig.end, m.start)]
    if after and len(lowered[trig.end:after[0].start].split()) == 0:
        visitor = [m for m in after[1:2] if lowered[after[0].end:m.start].split() == ["của"]]
        if visitor and visitor[0].id != after[0].id:
            return visitor, after[:1]
    partner = next((m for m in after if len(lowered[trig.end:m.start].split()) <= 4
                    and "với" in lowered[trig.end:m.start].split()), None)
    if partner is None and trig.pattern.type == "CONSULT":
        # "Koizumi nói với Rice trong cuộc hội đàm": the partner named before the meeting noun
        partner = next((m for m in reversed(clause.mentions) if m.end <= trig.start and not m.location
                        and _ends_with_word(lowered[max(0, m.start - 8):m.start], ("với",))
                        and not _boundary_between(lowered, m.end, trig.start)), None)
    if partner is not None:
        subject = _left_source(clause, trig.start, {partner.id})
        if not subject:
            subject = [m for m in clause.mentions if m.start >= partner.end and not m.location
                       and m.id != partner.id and not _is_oblique(lowered, m)][:1]
        if subject:
            return subject, [partner]
    return None


def _between_phrase(lowered: str, trig: _Trigger) -> int | None:
    """Where 'giữa' opens the parties of a nominal act: right after it ("cuộc gặp giữa A và B"),
    or after a short link ("thỏa thuận đạt được sau các cuộc thảo luận giữa A và B")."""
    window = lowered[trig.end:trig.end + 60]
    at = _find_word(window, "giữa", 0, len(window))
    if at < 0 or len(window[:at].split()) > 8 or _boundary_between(lowered, trig.end, trig.end + at):
        return None
    return trig.end + at


def _partner_after(clause: _Clause, first: ActorMention, exclude: set[str]) -> list[ActorMention]:
    """'giữa A với/và (các quan chức của) B': the second party, a few words after A."""
    lowered = clause.lowered
    for i, m in enumerate(clause.mentions):
        if m.start < first.end or m.id in exclude or m.location:
            continue
        gap = lowered[first.end:m.start]
        words = gap.replace(",", " ").split()
        if _boundary_between(lowered, first.end, m.start) or len(words) > 8:
            return []
        if "với" in words or "và" in words:
            return [c for c in _chain(clause.mentions, i, lowered, +1) if c.id not in exclude and not c.location]
        return []
    return []


def _distinct(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.id and m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out


def _speaker(clause: _Clause, before: int, exclude: set[str]) -> list[ActorMention]:
    """The subject of a speech or report verb earlier in the sentence (reported speech)."""
    for i in range(len(clause.mentions) - 1, -1, -1):
        m = clause.mentions[i]
        if m.end > before or m.location or m.id in exclude or _is_oblique(clause.lowered, m):
            continue
        return [m]
    return []


def _speech_actors(clause: _Clause, trig: _Trigger) -> tuple[list[ActorMention], list[ActorMention]]:
    """Evaluative speech ("X nhấn mạnh: '... hung hăng'", "Mỹ nói rằng Iran đang đi sai đường",
    "X miêu tả tuyên bố của Y là đáng tiếc"): the speaker is the subject of the last verb of
    saying before the trigger; the target is the first actor after that verb (the one talked
    about), or else the first one after the trigger."""
    lowered = clause.lowered
    verbs = [m for m in _SPEECH_VERB_RE.finditer(lowered, 0, trig.start)]
    if not verbs:
        return [], []
    verb = verbs[-1]
    speaker: list[ActorMention] = []
    for i in range(len(clause.mentions) - 1, -1, -1):
        m = clause.mentions[i]
        if m.end <= verb.start() and not m.location and not _is_oblique(lowered, m):
            speaker = [c for c in _chain(clause.mentions, i, lowered, -1) if not c.location]
            break
    if not speaker:
        return [], []
    exclude = {m.id for m in speaker}
    target = [m for m in clause.mentions
              if verb.end() <= m.start and m.end <= trig.start and m.id not in exclude and not m.location][:1]
    if not target:
        target = _right_target(clause, trig.spans[0][1], exclude, allow_comma=False)
    return speaker, target


def _trailing_speaker(clause: _Clause, trig: _Trigger) -> list[ActorMention]:
    """Attribution after the quote: '"Chúng tôi phản đối ...", Chủ tịch Hồ nhấn mạnh.' The
    speaker follows a comma after the trigger and is followed by a verb of saying near the end."""
    lowered = clause.lowered
    for m in clause.mentions:
        if m.start <= trig.end or m.location:
            continue
        before = lowered[trig.end:m.start]
        comma = before.rfind(",")
        if comma < 0 or len(before[comma + 1:].split()) > 2:
            continue
        after = lowered[m.end:]
        verb = _SPEECH_VERB_RE.search(after)
        if verb and len(after[:verb.start()].split()) <= 4 and len(after[verb.end():].split()) <= 12:
            return [m]
    return []


_NOT_REPORTED = re.compile(r"(?<!\w)(?:nếu|khi|để|giả sử)(?!\w)")


def _speaker_of_demand(clause: _Clause, trig: _Trigger, subject: list[ActorMention],
                       reported_only: bool = False) -> list[ActorMention]:
    """Who says that `subject` must act: the subject of a verb of saying before the embedded
    subject ("Bắc Kinh nhấn mạnh rằng Đài Bắc phải ...") or after the quote (", X nhấn mạnh").
    `reported_only` (a demand with no trigger of its own): the verb of saying must introduce the
    subject, not through a condition or a time clause ("nếu Iraq phải ...", "Sau khi Mỹ tuyên bố
    ..., Iran phải ..."), and when it does, no speaker after the quote is looked for."""
    if not subject:
        return []
    lowered = clause.lowered
    before = subject[0].start
    verbs = list(_SPEECH_VERB_RE.finditer(lowered, 0, before))
    if verbs:
        verb = verbs[-1]
        if reported_only and (_NOT_REPORTED.search(lowered, verb.end(), before) or _NOT_REPORTED.search(lowered, 0, verb.start())):
            return []
        speaker = _speaker(clause, verb.start(), {m.id for m in subject})
        if speaker or reported_only:
            return speaker
    return [m for m in _trailing_speaker(clause, trig) if m.id not in {s.id for s in subject}]


def _has_speech_verb(segment: str) -> bool:
    return _SPEECH_VERB_RE.search(segment) is not None


def _actors_for(clause: _Clause, trig: _Trigger, previous: tuple | None) -> tuple[list[ActorMention], list[ActorMention]]:
    pattern = trig.pattern
    lowered = clause.lowered
    head = lowered[max(0, trig.start - 8):trig.start].split()
    if (("noun" in pattern.flags or pattern.type == "ACCUSE") and head[-1:] == ["với"] and previous is not None
            and _plain_with(lowered, trig.start) and not _at_request_of(clause, trig)):
        return previous  # "... trục xuất 8 nhà ngoại giao Nga với cáo buộc gián điệp": same parties
    report_end = _report_end(lowered, trig)
    if report_end is not None and pattern.type == "REJECT" and not head[-1:] == ["việc"]:
        # "bác bỏ tin (mà/của X) ...": the act answers the report's author, not its content
        source = _left_source(clause, trig.start, set()) or _inherited_subject(clause, trig, set())
        return source, _report_author(clause, report_end, {m.id for m in source})
    if _is_nominal(clause, trig):
        framed = _noun_frame(clause, trig)
        if framed is not None:
            return framed
        before = lowered[max(0, trig.start - 40):trig.start].split()
        if not _ends_with_word(" ".join(_drop_quantifiers(before)[-4:]), _LIGHT_VERBS):
            if pattern.type in _AGENTLESS_TYPES:
                return [], _right_target(clause, trig.spans[0][1], set(), allow_comma=False) or _nearest_left(clause, trig)
            return [], []
    if pattern.frame == "speech":
        subject = _left_source(clause, trig.start, set())
        object_ = _right_target(clause, trig.spans[0][1], {m.id for m in subject}, allow_comma=False)
        if subject and not object_ and pattern.type == "REQUEST" and _subject_adjacent(clause, subject, trig):
            return subject, []  # "LHQ đã yêu cầu họ rút quân": the one asking is the subject, not a speaker
        if not (subject and object_):
            source, target = _speech_actors(clause, trig)
            if source:
                return source, target
    allow_comma = False
    agent = _agent_after_passive(clause, trig.end, None)
    passive = _passive_marker(lowered, trig, clause.mentions)
    if passive is not None:
        # "X bị/được (Y) V (bởi Y)": X is the target, Y the source
        target = _left_source(clause, passive, set(), skip_aside=False)  # an apposition describes the victim
        if (target and _PEOPLE_BEFORE_PASSIVE.search(lowered, target[-1].end, passive)
                and lowered[target[-1].end:passive].strip() != ", người"):
            # "người được Mỹ trả tự do": the one released is a person the tables do not name
            # (but "Saddam Hussein, người bị liên quân lật đổ": the relative clause describes him)
            target = []
        between = [m for m in clause.mentions if passive <= m.start and m.end <= trig.start]
        source = between or _agent_after_passive(clause, trig.end, None)
        if not source and target:
            speaker = _speaker(clause, target[0].start, {t.id for t in target})
            if speaker and _has_speech_verb(lowered[speaker[-1].end:target[0].start]):
                source = speaker
        if not source and pattern.type == "MOBILIZE":
            # "800 cảnh sát Azerbaijan được huy động": forces mobilised by their own side
            return target, []
        return source, target
    source = _left_source(clause, trig.start, set())
    if agent and not _boundary_between(lowered, trig.end, agent[0].start) and (
            len(lowered[trig.end:agent[0].start].split()) <= MAX_AGENT_GAP or _clause_initial(lowered, trig)
            or (previous is not None and previous[0][:1] == agent[:1])) and (
            not source or _agent_has_light_verb(lowered, agent)):
        source = agent
    if not source:
        source = _inherited_subject(clause, trig, set())
    if not source and pattern.frame == "speech":
        source = _trailing_speaker(clause, trig)
    # an opposition or rebel actor may act against its own state's government ("bà Bhutto cáo
    # buộc chính phủ ..."): its state is not excluded from the targets
    exclude = {m.id for m in source} if not _factional(source) else set()
    max_gap = 0 if "adjacent_target" in pattern.flags else 4 if "needs_target" in pattern.flags else None
    # aid goes to the place it is given in ("tài trợ ... ở nhiều tỉnh của Campuchia")
    target = _right_target(clause, trig.spans[0][1], exclude, allow_comma, max_gap, places=pattern.type == "AID")
    if target and pattern.type == "CONSULT" and "về" in lowered[trig.spans[0][1]:target[0].start].split():
        target = []  # "bàn bạc về các hoạt động hạt nhân của Iran": the topic, not a party
        clause.topic_only.add(trig.start)
    if agent and target and agent[0] is target[0]:
        target = _right_target(clause, agent[-1].end, exclude, allow_comma)
    if not target and source:
        target = _relative_head(clause, source[0], exclude)  # "... thăm ngôi đền, điều mà Bắc Kinh phản đối"
    if not target and pattern.type in ("AGREE", "AID", "CONCEDE", "RETREAT", "COOPERATE"):
        target = _exchange_partner(clause, trig, exclude)  # "hứa viện trợ để đổi lấy việc Bình Nhưỡng ..."
    if not target and pattern.type == "THREATEN":
        target = _condition_subject(clause, trig, exclude)  # "đe dọa dùng vũ lực nếu Đài Bắc ..."
    if not target and _reciprocal_pair(lowered, pattern, source, trig):
        ids = _distinct(source)
        return [ids[0]], ids[1:]
    return source, target


_FACTIONS = frozenset({"OPP", "REB"})


def _factional(source: list[ActorMention]) -> bool:
    return bool(source) and all(m.sector in _FACTIONS for m in source)


_OF_AFTER = re.compile(r"\s*của ")  # "của" next, without copying the rest of the sentence to strip it
_PEOPLE_BEFORE_PASSIVE = re.compile(
    r"(?<!\w)(?:người|những người|con tin|tù nhân|nạn nhân|nghi phạm|binh sĩ|công dân|nhà báo|phóng viên)\s*$")

_CLASSIFIERS = frozenset({"việc", "vụ"})
# "một cuộc điều tra", "đối với đề xuất ...": the act as a thing talked about (no agentless reading)
_NOUN_MARKERS = frozenset({"cuộc"})


def _is_nominal(clause: _Clause, trig: _Trigger) -> bool:
    """The trigger names the act instead of predicating it: a noun pattern, "việc/vụ/cuộc + V"
    ("việc đe dọa trừng phạt", "vụ đánh bom tự sát"), or "V của ..." ("sự trừng phạt của Mỹ")."""
    if _is_incident(clause, trig) or _OF_AFTER.match(clause.lowered, trig.end):
        return True
    head = clause.lowered[max(0, trig.start - 12):trig.start].split()
    return bool(head) and (head[-1] in _NOUN_MARKERS or head[-2:] == ["đối", "với"])


def _is_incident(clause: _Clause, trig: _Trigger) -> bool:
    """An act named as one incident: a noun pattern or "vụ/việc + V" ("vụ đánh bom tự sát")."""
    if "noun" in trig.pattern.flags:
        return True
    head = clause.lowered[max(0, trig.start - 8):trig.start].split()
    return bool(head) and head[-1] in _CLASSIFIERS


_EXCHANGE = re.compile(r"(?<!\w)(?:để )?(?:đổi lấy|đổi lại|để đáp lại)(?: việc)?(?!\w)")


def _exchange_partner(clause: _Clause, trig: _Trigger, exclude: set[str]) -> list[ActorMention]:
    """'X hứa viện trợ để đổi lấy việc Y từ bỏ ...': Y is the other side of the bargain."""
    lowered = clause.lowered
    cue = _EXCHANGE.search(lowered, trig.end, min(len(lowered), trig.end + 60))
    if cue is None:
        return []
    for i, m in enumerate(clause.mentions):
        if m.start >= cue.end() and m.id not in exclude and not m.location:
            return [m] if len(lowered[cue.end():m.start].split()) <= 2 else []
    return []


def _relative_head(clause: _Clause, subject: ActorMention, exclude: set[str]) -> list[ActorMention]:
    """'X làm Y - điều mà Z phản đối': Z's act is aimed at the actor of what 'điều mà' refers to."""
    lowered = clause.lowered
    head = lowered[max(0, subject.start - 12):subject.start].split()
    if head[-2:] != ["điều", "mà"] and head[-2:] != ["việc", "mà"]:
        return []
    before = lowered.rfind("điều mà" if head[-2] == "điều" else "việc mà", 0, subject.start)
    for m in reversed(clause.mentions):
        if m.end <= before and m.id not in exclude and not m.location and not _is_oblique(lowered, m):
            return [m]
    return []


def _condition_subject(clause: _Clause, trig: _Trigger, exclude: set[str]) -> list[ActorMention]:
    """The one a threat is aimed at, named as the subject of its condition: '... nếu Đài Bắc tuyên bố độc lập'."""
    lowered = clause.lowered
    at = _find_word(lowered, "nếu", trig.end, min(len(lowered), trig.end + 80))
    if at < 0:
        return []
    for i, m in enumerate(clause.mentions):
        if m.start > at and m.id not in exclude and not m.location:
            if len(lowered[at + 3:m.start].split()) <= 3:
                return _chain(clause.mentions, i, lowered, +1)
            return []
    return []


def _reciprocal_pair(lowered: str, pattern: TriggerPattern, source: list[ActorMention], trig: _Trigger) -> bool:
    """'A và B hội đàm', 'New Delhi và Islamabad đồng ý ...': two coordinated subjects of a
    symmetric act are its two sides; 'A và B đều cam kết' (both, each on its own) are not."""
    ids = _distinct(source)
    if len(ids) < 2 or not (pattern.frame == "sym" or pattern.type in _SYMMETRIC_TYPES):
        return False
    if pattern.frame != "sym" and len(ids) != 2:
        return False
    between = lowered[source[-1].end:trig.start].split()
    return not any(w in ("đều", "cũng", "lần lượt", "mỗi") for w in between)


_FUNCTION_WORDS = frozenset({"về", "việc", "cho", "của", "để", "nhằm", "trong", "nhiều", "các", "những", "năm"})


_PLURAL_MARKERS = ("các", "những", "nhiều", "hàng loạt", "mọi", "bất kỳ")  # "một loạt vụ nổ" is one incident
_CASUALTIES = re.compile(r"thiệt mạng|bị thương|làm chết|tử vong|thương vong|sát hại|\bchết\b|nạn nhân|phát nổ")
# Attackers the press does not name: "hai tay súng", "những kẻ đánh bom", "các phần tử vũ trang"
_UNNAMED_ATTACKERS = re.compile(
    r"(?<!\w)(tay súng|kẻ tấn công|kẻ đánh bom|kẻ ám sát|kẻ bắt cóc|phần tử vũ trang|nhóm vũ trang|"
    r"người đàn ông có vũ trang|đối tượng vũ trang|những kẻ|các kẻ|kẻ lạ mặt)(?!\w)")


def _concrete_attack(clause: _Clause, trig: _Trigger) -> bool:
    """An attack with no named attacker is coded only when it is one concrete incident:
    not a plural or generic mention ("các vụ tấn công"), and with victims or damage stated."""
    head = " ".join(clause.lowered[max(0, trig.start - 20):trig.start].split()[-2:])
    if _ends_with_word(head, _PLURAL_MARKERS):
        return False
    return bool(_CASUALTIES.search(clause.lowered))


def _unnamed_attackers(clause: _Clause, trig: _Trigger) -> bool:
    """'Hai tay súng đã nã đạn vào ...': the subject is an unnamed armed person or group."""
    boundary = _last_boundary(clause.lowered, trig.start)
    start = boundary[0] if boundary else 0
    return _UNNAMED_ATTACKERS.search(clause.lowered, start, trig.start) is not None


def _nearest_left(clause: _Clause, trig: _Trigger) -> list[ActorMention]:
    """The victims of an unattributed attack named before it ("4 lính Mỹ thiệt mạng trong vụ đánh bom")."""
    for m in reversed(clause.mentions):
        if m.end <= trig.start and not _boundary_between(clause.lowered, m.end, trig.start):
            return [m]
    return []


_OWN_PEOPLE = re.compile(r"\s*(?:các |những |toàn thể |mọi )?(?:công dân|người dân|nhân dân|dân chúng|cử tri|dân)(?!\w)")


_HUMAN_OBJECT = re.compile(
    r"\s*(?:các |những |toàn bộ |tất cả |mọi )?(?:nhân viên|công dân|người|nhân dân|dân|gia đình|sinh viên|"
    r"phóng viên|nhà báo|du khách|binh sĩ|quân nhân|con tin|tù nhân|nạn nhân|nhóm|phần tử|kẻ|đối tượng|"
    r"nghi phạm|tay súng|phiến quân|chiến binh|nhà khoa học|chuyên gia|học giả|doanh nghiệp|công ty|nhà đầu tư)(?!\w)")


def _context_target(clause: _Clause, src_refs: list[ActorRef], dicts: Dictionaries) -> list[ActorRef]:
    """The first of the article's two most mentioned actors, named nearby, that is not the source."""
    own = _base_ids(src_refs)
    for actor_id in clause.salient:
        if actor_id not in own:
            return [ActorRef(id=actor_id, name=dicts.names.get(actor_id, actor_id), text="")]
    return []


def _subject_adjacent(clause: _Clause, source: list[ActorMention], trig: _Trigger) -> bool:
    """A plain 'X (adverbs) V' clause: the subject sits a few words before the trigger, no comma between."""
    if not source or source[-1].end > trig.start:
        return False
    gap = clause.lowered[source[-1].end:trig.start]
    return "," not in gap and len(gap.split()) <= 6


_AGAINST = re.compile(r"(?<!\w)(?:chống lại|chống|phản đối|nhằm vào|bài)(?!\w)")


_ACTS_ON_PROTESTERS = re.compile(
    r"(?<!\w)(trấn áp|đàn áp|giải tán|bắn vào|bắn|nổ súng vào|bắt giữ|bắt|đối phó với|ngăn chặn|xua đuổi|truy đuổi)"
    r"(?:\s+\S+){0,3}\s*$")


def _protesters_as_object(clause: _Clause, trig: _Trigger) -> bool:
    """'(người) biểu tình' as the object of a crackdown ("trấn áp biểu tình") is not a protest event of its own."""
    return _ACTS_ON_PROTESTERS.search(clause.lowered, max(0, trig.start - 40), trig.start) is not None


def _protest_target(clause: _Clause, trig: _Trigger) -> list[ActorMention]:
    """What a protest is against: the actor right after 'chống/phản đối/nhằm vào', in or just after the trigger."""
    lowered = clause.lowered
    for cue in _AGAINST.finditer(lowered, max(0, trig.start - 40), min(len(lowered), trig.end + 24)):
        for i, m in enumerate(clause.mentions):
            if m.start >= cue.end() and len(lowered[cue.end():m.start].split()) <= 2:
                return _chain(clause.mentions, i, lowered, +1)
        break
    return []


_PEOPLE_OF = re.compile(r"\s*của (?:những |các )?(?:người dân|người|dân|nhân dân|cộng đồng người) $")


def _people_owning(clause: _Clause, trig: _Trigger) -> list[ActorMention]:
    """'cuộc nổi dậy của người Palestine', 'biểu tình của dân Kyrgyzstan': the nationality named."""
    for m in clause.mentions:
        if m.start >= trig.end:
            return [m] if m.id and _PEOPLE_OF.fullmatch(clause.lowered, trig.end, m.start) else []
    return []


def _places(clause: _Clause) -> list[ActorMention]:
    """Mentions that name a country or city as a place ("tại Baku", "thủ đô Baku chứng kiến")."""
    return [m for m in clause.mentions
            if m.id and (m.location or (m.kind in ("state", "capital") and not m.sector and not m.role
                                        and m.resolution != "coreference"))]


# "theo đề nghị của X", "với sự ủng hộ của X", "nhờ sự giúp đỡ của X": X's act towards the one
# who acts in the clause
_BACKING_HEADS = {
    "REQUEST": ("theo",),
    "SUPPORT": ("với", "với sự", "nhờ", "nhờ sự", "được", "được sự", "nhờ có sự"),
    "AID": ("với", "với sự", "nhờ", "nhờ sự", "được", "được sự", "nhờ có sự"),
    "CONSULT": ("dưới", "dưới sự", "qua sự", "nhờ sự"),
    "ACCUSE": ("trong sự", "giữa sự", "trước sự", "bất chấp sự", "vấp phải sự", "hứng chịu sự", "đối mặt với sự"),
    "PROTEST": ("trong sự", "giữa sự", "trước sự", "bất chấp sự", "vấp phải sự", "hứng chịu sự", "đối mặt với sự"),
}


def _at_request_of(clause: _Clause, trig: _Trigger) -> bool:
    """'theo đề nghị của X', 'với sự ủng hộ của X': a backing act reported as the reason for another."""
    heads = _BACKING_HEADS.get(trig.pattern.type)
    return (heads is not None and _OF_AFTER.match(clause.lowered, trig.end) is not None
            and _ends_with_word(clause.lowered[max(0, trig.start - 16):trig.start], heads) is not None)


_ANAPHORIC_AFTER = re.compile(r"\s+(?:này|đó|ấy|trên|nói trên|kể trên)(?!\w)")


def _descriptive(clause: _Clause, trig: _Trigger) -> bool:
    if _ANAPHORIC_AFTER.match(clause.lowered, trig.end):
        return True  # "nhắc lại cam kết này": a reference to an act told before, not a new one
    words = clause.lowered[max(0, trig.start - 40):trig.start].replace(",", " ").split()
    while words and (words[-1] in _FUNCTION_WORDS or words[-1].isdigit()):  # "kỷ niệm 10 năm"
        words.pop()
    return _ends_with_word(" ".join(words[-4:]), _DESCRIPTIVE_HEADS) is not None


# ---------------------------------------------------------------- modality

# "không" is also a syllable of compounds: "không quân" (air force), "phòng không", "hàng không".
_KHONG_COMPOUND_AFTER = frozenset({"quân", "kích", "phận", "gian", "khí", "lực", "tặc", "trung", "người", "ảnh"})
_KHONG_COMPOUND_BEFORE = frozenset({"phòng", "hàng", "bầu", "hư", "chân", "trên"})


def _is_compound_khong(lowered: str, start: int, end: int) -> bool:
    if lowered[start:end] != "không":
        return False
    after = lowered[end:end + 12].split()[:1]
    before = lowered[max(0, start - 12):start].split()[-1:]
    return bool(after and after[0] in _KHONG_COMPOUND_AFTER) or bool(before and before[0] in _KHONG_COMPOUND_BEFORE)


def _modality(clause: _Clause, trig: _Trigger) -> str:
    lowered = clause.lowered
    if clause.sentence.text.rstrip().endswith("?"):
        return "question"
    for start, end, cue in clause.cues:  # nearest first
        if start >= trig.start and end <= trig.end:
            continue  # the cue is part of the trigger itself ("không đồng ý")
        if _is_compound_khong(lowered, start, end):
            continue
        if cue.scope == "after":
            if trig.end <= start and len(lowered[trig.end:start].split()) <= 4:
                return _cue_modality(cue)
            continue
        if end > trig.start:
            continue
        gap = lowered[end:trig.start]
        syllables = len(gap.split())
        if cue.modality in ("negated", "denied"):
            reach = 12 if " " in cue.phrase else 3
            if syllables <= reach and not _boundary_between(lowered, end, trig.start):
                return "negated"
        elif cue.modality == "conditional":
            return "conditional"
        elif cue.modality == "threat" and syllables <= 30 and not _boundary_between(lowered, end, trig.start):
            return "threatened"
        elif cue.modality == "obliged" and syllables <= (2 if cue.phrase == "nên" else 0) and not (
                cue.phrase == "nên" and _not_should(lowered, start)):
            return "obliged"
        elif cue.modality == "purpose" and syllables == 0 and trig.pattern.type in _CONFLICT_TYPES:
            return "purpose"
        elif cue.modality == "hoped" and cue.phrase in _REQUEST_CUES and trig.pattern.type == "REQUEST":
            continue  # "yêu cầu X ... và kêu gọi Y ...": a second request, not a requested act
        elif cue.modality == "hoped" and syllables <= 25 and (
                _hope_reaches(lowered, end, trig.start)
                or (cue.phrase in _REQUEST_CUES and _listed_after(clause, end, trig.start))):
            return "hoped"
        elif cue.modality == "background" and (set(gap.split()) <= {"bị", "được", "đã"}
                                               or (" " in cue.phrase and syllables <= 4)):
            if cue.phrase.startswith("từng") and _DATED_PAST.search(_same_clause_after(lowered, trig.end, 40)):
                continue  # "từng tấn công lò phản ứng Osiraq năm 1981": one dated past act
            return "background"
    if _conditional_after(clause, trig):
        return "conditional"
    start = max(0, trig.start - 30)
    padded = f" {lowered[start:trig.start]} "
    for w in _PLANNED_WORDS:
        at = padded.rfind(w)
        if at >= 0 and not _boundary_between(lowered, start + at, trig.start):
            return "planned"
    return "asserted"


def _same_clause_after(lowered: str, start: int, length: int) -> str:
    """Up to `length` characters after `start`, cut at the first comma, semicolon or 'theo'."""
    window = lowered[start:start + length]
    cut = re.search(r"[,;]|(?<!\w)theo(?!\w)", window)
    return window[:cut.start()] if cut else window


_DATED_PAST = re.compile(r"(?<!\w)(?:năm|hồi|vào) (?:1[89]|20)\d\d(?!\d)")
_REQUEST_CUES = frozenset({"kêu gọi", "lời kêu gọi", "yêu cầu", "hối thúc", "thúc giục", "đòi", "đề nghị", "đề xuất"})


def _listed_after(clause: _Clause, end: int, trigger_start: int) -> bool:
    """'đề nghị mở văn phòng, cử đặc phái viên ...': acts listed after a request, no new actor between."""
    if _boundary_between(clause.lowered, end, trigger_start):
        return False
    return not any(end <= m.start < trigger_start for m in clause.mentions)


def _hope_reaches(lowered: str, end: int, trigger_start: int) -> bool:
    """'hy vọng (rằng) HĐBA sẽ thông qua ...': a hope covers its own clause, not the next one."""
    gap = lowered[end:trigger_start]
    skip = len(gap) - len(gap.lstrip().removeprefix("rằng"))
    return "," not in gap and not _boundary_between(lowered, end + skip, trigger_start)


def _cue_modality(cue: ModalityCue) -> str:
    return {"denied": "negated", "threat": "threatened", "planned": "planned"}.get(cue.modality, cue.modality)


def _conditional_after(clause: _Clause, trig: _Trigger) -> bool:
    """'sẵn sàng / sẽ V ... nếu ...': an act offered or threatened under a condition."""
    lowered = clause.lowered
    later = lowered[trig.end:]
    if " nếu " not in f" {later} " and "trong trường hợp" not in later:
        return False
    head = " ".join(lowered[max(0, trig.start - 40):trig.start].split()[-6:])
    return any(f" {w} " in f" {head} " for w in ("sẵn sàng", "sẽ", "có thể", "đe dọa", "dọa"))


# ---------------------------------------------------------------- building events

def _refs(mentions: list[ActorMention], dicts: Dictionaries) -> list[ActorRef]:
    refs: list[ActorRef] = []
    seen: set[str] = set()
    for m in mentions:
        if not m.id or m.code in seen:
            continue
        seen.add(m.code)
        name = dicts.names.get(m.id, m.id)
        refs.append(ActorRef(id=m.code, name=name, text=m.text))
    return refs


def _base_ids(refs: list[ActorRef]) -> frozenset[str]:
    return frozenset(r.id.split(":")[0] for r in refs)


def _event_id(doc_id: str, sentence: Sentence, trig: _Trigger, plover_type: str) -> str:
    key = f"{doc_id}|{sentence.start}|{trig.start}|{plover_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


_ASPECT_WORDS = frozenset({"đã", "đang", "sẽ", "vẫn", "từng", "còn", "cũng", "lại", "luôn", "liên", "tục"})


def _aspect_gap(lowered: str, start: int, end: int) -> bool:
    """Only tense or aspect words between: 'Mỹ | đã | hậu thuẫn', not 'Mỹ | và | kêu gọi'."""
    words = lowered[start:end].split()
    return len(words) <= 3 and all(w in _ASPECT_WORDS for w in words)


def _acts_of_accused(clause: _Clause, before: int) -> bool:
    """The trigger at `before` is the verb of the accused ("lên án Mỹ hậu thuẫn ...")."""
    return 0 <= clause.accused_end <= before and _aspect_gap(clause.lowered, clause.accused_end, before)


def _alleged_act(clause: _Clause, trig: _Trigger) -> bool:
    """What an accuser alleges the accused did ("cáo buộc Mỹ hậu thuẫn ...") is not reported as
    an act; after a condemnation ("lên án Mỹ không kích Syria") the act is reported and coded
    with the accused as its source."""
    return clause.accused_alleged and _acts_of_accused(clause, trig.start)


_CAUSE = re.compile(r"(?<!\w)(?:vì|do|bởi|tại vì)(?!\w)")


def _not_should(lowered: str, nen_start: int) -> bool:
    """'trở nên' (become), 'cho nên' and 'vì/do ... nên' (therefore): not 'nên' = should."""
    return (lowered[max(0, nen_start - 6):nen_start].split()[-1:] in (["trở"], ["cho"])
            or _CAUSE.search(lowered, 0, nen_start) is not None)


# "bắt hai người bị tình nghi là thành viên của nhóm chiến binh ...": members of an armed group,
# whose name the text gives elsewhere if at all; not the arresting state's own people
_GROUP_MEMBERS = re.compile(r"(?<!\w)(?:thành viên|chiến binh|phần tử|tay súng|phiến quân)(?!\w)")


def _civil_authority(source: list[ActorMention]) -> bool:
    """Police, courts, security services or a government (not an army): 'cảnh sát đã bắt hai
    nghi phạm', 'FBI bắt giữ ...'. With no one else named they arrest people of their own country."""
    return bool(source) and all(
        m.sector in ("GOV", "JUD") and len(m.id) == 3 and m.id.isupper()
        and (m.role in ("police", "intelligence", "border_guard") or m.sector == "JUD" or m.kind == "org"
             or m.text.lower().startswith(("nhà chức trách", "giới chức", "chính quyền", "cơ quan")))
        for m in source)


def _as_threat(pattern: TriggerPattern) -> tuple[str, str, str]:
    mode, cameo = _THREAT_FOR.get((pattern.type, pattern.mode)) or _THREAT_FOR.get((pattern.type, ""), ("", "130"))
    return "THREATEN", mode, cameo


def _code_trigger(doc: Document, clause: _Clause, trig: _Trigger, dicts: Dictionaries,
                  previous: tuple | None) -> tuple[Event | None, tuple | None]:
    """The event a trigger expresses (or None), and the parties found for it."""
    if "not_event" in trig.pattern.flags:
        return None, previous
    modality = _modality(clause, trig)
    threat = modality in ("threatened", "conditional") and trig.pattern.type in _CONFLICT_TYPES
    # "đánh giá khả năng ám sát" stays a threat; "theo đề nghị của X" stays a request
    if not threat and _descriptive(clause, trig) and not _at_request_of(clause, trig):
        return None, previous
    alleged = _alleged_act(clause, trig)
    source, target = _actors_for(clause, trig, previous) if trig.parties is None else trig.parties
    if trig.parties is not None:
        modality = "asserted"  # a bare demand: speaker and addressee were checked when it was found
    parties = (source, target) if source and target else previous
    if (trig.pattern.type == "ACCUSE" and target and target[0].start >= trig.end
            and len(clause.lowered[trig.end:target[0].start].split()) <= 1
            and "việc" not in clause.lowered[max(0, trig.start - 12):target[0].start].split()):
        # the accused is the trigger's direct object ("lên án Mỹ ..."; not "phản đối việc Mỹ V",
        # where V is a reported act, nor a nominalised accusation "việc Mỹ quy trách nhiệm cho X")
        clause.accused_end = target[-1].end
        clause.accused_ids = {id(m) for m in target}
        clause.accused_alleged = trig.pattern.mode == "allege"
    clause.used_as_target.update(map(id, target))
    clause.used_as_source.update(map(id, source))
    if alleged:
        return None, previous  # "lên án Mỹ hậu thuẫn phe đối lập": what the accused is said to do
    pattern = trig.pattern
    plover_type, mode, cameo, context = pattern.type, pattern.mode, pattern.cameo, pattern.context
    if (modality in ("threatened", "conditional") and pattern.type in _CONFLICT_TYPES) or (
            modality == "planned" and pattern.type in ("ASSAULT",)):
        # "tuyên bố sẽ giết con tin": announced violence is a threat (announced sanctions are decisions)
        plover_type, mode, cameo = _as_threat(pattern)
        modality = "asserted" if modality == "threatened" else "planned"
        context = ""
    elif modality == "threatened":
        modality = "conditional"
    if modality == "obliged":
        # '"Đài Bắc phải công nhận ...", quan chức Trung Quốc nhấn mạnh': a demand of the speaker
        speaker = _speaker_of_demand(clause, trig, source)
        if speaker and source:
            plover_type, mode, cameo, context, modality = "REQUEST", "", "100", "", "asserted"
            source, target = speaker, source
    src_refs = _refs(source, dicts)
    tgt_refs = [r for r in _refs(target, dicts) if r.id.split(":")[0] not in _base_ids(src_refs) or r.id not in {s.id for s in src_refs}]
    agentless = (not src_refs and tgt_refs and plover_type in _AGENTLESS_TYPES and (
        _unnamed_attackers(clause, trig)  # "hai tay súng nã đạn vào ...": one attack on a named victim
        or ((_passive_marker(clause.lowered, trig) is not None or _is_incident(clause, trig))
            and _concrete_attack(clause, trig))))
    domestic = False
    if plover_type == "PROTEST" and _protesters_as_object(clause, trig):
        return None, parties  # "quân lính trấn áp hàng nghìn người biểu tình": the act is the crackdown
    if plover_type == "PROTEST":
        against = _protest_target(clause, trig)
        if against:  # "biểu tình chống Syria", "biểu tình phản đối Nhật Bản"
            tgt_refs = _refs(against, dicts)
            src_refs = [r for r in src_refs if r.id.split(":")[0] not in _base_ids(tgt_refs)]
        if not src_refs:
            # "cuộc nổi dậy của người Palestine": the people named as its owner protest
            src_refs = _refs(_people_owning(clause, trig), dicts)
        if not src_refs:
            # "một cuộc biểu tình lớn ở Baku": people of the place protest (at home unless against someone)
            excluded = {m.id for m in against}
            src_refs = _refs([p for p in _places(clause) if p.id not in excluded][:1], dicts)
    if src_refs and all(r.id.endswith(":MED") for r in src_refs):
        return None, parties  # the press reports and comments; it is not a political actor here
    if not src_refs and not agentless:
        return None, parties
    if not tgt_refs and src_refs and (
            mode in _DOMESTIC_MODES
            or (mode == "arrest" and len(pattern.parts) == 1 and not pattern.flags and _civil_authority(source)
                and not _GROUP_MEMBERS.search(_same_clause_after(clause.lowered, trig.end, 60)))
            or (plover_type == "MOBILIZE" and source and all(m.role == "police" for m in source))
            or ((pattern.frame == "intrans" or _is_nominal(clause, trig)) and (plover_type == "PROTEST" or mode == "resign"))):
        # a protest or a resignation with no stated addressee is aimed at the actor's own government
        base = src_refs[0].id.split(":")[0]
        tgt_refs = [ActorRef(id=base, name=dicts.names.get(base, base), text="")]
        domestic = True
    if plover_type in ("REQUEST", "SUPPORT") and _OWN_PEOPLE.match(clause.lowered, trig.end):
        return None, parties  # "kêu gọi người dân ...", "khuyên công dân ...": a government and its own people
    explicit = ({"needs_target", "adjacent_target"} & pattern.flags  # these need their target written
                or _HUMAN_OBJECT.match(clause.lowered, trig.end)  # "yêu cầu các nhân viên ...": someone else
                or trig.start in clause.topic_only)
    if not tgt_refs and not explicit and plover_type in _CONTEXT_TARGET_TYPES and _subject_adjacent(clause, source, trig):
        tgt_refs = _context_target(clause, src_refs, dicts)
    if not tgt_refs:
        return None, parties
    if not domestic and {r.id for r in src_refs} == {r.id for r in tgt_refs}:
        return None, parties
    s = clause.sentence
    trigger_text = " ... ".join(s.text[a:b] for a, b in trig.spans)
    return Event(
        doc_id=doc.id,
        event_id=_event_id(doc.id, s, trig, plover_type),
        type=plover_type, mode=mode, context=context,
        source=src_refs, target=tgt_refs,
        sentence_index=s.index, start=s.start, end=s.end, sentence=s.text,
        trigger=trigger_text, trigger_start=s.start + trig.start, trigger_end=s.start + trig.end,
        cameo=cameo, goldstein=dicts.goldstein_for(cameo), quad_class=quad_class(cameo),
        modality=modality, coder_version=CODER_VERSION, dictionary_version=dicts.version,
    ), parties


def _clauses(doc: Document, dicts: Dictionaries) -> list[tuple[_Clause, list[_Trigger]]]:
    lowered_doc = lower_same_length(doc.text)
    sentence_starts = [s.start for s in doc.sentences]
    by_sentence: dict[int, list[ActorMention]] = {}
    counts: dict[str, int] = {}
    recent: dict[int, set[str]] = {}  # sentence index -> actors acting there (not places)
    clock_possible = "giờ" in lowered_doc
    for mention in doc.actors:
        if clock_possible and _is_clock(lowered_doc, mention):
            continue
        i = bisect.bisect_right(sentence_starts, mention.start) - 1
        if i >= 0 and mention.end <= doc.sentences[i].end:
            by_sentence.setdefault(i, []).append(mention)
        if mention.id and not mention.location:
            counts[mention.id] = counts.get(mention.id, 0) + 1
            recent.setdefault(i, set()).add(mention.id)
    top = sorted(counts, key=lambda k: -counts[k])[:2]
    out = []
    for s in doc.sentences:
        mentions = by_sentence.get(s.index)
        if not mentions:
            continue  # the cascade: no actor, no event
        lowered = lowered_doc[s.start:s.end]
        triggers = _find_triggers(lowered, dicts)
        if not triggers and not (_may_demand(lowered) and _DEMAND_RE.search(lowered)):
            continue
        nearby = set().union(*(recent.get(j, set()) for j in range(s.index - 2, s.index + 1)))
        local = [
            ActorMention(m.start - s.start, m.end - s.start, m.text, m.id, m.kind, m.sector, m.role,
                         m.person, m.resolution, m.location)
            for m in mentions
        ]
        merged = _merge_mentions(local, lowered)
        clause = _Clause(s, lowered, merged, salient=[a for a in top if a in nearby], starts=[m.start for m in merged])
        clause.cues = _longest_cues([(m.start, m.end, cue) for m in iter_matches(dicts.modality_automaton, lowered)
                                     for _, cue in m.items])
        demands = _bare_demands(clause, triggers)
        if demands:
            triggers = sorted(triggers + demands, key=BY_START)
        if triggers:
            out.append((clause, triggers))
    return out


# "X nói Iran phải làm rõ ...", "... Washington nên chấm dứt có mặt": a state told what it must do
# is the object of the speaker's demand even when the demanded act is no trigger of its own.
_DEMAND_RE = re.compile(r"(?<!\w)(?:cần phải|phải|nên) (\w+)")
_NOT_DEMANDED = frozenset({
    "đối", "gánh", "chịu", "hứng", "trải", "nhờ", "là", "có", "bị", "được", "mất", "tốn", "chăng",
    "chờ", "đợi", "dùng", "sống", "rời", "đi", "vì", "thế", "không", "trả", "do", "cảm", "nhớ", "biết",
})
# "các cuộc biểu tình khiến Tokyo phải xem xét lại": caused, not demanded
_CAUSATIVES = ("khiến", "buộc", "làm", "cho", "đẩy", "việc", "để", "ép", "bắt", "đòi", "sức ép", "áp lực")
_SUBJECT_TO_CUE = ([], ["cũng"], ["đều"], ["vẫn"])
_DEMAND = TriggerPattern(type="REQUEST", mode="", context="", cameo="100", pattern="phải ...", parts=("phải",),
                         frame="svo", flags=frozenset(), where="events.py: an actor told it must act")


def _may_demand(lowered: str) -> bool:
    """Can _DEMAND_RE match? (a substring test is much cheaper than the regex's scan)"""
    return "phải" in lowered or "nên" in lowered


def _bare_demands(clause: _Clause, triggers: list[_Trigger]) -> list[_Trigger]:
    lowered = clause.lowered
    if not _may_demand(lowered):
        return []
    demands: list[_Trigger] = []
    for found in _DEMAND_RE.finditer(lowered):
        verb_start, verb_end = found.span(1)
        if found.group(1) in _NOT_DEMANDED:
            continue
        if any(t.end > found.start() and t.start <= verb_end + 16 for t in triggers):
            continue  # a trigger of its own follows: the obliged act is coded from it
        subject = [m for m in clause.mentions if not m.location and m.end <= found.start()
                   and lowered[m.end:found.start()].split() in _SUBJECT_TO_CUE][-1:]
        if not subject or _is_oblique(lowered, subject[0]) or _is_predicate(lowered, subject[0]):
            continue
        if _ends_with_word(lowered[max(0, subject[0].start - 16):subject[0].start], _CAUSATIVES):
            continue
        if found.group(0).startswith("nên") and _not_should(lowered, found.start()):
            continue
        trig = _Trigger(verb_start, verb_end, [(found.start(), verb_end)], _DEMAND)
        speaker = _speaker_of_demand(clause, trig, subject, reported_only=True)
        if speaker:
            trig.parties = (speaker, subject)
            demands.append(trig)
    return demands


def _longest_cues(cues: list[tuple[int, int, ModalityCue]]) -> list[tuple[int, int, ModalityCue]]:
    """Of cues starting at the same place keep the longest ("có thể sẽ" over "có thể"), ordered
    from the last to the first: the cue nearest a trigger scopes it."""
    longest: dict[int, tuple[int, int, ModalityCue]] = {}
    for cue in cues:
        if cue[0] not in longest or cue[1] > longest[cue[0]][1]:
            longest[cue[0]] = cue
    return sorted(longest.values(), key=lambda c: -c[0])  # nearest to a later trigger first


def _is_clock(lowered_doc: str, m: ActorMention) -> bool:
    """'8h giờ Hà Nội': a time zone, not an actor."""
    return lowered_doc[max(0, m.start - 5):m.start].rstrip().endswith("giờ")


def _same_event(a: Event, b: Event) -> bool:
    """Two coded mentions are one event when type, actors and modality agree, their dates do not
    conflict, and they are retellings in different sentences (see below), or the same trigger
    with the same date in one sentence. Two different acts in one sentence ("cắt đứt quan hệ
    ..., trục xuất ...") stay apart."""
    if (a.type, a.negated) != (b.type, b.negated):
        return False
    same_sides = (_base_ids(a.source), _base_ids(a.target)) == (_base_ids(b.source), _base_ids(b.target))
    if a.type == "CONSULT" and not same_sides:
        # a meeting told from either side: "cuộc thảo luận với Tổng thống Mỹ, ... tiếp Bộ trưởng Mỹ"
        same_sides = (_base_ids(a.source), _base_ids(a.target)) == (_base_ids(b.target), _base_ids(b.source))
    if not same_sides:
        return False
    if a.sentence_index == b.sentence_index and a.type in ("THREATEN", "CONSULT"):
        return True  # "đe dọa sẽ trả đũa Mỹ": the threat verb and the threatened act are one threat
    if a.date and b.date and a.date != b.date:
        return False
    if a.sentence_index == b.sentence_index:
        return bool(a.date and b.date) and _head(a) == _head(b)
    if _head(a) == _head(b):
        return True
    if bool(a.date) != bool(b.date):
        return False  # one dated, one not, in other words: measured to be two events more often than one
    # retellings in another sentence with the same date or none: an attack, a meeting or a
    # protest retold is one incident; measures merge only when they are the same kind
    # ("trừng phạt" and "trục xuất" against one state are two); statements and agreements stay
    # different acts ("chỉ trích", later "nhấn mạnh ... hung hăng"; "bình thường hóa quan hệ",
    # "ký một hiệp định" on the same day)
    return a.type in _INCIDENT_TYPES or (a.type in _MEASURE_TYPES and a.mode == b.mode)


def _head(e: Event) -> str:
    return e.trigger.split(" ... ")[0].lower()


def _same_incident(attributed: Event, agentless: Event) -> bool:
    """An attack told once with its author and once without ("Vụ tấn công ... làm 3 lính Mỹ
    thiệt mạng") is one event when type and victims agree and the dates do not conflict."""
    if agentless.source or not attributed.source or attributed.type != agentless.type:
        return False
    if not _base_ids(attributed.target) & _base_ids(agentless.target):
        return False
    return not (attributed.date and agentless.date and attributed.date != agentless.date)


def _merge_duplicates(events: list[Event]) -> list[Event]:
    kept: list[Event] = []
    for e in sorted(events, key=lambda e: not e.source):  # attributed mentions first
        twin = next((k for k in kept if _same_event(k, e) or _same_incident(k, e)), None)
        mention = {"sentence_index": e.sentence_index, "start": e.start, "end": e.end,
                   "trigger": e.trigger, "trigger_start": e.trigger_start, "trigger_end": e.trigger_end}
        if twin is None:
            e.mentions = [mention]
            kept.append(e)
        else:
            twin.mentions.append(mention)
            twin.date = twin.date or e.date
            twin.date_text = twin.date_text or e.date_text
    return sorted(kept, key=lambda e: (e.sentence_index, e.trigger_start))


def code_events(doc: Document, dicts: Dictionaries) -> list[Event]:
    events: list[Event] = []
    for clause, triggers in _clauses(doc, dicts):
        previous: tuple | None = None
        for trig in triggers:
            event, previous = _code_trigger(doc, clause, trig, dicts, previous)
            if event is not None:
                events.append(event)
    return events


def events(doc: Document, dicts: Dictionaries) -> Document:
    doc.candidates = code_events(doc, dicts)
    doc.stages.append("events")
    return doc


# States that succeeded another: before the date, the predecessor is the actor ("quân Đức phong
# tỏa Matxcơva năm 1941" is Germany against the Soviet Union).
_PREDECESSORS = (("RUS", "SUN", "Soviet Union", 1922, 1991),)


def _historical(e: Event) -> None:
    year = e.date[:4] if e.date else ""
    if not year.isdigit():
        return
    for successor, predecessor, name, first, last in _PREDECESSORS:
        if first <= int(year) <= last:
            for ref in e.source + e.target:
                base, _, sector = ref.id.partition(":")
                if base == successor:
                    ref.id, ref.name = predecessor + (":" + sector if sector else ""), name


def merge_event_mentions(doc: Document) -> Document:
    """After dates are known: one record per event per article."""
    for e in doc.candidates:
        _historical(e)
    doc.candidates = _merge_duplicates(doc.candidates)
    doc.stages.append("merge")
    return doc
