"""Actor recognition: dictionary aliases, titles and sectors, metonyms, coreference.

One Aho-Corasick pass over the document finds actor aliases, title/sector words and
anaphoric phrases. Then, left to right:
- a title or sector word followed by an actor ("Bộ Ngoại giao Nga", "Ngoại trưởng
  nước này", "người phát ngôn của NATO") gives that actor with the sector and role;
- people resolve through their dated roles at the article's date;
- anaphors resolve to the most recent fitting actor ("nước này" -> last state,
  "liên minh này" -> last alliance, "hai bên" -> the last two actors);
- a name right after a place preposition ("tại Moscow") is marked as a location.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from quanhe.dictionaries import ActorEntry, CorefEntry, Dictionaries, RoleEntry, lower_same_length
from quanhe.document import ActorMention, Document
from quanhe.matching import BY_SPAN, BY_START, Match, iter_matches, longest_leftmost

# Words that may stand between a title and the actor it belongs to.
_ROLE_LINKS = frozenset({"của", "nước", "phía", "liên", "bang", "chính", "quyền"})
# A name right after these is where something happens, not who acts.
_PLACE_WORDS = (
    "tại", "ở", "đến", "tới", "sang", "khỏi", "thủ đô", "thành phố", "vùng", "miền",
    "khu vực", "gần", "ngoài khơi", "lãnh thổ", "biên giới", "trên đất", "nội địa",
)
_KIND_PRIORITY = {"person": 0, "state": 1, "org": 2, "group": 3, "seat": 4, "capital": 5}


@dataclass(slots=True)
class _Candidate:
    match: Match
    kind: str  # actor, role, coref
    actor: ActorEntry | None = None
    role: RoleEntry | None = None
    coref: CorefEntry | None = None


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _word_before(text: str, start: int) -> str:
    head = text[max(0, start - 40):start].rstrip()
    if not head or not head[-1].isalnum():
        return ""
    return head.rsplit(None, 1)[-1]


def _word_after(text: str, end: int) -> str:
    tail = text[end:end + 40]
    if not tail[:1].isspace():
        return ""
    parts = tail.split(None, 1)
    return parts[0] if parts else ""


def _pick_actor(items: list, text: str, m: Match, published: str | None,
                ends: set[int], starts: set[int], year: str = "") -> ActorEntry | None:
    fitting: list[ActorEntry] = []
    for kind, payload in items:
        if kind != "actor":
            continue
        entry, exact = payload
        if exact and text[m.start:m.end] != exact:  # few aliases must match case exactly
            continue
        if published and not entry.valid_on(published):
            continue
        if "ambiguous" in entry.flags and not _ambiguous_ok(text, m, ends, starts):
            continue
        fitting.append(entry)
    if not fitting:
        return None
    if len(fitting) == 1:
        return fitting[0]
    # Undated article: an entry valid in the latest year the text mentions comes first ("Hội đồng
    # châu Âu" in a text about 2005 is the Council of Europe); then a person is taken in the role
    # held longest (ElBaradei: IAEA, not Egypt's month-long vice-presidency). Dated: the entries
    # left are all valid that day.
    return min(fitting, key=lambda e: (_KIND_PRIORITY.get(e.kind, 9),
                                       bool(year) and not _valid_in_year(e, year), -_tenure_years(e)))


# 1980-2049 not glued to a number before it. Each branch opens with a literal digit and checks what
# precedes it after that digit, so that the regex engine jumps to the candidate digits instead of
# trying every position (a pattern that opens with a look-behind is tried at every offset).
_YEAR = re.compile(r"(?:1(?<![\d/.,]1)9[89]\d|2(?<![\d/.,]2)0[0-4]\d)(?![\d])")


def _text_year(text: str) -> str:
    """The latest plausible year written in an undated text: a bound on when it was written."""
    years = _YEAR.findall(text)
    return max(years) if years else ""


def _valid_in_year(entry: ActorEntry, year: str) -> bool:
    return (not entry.valid_from or entry.valid_from[:4] <= year) and (not entry.valid_to or year <= entry.valid_to[:4])


def _tenure_years(entry: ActorEntry) -> int:
    if not entry.valid_from:
        return 0
    end = int(entry.valid_to[:4]) if entry.valid_to else 2026
    return end - int(entry.valid_from[:4])


def _ambiguous_ok(text: str, m: Match, ends: set[int], starts: set[int]) -> bool:
    """An ambiguous alias ("Đức", "Anh", "Nga") must not be part of a personal name:
    it is refused when glued to capitalised syllables that no dictionary entry explains."""
    before = _word_before(text, m.start)
    after = _word_after(text, m.end)
    before_explained = not before or _ends_known(text, m.start, ends) or _sentence_initial(text, m.start - len(before) - 1)
    if _capitalised(before) and not before_explained:
        return False
    if _capitalised(after) and not _starts_known(text, m.end, starts):
        # "Tuấn Anh Nguyễn" is a name; "Ngoại trưởng Anh Jack Straw" is not: a title word explains it
        return bool(before) and (not _capitalised(before) or _ends_known(text, m.start, ends))
    return True


def _sentence_initial(text: str, at: int) -> bool:
    """Is the word ending just before `at` (a space) the first word of a sentence or line?"""
    i = at
    while i > 0 and text[i - 1] not in " \n":
        i -= 1
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;\"“”(–-"


def _ends_known(text: str, start: int, ends: set[int]) -> bool:
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i in ends


def _starts_known(text: str, end: int, starts: set[int]) -> bool:
    i = end
    while i < len(text) and text[i] == " ":
        i += 1
    return i in starts


def _geographic(lowered: str, start: int) -> bool:
    """'bán đảo Triều Tiên', 'eo biển Đài Loan': a geographic name built on a state's name."""
    head = lowered[max(0, start - 12):start].rstrip()
    return head.endswith(("bán đảo", "eo biển", "biển", "vịnh", "quần đảo", " gốc", " tiếng"))


_PLACE_BEFORE = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, _PLACE_WORDS)) + r")\s*$")
# the last syllables of the place words: the last word before a place is one of them
_PLACE_ENDS = frozenset(w.split()[-1] for w in _PLACE_WORDS)


def _is_location(lowered: str, start: int) -> bool:
    window = max(0, start - 20)
    last = lowered[window:start].rsplit(None, 1)[-1:]
    # the last word first: the regex tries every offset of the window
    return bool(last) and last[0] in _PLACE_ENDS and _PLACE_BEFORE.search(lowered, window, start) is not None


def _anaphor(entry: CorefEntry, text: str, lowered: str, m: Match) -> bool:
    """Is the coreference phrase at `m` used as one (the cheap tests first)?"""
    if entry.refers_to == "person":
        if _capitalised(_word_after(text, m.end)):
            return False  # before a name ("ông Bush")
        if lowered[max(0, m.start - 4):m.start] == "đàn ":
            return False  # "người đàn ông" (a man) is a noun, not the pronoun "ông"
    nxt = _word_after(lowered, m.end).rstrip(".,;:!?\"”)")
    # "lowered[m.end:].lstrip().startswith(b + ' ')" without copying the rest of the text
    following = m.end
    while following < len(lowered) and lowered[following].isspace():
        following += 1
    return not any(nxt == b or lowered.startswith(b + " ", following) for b in entry.not_followed_by)


def _candidates(doc: Document, lowered: str, dicts: Dictionaries) -> list[_Candidate]:
    raw = iter_matches(dicts.actor_automaton, lowered)
    starts = {m.start for m in raw}
    ends = {m.end for m in raw}
    year = "" if doc.published else _text_year(doc.text)
    usable: list[tuple[Match, _Candidate]] = []
    text, published = doc.text, doc.published
    for m in raw:
        items = m.items
        if len(items) == 1:  # most keys have one entry: the same tests as below, without the set
            kind, payload = items[0]
            if kind == "actor":
                entry = _pick_actor(items, text, m, published, ends, starts, year)
                if entry is not None:
                    usable.append((m, _Candidate(m, "actor", actor=entry)))
            elif kind == "role":
                usable.append((m, _Candidate(m, "role", role=payload)))
            elif kind == "coref" and _anaphor(payload, text, lowered, m):
                usable.append((m, _Candidate(m, "coref", coref=payload)))
            continue
        kinds = {k for k, _ in items}
        cand: _Candidate | None = None
        if "actor" in kinds:
            entry = _pick_actor(items, doc.text, m, doc.published, ends, starts, year)
            if entry is not None:
                cand = _Candidate(m, "actor", actor=entry)
        if cand is None and "coref" in kinds:
            entry = next(p for k, p in items if k == "coref")
            if _anaphor(entry, doc.text, lowered, m):
                cand = _Candidate(m, "coref", coref=entry)
        if cand is None and "role" in kinds:
            cand = _Candidate(m, "role", role=next(p for k, p in items if k == "role"))
        if cand is not None:
            usable.append((m, cand))
    kept = {id(m) for m in longest_leftmost([m for m, _ in usable])}
    return [c for m, c in usable if id(m) in kept]


# Anaphors with a resolution of their own (see _resolve_coref and _resolve_plural).
_HOST_PHRASES = frozenset({"nước chủ nhà", "quốc gia chủ nhà", "chủ nhà"})
_CITY_PHRASES = frozenset({"thành phố này", "thủ đô này"})
_PLURAL_PRONOUNS = frozenset({"họ"})
# Roles a person holds: "ông"/"bà" may refer back to "Tổng thống Iran" as to a named person.
_PERSONAL_ROLES = frozenset({
    "head_of_state", "head_of_government", "vice_president", "deputy_head_of_government", "foreign_minister",
    "deputy_foreign_minister", "defence_minister", "deputy_defence_minister", "interior_minister",
    "justice_minister", "finance_minister", "trade_minister", "minister", "deputy_minister", "spokesperson",
    "secretary_general", "deputy_secretary_general", "director_general", "chair", "ambassador", "envoy",
    "negotiator", "commander", "chief_of_staff", "officer", "party_leader", "national_security_adviser",
    "speaker", "governor", "mayor", "high_commissioner", "royal",
})

# Single top offices: "ông" in the sentence of "Tổng thống Iran" is that president.
_TOP_ROLES = frozenset({
    "head_of_state", "head_of_government", "vice_president", "foreign_minister", "defence_minister",
    "secretary_general", "director_general",
})
# Roles of bodies and collectives: no personal name follows them ("đảng Azerbaijan Mới").
_BODY_ROLES = frozenset({
    "party", "ruling_party", "legislature", "court", "committee", "embassy", "consul", "delegation",
    "intelligence", "police", "border_guard", "customs",
})


def _sentence_index(doc: Document, at: int) -> int | None:
    """The index of the sentence holding offset `at` (sentences are in text order and do not
    overlap, so only the last one starting at or before `at` can hold it)."""
    i = bisect.bisect_right(doc.sentences, at, key=BY_START) - 1
    return i if i >= 0 and at < doc.sentences[i].end else None


def _sentence_start(doc: Document, at: int) -> int:
    i = _sentence_index(doc, at)
    if i is not None:
        return doc.sentences[i].start
    return max(doc.text.rfind(".", 0, at), doc.text.rfind("\n", 0, at)) + 1


def _time_zone(lowered: str, start: int) -> bool:
    """'20h tối 21/6 giờ Hà Nội', '(5h Hà Nội)': a clock, not the state."""
    head = lowered[max(0, start - 12):start].split()
    return bool(head) and (head[-1] == "giờ" or re.fullmatch(r"\(?\d{1,2}h\d{0,2}", head[-1]) is not None)


def _predicative(lowered: str, start: int) -> bool:
    """'Việt Nam sẽ là nước chủ nhà': a description of the subject, not a reference."""
    head = lowered[max(0, start - 12):start].split()
    return bool(head) and head[-1] in ("là", "làm")


# "họ" is resolved only as the subject of reported speech or thought ("Ấn Độ tuyên bố họ sẽ
# ..."); elsewhere it refers to people as often as to states.
_REPORTING_PHRASES = (
    "thừa nhận", "tuyên bố", "cho biết", "khẳng định", "nói", "rằng", "nhấn mạnh", "cam kết", "thông báo",
    "cảnh báo", "đe dọa", "hứa", "tố cáo", "nhắc lại", "nói rõ", "xác nhận", "bác bỏ", "phủ nhận",
)


_REPORTING_ENDS = tuple(" " + v for v in _REPORTING_PHRASES)  # a reporting phrase ending a longer head

_OBLIQUE_BEFORE = frozenset({"của", "với", "cho", "tới", "trước"})


def _reported_subject(lowered: str, start: int) -> bool:
    head = lowered[max(0, start - 20):start].rstrip(" ,:")
    return head.endswith(_REPORTING_ENDS) or head in _REPORTING_PHRASES


def _resolve_plural(history: list[ActorMention], at: int, doc: Document, dicts: Dictionaries) -> list[ActorMention]:
    """'họ' (they) for a state, organisation or group named earlier in the same sentence
    ("Ấn Độ tuyên bố họ sẽ ..."); people, places and civilians are not resolved."""
    sentence_start = _sentence_start(doc, at)
    lowered = lower_same_length(doc.text)

    def oblique(h: ActorMention) -> bool:
        # the object of a preposition ("cáo buộc của EU và Mỹ rằng họ ...": they are the accused)
        before = lowered[max(0, h.start - 12):h.start].split()
        word = before[-1] if before else ""
        if word in _OBLIQUE_BEFORE:
            return True
        if word in ("và", "cùng"):
            conj = lowered.rfind(" " + word, 0, h.start)
            left = next((x for x in history if x.end == conj), None)
            return left is not None and oblique(left)
        return False

    for h in reversed(history):
        if h.start < sentence_start:
            return []
        if oblique(h):
            continue
        if not h.id or h.location or h.kind == "person" or h.person:
            continue
        if h.role in _PERSONAL_ROLES:
            return []
        return [h]
    return []


_DESTINATION_BEFORE = re.compile(r"(?:^|\s)(?:tới|đến|sang)\s*$")


def _resolve_coref(entry: CorefEntry, history: list[ActorMention], dicts: Dictionaries,
                   phrase: str = "", sentence_start: int = 0, lowered: str = "") -> list[ActorMention]:
    def last(pred) -> ActorMention | None:
        return next((h for h in reversed(history) if pred(h)), None)

    acting = [h for h in history if h.id]
    if phrase in _HOST_PHRASES:
        # the host is the state the visit or meeting takes place in ("tại Washington")
        found = last(lambda h: h.location and h.id in dicts.state_ids) or last(lambda h: h.id in dicts.state_ids)
    elif phrase in _CITY_PHRASES:
        found = last(lambda h: h.kind == "capital" or h.id in dicts.state_ids and h.resolution != "metonym")
        found = found if found is not None and found.kind == "capital" else None
    elif entry.refers_to == "person":
        # a named person, or a title of the same sentence ("lời lẽ của Tổng thống Iran ... của ông")
        found = last(lambda h: h.kind == "person" or bool(h.person)
                     or h.role in _TOP_ROLES and h.start >= sentence_start and h.resolution == "role")
    elif entry.refers_to == "state":
        found = last(lambda h: h.id in dicts.state_ids)
    elif entry.refers_to == "alliance":
        found = last(lambda h: h.id in dicts.alliance_ids) or last(lambda h: h.id in dicts.bloc_ids)
    elif entry.refers_to == "org":
        found = last(lambda h: h.id and h.id not in dicts.state_ids)
    elif entry.refers_to == "pair":
        pair: list[ActorMention] = []
        # a state visited in the same sentence is one of the two ("chuyến thăm của Tổng thống
        # Pakistan tới Ấn Độ, hai nước ..."), unless two actors of the sentence travel there together
        # (a venue: "Mỹ và Nhật Bản đến Thụy Sĩ, hai bên ..."); other places are not
        travellers = {h.id for h in acting if h.start >= sentence_start and not h.location}
        states_only = any(w in phrase for w in ("nước", "quốc gia", "chính phủ"))  # "hai nước": not an organisation
        for h in reversed(acting):
            if states_only and h.id not in dicts.state_ids:
                continue
            visited = (len(travellers) < 2 and h.start >= sentence_start and h.id in dicts.state_ids
                       and _DESTINATION_BEFORE.search(lowered, max(0, h.start - 12), h.start) is not None)
            if h.location and not visited or any(p.id == h.id for p in pair):
                continue
            pair.append(h)
            if len(pair) == 2:
                return list(reversed(pair))
        return []
    else:
        found = last(lambda h: bool(h.id) and not h.location)
    return [found] if found else []


_RESOLUTION_OF_KIND = {"capital": "metonym", "seat": "metonym", "person": "person"}


def _mention_from_entry(entry: ActorEntry, start: int, end: int, text: str) -> ActorMention:
    resolution = _RESOLUTION_OF_KIND.get(entry.kind, "alias")
    # an organisation's own sector (IGO) adds nothing to its id; a state's agencies keep theirs
    sector = "" if entry.kind == "org" and entry.sector == "IGO" else entry.sector
    return ActorMention(
        start=start, end=end, text=text[start:end], id=entry.id, kind=entry.kind,
        sector=sector, role=entry.role,
        person=entry.name if entry.kind == "person" else "", resolution=resolution,
    )


# A coalition is coded as the state that leads it. "do X dẫn đầu" names the leader; "liên quân
# NATO", "liên quân Mỹ - Anh" name it first; the Joint Chiefs ("tham mưu trưởng liên quân") are
# the USA's unless another state follows; otherwise the theatre of a known coalition decides:
# the US-led coalitions in Iraq (1991, 2003-) and Afghanistan (2001-) always, the Saudi-led one
# in Yemen (2015-) when Saudi Arabia is named in the article. With no leader to be known it
# stays COALITION.
_COALITION_LEADERS = {"IRQ": "USA", "AFG": "USA", "YEM": "SAU"}
# theatres whose coalition is the US-led one even when the article does not name the USA
_COALITION_ALWAYS_LED = frozenset({"IRQ", "AFG"})
_LED_BY = re.compile(r"^\s*,?\s*(?:(?:được|mà)\s+)?do\s+(.{2,45}?)\s+(?:dẫn đầu|đứng đầu|lãnh đạo|chỉ huy|cầm đầu)(?!\w)")
_COALITION_HEADS = re.compile(r"^(?:lực lượng |binh sĩ |lính |các )*(?:liên quân|lực lượng đa quốc gia|đa quốc gia)\s*")


def _first_actor(lowered: str, dicts: Dictionaries, published: str | None, anchored: bool = False) -> ActorEntry | None:
    """The state or organisation named first in a short stretch of lowered text."""
    for m in longest_leftmost(list(iter_matches(dicts.actor_automaton, lowered))):
        if anchored and lowered[:m.start].strip(" -–,"):
            return None
        entries = [p[0] for k, p in m.items if k == "actor" and p[0].valid_on(published)
                   and p[0].kind in ("state", "org", "capital") and p[0].id != "COALITION"]
        if entries:
            return min(entries, key=lambda e: _KIND_PRIORITY.get(e.kind, 9))
        if anchored:
            return None
    return None


def _coalition_leader(lowered: str, start: int, end: int, dicts: Dictionaries, published: str | None,
                      named: set[str]) -> str | None:
    surface = lowered[start:end]
    rest = _COALITION_HEADS.sub("", surface, count=1)
    tail = rest + lowered[end:end + 60] if rest else lowered[end:end + 60]
    led = _LED_BY.match(tail)
    if led:
        entry = _first_actor(led.group(1), dicts, published)
        if entry is not None:
            return entry.id
    head = lowered[max(0, start - 20):start]
    tail = (rest + " " + lowered[end:end + 40]) if rest else lowered[end:end + 40]
    following = _first_actor(re.split(r"[,.;:()\n]", tail, maxsplit=1)[0], dicts, published, anchored=True)
    if following is not None and not re.match(r"^\s*(?:tại|ở)\s", tail):
        return following.id
    if re.search(r"tham mưu(?: trưởng)?\s*$", head) or surface.startswith("tham mưu"):
        return "USA"
    theatre = re.match(r"^\s*(?:tại|ở)\s+(.{2,30})", tail)
    if theatre:
        where = _first_actor(theatre.group(1), dicts, published, anchored=True)
        if where is not None and where.id in _COALITION_LEADERS:
            return _COALITION_LEADERS[where.id]
    for place, leader in _COALITION_LEADERS.items():
        if place in named and (leader in named or place in _COALITION_ALWAYS_LED):
            return leader
    return None


# Modifiers that may stand between a title and its actor ("các quan chức cấp cao của Mỹ",
# "nhà ngoại giao hàng đầu Trung Quốc"): the actor written after them still owns the title.
_ROLE_MODIFIERS = re.compile(
    r"(?<!\w)(?:cấp cao|cao cấp|hàng đầu|cao nhất|chủ chốt|thân cận|giấu tên|ngoại giao|quân sự|an ninh|"
    r"tình báo|thương mại|kinh tế|tài chính|năng lượng|quốc phòng|chính phủ|phụ trách|cấp bộ|đặc biệt)(?!\w)")


def _role_attaches(lowered: str, role_end: int, actor_start: int) -> bool:
    between = lowered[role_end:actor_start].replace(",", " ")
    gap = between.split(None, 7)  # more than 7 words: neither test below can pass
    if len(gap) <= 2 and all(w in _ROLE_LINKS for w in gap):
        return True
    if len(gap) > 6:
        return False
    stripped = _ROLE_MODIFIERS.sub(" ", between).split()
    return len(stripped) < len(gap) and len(stripped) <= 2 and all(w in _ROLE_LINKS for w in stripped)


# Home institutions: "phe đối lập tại Libăng", "cảnh sát ở Pakistan" are that state's own
# (soldiers and officials are often abroad: "binh sĩ ở Iraq" stays unattached).
_HOME_INSTITUTIONS = frozenset({
    "phe đối lập", "cảnh sát", "công an", "chính phủ", "chính quyền", "quốc hội", "tòa án",
    "nhà chức trách", "giới chức", "phe nổi dậy", "phiến quân", "cảnh sát chống bạo động",
})


def _attaches(lowered: str, pending: tuple[int, int, RoleEntry], actor_start: int) -> bool:
    start, end, _ = pending
    if _role_attaches(lowered, end, actor_start):
        return True
    # not through a pronoun ("phe đối lập ở nước này" is left to the context: "nước này" is often misread)
    return (lowered[end:actor_start].split() in (["tại"], ["ở"]) and lowered[start:end] in _HOME_INSTITUTIONS
            and not lowered.startswith(("nước này", "quốc gia này", "đất nước này"), actor_start))


# Bare institutional words that, with no state after them, mean the government of the
# state the article is about ("Cảnh sát đã bắt giữ ...", "binh sĩ chính phủ").
_CONTEXT_WORDS = frozenset({
    "chính phủ", "chính quyền", "cảnh sát", "quân đội", "binh sĩ", "binh lính", "nhà chức trách",
    "giới chức", "quốc hội", "tòa án", "lực lượng an ninh", "binh sĩ chính phủ", "quân chính phủ",
    "lực lượng chính phủ", "nội các", "công an", "cảnh sát chống bạo động", "quan chức",
    "thủ tướng", "tổng thống", "bộ trưởng", "ngoại trưởng", "chủ tịch nước", "quốc vương", "nhà vua",
    "bộ ngoại giao", "bộ quốc phòng", "người phát ngôn", "phát ngôn viên", "bộ trưởng quốc phòng",
    "bộ trưởng ngoại giao", "tổng thống nước này", "phiến quân", "quân nổi dậy", "phe đối lập", "giới quân sự",
})


# A bare institution word after these is not the article's state acting: former members
# ("cựu binh sĩ"), regime change ("thay đổi chính quyền"), a foreign or generic body.
_NOT_CONTEXT_BEFORE = frozenset({"cựu", "thay đổi", "nhiều", "các nước", "mọi"})
_PLURAL_WORDS = frozenset({"các", "nhiều", "những", "mọi", "một số", "hầu hết"})


# In the Vietnamese press a bare "Thủ tướng", "Chủ tịch nước" or "Chính phủ" is Vietnam's own
# when the article involves Vietnam at all.
_VIETNAMESE_CONVENTION = frozenset({"thủ tướng", "chủ tịch nước", "chính phủ", "tổng bí thư", "bộ ngoại giao"})


def _main_state(candidates: list[_Candidate], dicts: Dictionaries) -> str | None:
    """The state the article is about: the most mentioned one, the earliest on ties."""
    counts: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    for i, cand in enumerate(candidates):
        if cand.actor is not None and cand.actor.id in dicts.state_ids:
            counts[cand.actor.id] = counts.get(cand.actor.id, 0) + 1
            first_seen.setdefault(cand.actor.id, i)
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], -first_seen[k]))


def _context_actor(pending: tuple[int, int, RoleEntry], text: str, state_of: Callable[[], str | None],
                   vietnam_named: bool = False) -> list[ActorMention]:
    """A bare institution word ("cảnh sát", "chính phủ") resolves to the article's main state;
    `state_of` finds that state, asked only for words that take one (most titles do not)."""
    start, end, role = pending
    lowered = lower_same_length(text)
    word = lowered[start:end]
    words = word.split()
    if word.endswith("tham mưu trưởng liên quân"):
        # the Joint Chiefs of Staff with no state after them: the US body of that name
        return [ActorMention(start=start, end=end, text=text[start:end], id="USA", kind="state",
                             sector=role.sector, role=role.role, resolution="context")]
    if not any(" ".join(words[i:]) in _CONTEXT_WORDS for i in range(len(words))):
        return []
    state = state_of()
    if state is None:
        return []
    last_word = word.split()[-1]
    before = lowered[max(0, start - 20):start].split()
    after = lowered[end:end + 30].split()
    if words[0] == "cựu" or before and before[-1] == "một" and last_word in ("phủ", "quyền"):
        return []  # "một chính phủ có thể ...": any government
    if word.startswith("giới") and before and before[-1].strip("\"“”'(") == "thế":
        return []  # "thế giới quân sự": the military world, not "giới quân sự"
    if before and before[-1] in _NOT_CONTEXT_BEFORE or " ".join(before[-2:]) in _NOT_CONTEXT_BEFORE:
        return []
    if last_word in ("hội", "viện") and before and before[-1] in ("phiếu", "cử", "trong", "ghế"):
        return []  # "bầu cử quốc hội", "số ghế trong quốc hội": the election or the chamber, not an actor
    if after and (after[0] in ("ở", "tại", "của") and len(after) > 1 and (after[1][:1].isdigit() or after[1] in _PLURAL_WORDS)
                  or after[0][:1].isdigit() or after[0] in _PLURAL_WORDS):
        return []  # "chính phủ ở 24 nước", "chính phủ các nước": governments in general
    if vietnam_named and any(" ".join(words[i:]) in _VIETNAMESE_CONVENTION for i in range(len(words))):
        state = "VNM"
    return [ActorMention(start=start, end=end, text=text[start:end], id=state, kind="state",
                         sector=role.sector, role=role.role, resolution="context")]


def _sentence_window_start(doc: Document, at: int, back: int = 2) -> int:
    """The start of the sentence `back` sentences before the one holding `at`."""
    i = _sentence_index(doc, at)
    if i is not None:
        return doc.sentences[max(0, i - back)].start
    pos = at
    for _ in range(back + 1):
        pos = max(doc.text.rfind(". ", 0, pos), doc.text.rfind("\n", 0, pos))
        if pos < 0:
            return 0
    return pos + 1


def _nearby_state(history: list[ActorMention], at: int, doc: Document, dicts: Dictionaries,
                  main_state: str | None) -> str | None:
    """The state a bare institution word belongs to: the main state when it is named in this or
    the four sentences before, else the state most recently named as an actor or a place in the
    two sentences before (a round-up that turns from Iraq to Nepal: "chính phủ" is Nepal's),
    else the main state."""
    window = _sentence_window_start(doc, at)
    lowered = lower_same_length(doc.text)

    def named_there(h: ActorMention) -> bool:
        # a state named as an actor or a place, not as the owner or partner of something else
        # ("danh sách truy lùng của Mỹ", "quan hệ với Mỹ")
        before = lowered[max(0, h.start - 8):h.start].split()
        return not before or before[-1] not in _OBLIQUE_BEFORE

    near = [h.id for h in history if window <= h.start and h.end <= at and h.id in dicts.state_ids
            and h.resolution != "context" and h.kind != "person" and not h.person and named_there(h)]
    if not near or main_state in near:
        return main_state
    # a state named earlier in the same sentence ("thủ đô Katmandu chìm trong biểu tình ... lệnh
    # giới nghiêm đã được chính phủ ban hành") is the one meant
    sentence_start = _sentence_start(doc, at)
    same = [h.id for h in history if sentence_start <= h.start and h.end <= at and h.id in dicts.state_ids
            and h.resolution != "context" and h.kind != "person" and not h.person and named_there(h)]
    if same:
        return same[-1]
    # the text has moved on from the main state only when that state is not named at all
    # (people and owners included) in the last few sentences
    wide = _sentence_window_start(doc, at, back=4)
    if any(h.id == main_state and wide <= h.start < at for h in history):
        return main_state
    return near[-1]


def recognise(doc: Document, dicts: Dictionaries, unresolved: list[ActorMention] | None = None) -> list[ActorMention]:
    """Actor mentions of the document; person pronouns with no antecedent in the tables are put
    in `unresolved` (when given), for the people learned from the text to take."""
    text = doc.text
    lowered = lower_same_length(text)
    mentions: list[ActorMention] = []
    pending_role: tuple[int, int, RoleEntry] | None = None
    candidates = _candidates(doc, lowered, dicts)
    main_state = _main_state(candidates, dicts)
    named_ids = {c.actor.id for c in candidates if c.actor is not None}
    vietnam_named = any(c.actor is not None and c.actor.id == "VNM" and not _time_zone(lowered, c.match.start)
                        for c in candidates)

    def resolve_pending(pending: tuple[int, int, RoleEntry]) -> list[ActorMention]:
        """A title with no actor after it: the state of the context, when the title takes one."""
        return _context_actor(pending, text, lambda: _nearby_state(mentions, pending[0], doc, dicts, main_state),
                              vietnam_named)

    for cand in candidates:
        m = cand.match
        if cand.kind == "role":
            if (pending_role is not None and _role_attaches(lowered, pending_role[1], m.start)
                    and "," not in lowered[pending_role[1]:m.start]):
                # "phát ngôn viên tòa án Serbia", "quan chức Bộ Quốc phòng": one title, the actor follows
                first = pending_role[2]
                pending_role = (pending_role[0], m.end,
                                RoleEntry(first.sector or cand.role.sector, first.role or cand.role.role))
                continue
            if pending_role is not None:
                mentions.extend(resolve_pending(pending_role))
            pending_role = (m.start, m.end, cand.role)
            continue
        if cand.kind == "actor":
            new = [_mention_from_entry(cand.actor, m.start, m.end, text)]
            if cand.actor.id == "COALITION":
                leader = _coalition_leader(lowered, m.start, m.end, dicts, doc.published, named_ids)
                if leader is not None:
                    new[0].id = leader
                    new[0].kind = "state" if leader in dicts.state_ids else "org"
        else:
            phrase = lowered[m.start:m.end]
            if _predicative(lowered, m.start) and phrase in _HOST_PHRASES:
                continue
            if phrase in _PLURAL_PRONOUNS:
                if not _reported_subject(lowered, m.start):
                    continue
                referents = _resolve_plural(mentions, m.start, doc, dicts)
            else:
                referents = _resolve_coref(cand.coref, mentions, dicts, phrase, _sentence_start(doc, m.start), lowered)
            new = [
                ActorMention(start=m.start, end=m.end, text=text[m.start:m.end], id=r.id,
                             kind=r.kind, sector=r.sector if cand.coref.refers_to in ("state", "person") else "",
                             person=r.person, resolution="coreference")
                for r in referents
            ]
            if not referents and cand.coref.refers_to == "person" and unresolved is not None:
                unresolved.append(ActorMention(start=m.start, end=m.end, text=text[m.start:m.end], id="", kind="",
                                               resolution="coreference"))
        if pending_role is not None and pending_role[1] < m.start and not _attaches(lowered, pending_role, m.start):
            mentions.extend(resolve_pending(pending_role))
            pending_role = None
        if pending_role is not None:
            r_start, r_end, role = pending_role
            if _attaches(lowered, pending_role, m.start):
                for mention in new:
                    mention.start = r_start
                    mention.text = text[r_start:mention.end]
                    mention.sector = role.sector or mention.sector
                    mention.role = role.role or mention.role
                    if mention.resolution == "alias" or mention.resolution == "metonym":
                        mention.resolution = "role"
            pending_role = None
        for mention in new:
            mention.location = _is_location(lowered, mention.start)
        if _geographic(lowered, m.start):
            continue
        mentions.extend(new)
    if pending_role is not None:
        mentions.extend(resolve_pending(pending_role))
    for mention in mentions:
        if mention.resolution == "context":
            mention.location = _is_location(lowered, mention.start)
    return mentions


# A continent's name standing for its union ("một châu Âu mạnh", "thượng đỉnh châu Âu",
# "Mỹ và châu Âu cáo buộc ..."); as a place ("ở châu Âu") or a modifier ("báo châu Âu") it is not an actor.
_CONTINENT_POLITIES = {"châu âu": "EU", "âu châu": "EU"}
# whole-word occurrences; the look-behind comes after the first letter so that the engine scans for
# that letter (same matches as "(?<!\w)name(?!\w)")
_CONTINENT_RES = {name: re.compile(rf"{re.escape(name[0])}(?<!\w{re.escape(name[0])}){re.escape(name[1:])}(?!\w)")
                  for name in _CONTINENT_POLITIES}
_POLITY_BEFORE = frozenset({"thượng đỉnh"})
_POLITY_SUBJECT_BEFORE = frozenset({"", "rằng", "và", "là", "nhưng", "khi", "nếu", "cả", "thì"})
_POLITY_VERBS = frozenset({
    "đã", "đang", "sẽ", "cần", "phải", "không", "cũng", "vẫn", "cáo buộc", "kêu gọi", "yêu cầu", "phản đối",
    "lo ngại", "cảnh báo", "hối thúc", "muốn", "mạnh", "ủng hộ", "chỉ trích", "đề nghị", "quyết định",
    "từ chối", "bác bỏ", "đồng ý", "nhất trí", "hoan nghênh", "lên án", "tưởng niệm", "trừng phạt",
})


def _coordinated_actor(lowered: str, start: int, taken: list[ActorMention]) -> bool:
    """'Mỹ và châu Âu': the conjunct before "và" is an acting actor, not a place or a modifier."""
    conj = lowered.rfind(" và", 0, start)
    left = next((m for m in taken if m.end == conj), None)
    if left is None or left.location:
        return False
    before = re.findall(r"\w+", lowered[max(0, left.start - 15):left.start])
    return not before or before[-1] in _POLITY_SUBJECT_BEFORE or before[-1] in ("bị", "làm", "cả", "giữa")


@dataclass(frozen=True, slots=True)
class _Hit:
    """A whole-word occurrence of a name (the part of re.Match the learner uses)."""

    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


def _whole_word_hits(text: str, name: str) -> list[_Hit]:
    """Occurrences of `name` not inside a longer word or hyphenated name; str.find, not one regex
    per learned name (a document can learn dozens, each would be compiled anew)."""
    hits: list[_Hit] = []
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        before_ok = at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")
        after_ok = end >= len(text) or not (text[end].isalnum() or text[end] in "_-")
        if before_ok and after_ok:
            hits.append(_Hit(at, end))
        at = text.find(name, at + 1)
    return hits


def _continent_polities(text: str, lowered: str, taken: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for name, code in _CONTINENT_POLITIES.items():
        if name not in lowered:
            continue
        for hit in _CONTINENT_RES[name].finditer(lowered):
            start, end = hit.span()
            if any(m.start < end and start < m.end for m in taken):
                continue
            head = lowered[max(0, start - 30):start]
            boundary = head.rstrip(" \"“”'")[-1:] in ("(", ",", ":", ";", ".", "!", "?", "\n", "")
            before = re.findall(r"\w+", head)
            after = re.findall(r"\w+", lowered[end:end + 30])
            prev1 = "" if boundary else (before[-1] if before else "")
            prev2 = " ".join(before[-2:])
            next1, next2 = (after[0] if after else ""), " ".join(after[:2])
            if prev1 == "và" and not _coordinated_actor(lowered, start, taken):
                continue  # "người dân ở Anh và châu Âu", "các nhà sản xuất Mỹ và châu Âu"
            polity = next1 != "khác" and (
                prev1 == "một" or prev1 in _POLITY_BEFORE or prev2 in _POLITY_BEFORE
                or prev1 in _POLITY_SUBJECT_BEFORE and (next1 in _POLITY_VERBS or next2 in _POLITY_VERBS))
            if polity:
                out.append(ActorMention(start=start, end=end, text=text[start:end], id=code, kind="org",
                                        resolution="metonym"))
    return out


# A capitalised head noun alone ("... thành viên thường trực của Hội đồng") is the organisation
# of the text whose name begins with it ("Hội đồng Bảo an").
_BARE_HEADS = ("Hội đồng", "Ủy ban", "Quỹ", "Cơ quan", "Ngân hàng", "Tổ chức", "Tòa án")
# "(?<=[\w,] )(Hội đồng|...)" written with the look-behind after each head's first letter, so that
# the engine scans for those letters instead of trying every offset (same matches)
_BARE_HEAD = re.compile(r"(" + "|".join(f"{h[0]}(?<=[\\w,] {h[0]}){h[1:]}" for h in _BARE_HEADS) + r")(?=\s*[,.;:)\-–]| (?:có|đã|sẽ|đều|cũng|vẫn|"
                        r"chỉ|không|và|trong|về|gồm|là|để|cho|nhằm|thông qua|yêu cầu|quyết định)(?![\w]))")


def _bare_heads(text: str, taken: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for hit in _BARE_HEAD.finditer(text):
        start, end = hit.span(1)
        if any(m.start < end and start < m.end for m in taken):
            continue
        head = hit.group(1).lower()
        referent = next((m for m in reversed(taken) if m.end <= start and m.kind in ("org", "group")
                         and m.text.lower().startswith(head + " ")), None)
        if referent is not None:
            out.append(ActorMention(start=start, end=end, text=text[start:end], id=referent.id, kind=referent.kind,
                                    sector=referent.sector, resolution="coreference"))
    return out


_NAME_AFTER_TITLE = re.compile(r"[ ]+((?:[A-ZĐ\u00C0-\u00DD\u0100-\u024F\u1E00-\u1EFF][\w'’\-.]*[ ]?){1,4})")


# "Braj Raj Sharma, quan chức dân sự hàng đầu ... của Ấn Độ": an unknown name followed by an
# apposition that gives an office or membership "của X" is a person acting for X.
# "((?:[A-ZĐ]w+ ){1,3}[A-ZĐ]w+|(?:(?<=Ông )|...)[A-ZĐ]w{2,})" with the shared first capital taken out
# in front, so that the engine scans for capitals instead of trying every offset (same matches)
_APPOSITION = re.compile(r"([A-ZĐ](?:[\w'’\-]+ (?:[A-ZĐ][\w'’\-]+ ){0,2}[A-ZĐ][\w'’\-]+"
                         r"|(?:(?<=Ông [A-ZĐ])|(?<=ông [A-ZĐ])|(?<=Bà [A-ZĐ])|(?<=bà [A-ZĐ]))[\w'’\-]{2,}))"
                         r"(?:, | \()([^,.;()\n]{3,90})")
_APPOSITION_HEADS = (
    "quan chức", "thành viên", "lãnh đạo", "nhà lãnh đạo", "chỉ huy", "phát ngôn viên", "người phát ngôn",
    "đại diện", "bộ trưởng", "thủ lĩnh", "chủ tịch", "tổng thống", "thủ tướng", "ngoại trưởng", "đại sứ",
    "tướng", "sĩ quan", "nhà ngoại giao", "cố vấn", "giám đốc", "tư lệnh", "người đứng đầu", "trưởng",
    "nhà đàm phán", "trưởng đoàn", "thứ trưởng", "nghị sĩ", "đặc phái viên",
)


def _appositions(text: str, mentions: list[ActorMention], taken: list[tuple[int, int]]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for hit in _APPOSITION.finditer(text):
        start, end = hit.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        body = hit.group(2)
        lead = re.sub(r"^(?:được coi là|là|một|người|hiện là|cựu) ", "", body.lower())
        lead = re.sub(r"^cựu ", "", lead)
        if not lead.startswith(_APPOSITION_HEADS):
            lead = body.lower()  # "người phát ngôn ..."
            if not lead.startswith(_APPOSITION_HEADS):
                continue
        body_start = hit.start(2)
        # the title that opens the apposition names its owner ("Name, đại sứ Mỹ tại Iraq, ..."),
        # else an owner "của X" inside it ("Name, quan chức cấp cao ... của Ấn Độ")
        title_start = hit.end(2) - len(lead)
        owner = next((m for m in mentions if body_start <= m.start < hit.end(2) and not m.location and m.id
                      and m.resolution != "context" and (text[max(0, m.start - 4):m.start] == "của "
                                                         or m.resolution == "role" and " của " in m.text
                                                         or m.resolution == "role" and m.start in (title_start, body_start)
                                                         and m.kind != "person")), None)
        if owner is None:
            continue
        if owner.start in (title_start, body_start) and " của " not in owner.text and (
                _NAME_AFTER_TITLE.match(text, owner.end) and text[owner.end + 1:owner.end + 2].isupper()
                or _is_location(lower_same_length(text), start) or _word_before(text, start).lower() in ("và", "với")):
            continue  # "ở Israel và Bờ Tây, Ngoại trưởng Mỹ Name ...": a list, then a new subject
        name = hit.group(1)
        out.append(ActorMention(start=start, end=end, text=name, id=owner.id, kind="person", sector=owner.sector,
                                role="", person=name, resolution="role"))
        for m in mentions:  # a bare title inside the apposition belongs to the same actor
            if m.resolution == "context" and body_start <= m.start < hit.end(2):
                m.id = owner.id
    return out


# In Chinese and Korean names the family name comes first, and the press shortens "Hồ Cẩm Đào",
# "Hu Jintao", "Kim Jong-il" to "ông Hồ", "Chủ tịch Hu", "ông Kim". Vietnamese people are shortened
# to the given name, the last syllable ("Thủ tướng Dũng"), like Western names ("ông Chirac").
_FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})
# A family name alone is a short, common syllable: it refers to the person only after an
# honorific or a title ("ông Hồ", "Chủ tịch Hồ"), never followed by more of a name.
_SHORT_NAME_BEFORE = re.compile(
    r"(?:^|\s)(?:ông|bà|chủ tịch|thủ tướng|tổng thống|tổng bí thư|bộ trưởng|ngoại trưởng|lãnh đạo|lãnh tụ|"
    r"đại sứ|thứ trưởng|trưởng đoàn|tổng thư ký|nghị sĩ|tướng|phó thủ tướng|phó chủ tịch|phó tổng thống)\s+$")


def _short_name(name: str, actor_id: str) -> tuple[str, bool]:
    """The short form of a person's name and whether it is a family name put first."""
    words = name.split()
    if len(words) < 2:
        return "", False
    if actor_id in _FAMILY_NAME_FIRST and words[0][:1].isupper():
        return words[0], True
    return words[-1], False


# "Jean Dupont, phóng viên tờ Le Monde (Pháp)", "nhà báo Jean Dupont (Pháp)": a person whose
# nationality is written in brackets after the name or after a short description of them.
_PERSON_NOUNS = (
    "phóng viên", "nhà báo", "biên tập viên", "nhiếp ảnh gia", "chuyên gia", "nhà nghiên cứu", "giáo sư",
    "tiến sĩ", "nhà phân tích", "nhà văn", "công dân", "du khách", "kỹ sư", "bác sĩ", "luật sư",
    "nhà hoạt động", "cầu thủ", "vận động viên", "ca sĩ", "diễn viên", "con tin", "nhà khoa học", "doanh nhân",
    "người dẫn chương trình", "nhà sử học", "học giả", "sinh viên", "ông", "bà", "anh", "chị",
)
# "(?:[A-ZĐ]w+ ){1,3}" unrolled to "[A-ZĐ]w+ (?:[A-ZĐ]w+ ){0,2}" so that the pattern opens with a
# character class the engine can scan for (same matches)
_BRACKETED = re.compile(r"([A-ZĐ][\w'’\-.]+ (?:[A-ZĐ][\w'’\-.]+ ){0,2}[A-ZĐ][\w'’\-]+)((?:, [^,.;()\n]{3,70})?) \(([^()\n]{2,30})\)")


def _bracketed_nationals(text: str, mentions: list[ActorMention], taken: list[tuple[int, int]]) -> list[ActorMention]:
    out: list[ActorMention] = []
    if " (" not in text:
        return out  # every match ends in " (...)": the regex's scan of the text is the cost
    lowered = lower_same_length(text)
    for hit in _BRACKETED.finditer(text):
        start, end = hit.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        state = next((m for m in mentions if m.start == hit.start(3) and m.end == hit.end(3)
                      and m.kind == "state" and m.id), None)
        if state is None:
            continue
        before = lowered[max(0, start - 30):start].rstrip()
        described = hit.group(2)[2:].lower().startswith(_PERSON_NOUNS) if hit.group(2) else False
        introduced = any(before.endswith(" " + n) or before == n for n in _PERSON_NOUNS)
        if not (described or introduced):
            continue
        name = hit.group(1)
        out.append(ActorMention(start=start, end=end, text=name, id=state.id, kind="person", sector="",
                                role="", person=name, resolution="role"))
    return out


# A title with no role of its own ("lãnh đạo phe đối lập", "công dân") still introduces a person when
# its head is a word for one person: "Lãnh đạo phe đối lập Kenya Name", "công dân Mỹ Name".
_PERSON_TITLE_HEADS = (
    "lãnh đạo", "nhà lãnh đạo", "thủ lĩnh", "lãnh tụ", "công dân", "nhà hoạt động", "người phát ngôn",
    "phát ngôn viên", "chỉ huy", "tư lệnh", "giáo sĩ", "nhà bất đồng chính kiến", "người bất đồng chính kiến",
    "cựu lãnh đạo", "cựu thủ lĩnh",
)


def _person_title(lowered: str, m: ActorMention) -> bool:
    return lowered[m.start:m.end].startswith(_PERSON_TITLE_HEADS)


# "Thủ lĩnh phiến quân ở Chad Name", "tư lệnh quân đội Mỹ tại Iraq Name": a one-person title, a
# place and a name. The actor written between title and place owns the title; with none, the
# place's state does (but an envoy or ambassador "tại X" is never X's).
_TITLE_AT_PLACE = re.compile(
    r"(?:^|(?<=[\s(\"“]))((?:nhà )?lãnh đạo|thủ lĩnh|lãnh tụ|chỉ huy|tư lệnh|người phát ngôn|phát ngôn viên|"
    r"đại sứ|đặc phái viên|đặc sứ|đại diện)((?: [^\s,.;:()\"“”]+){0,5}) (?:ở|tại) $")
_HOSTED_TITLES = ("đại sứ", "đặc phái viên", "đặc sứ", "đại diện")
# how the text before the place ends when _TITLE_AT_PLACE can match ("$" also matches before a final "\n")
_AT_PLACE_ENDS = (" ở ", " tại ", " ở \n", " tại \n")


def _titles_at_places(text: str, mentions: list[ActorMention], taken: list[tuple[int, int]]) -> list[ActorMention]:
    out: list[ActorMention] = []
    lowered = lower_same_length(text)
    for place in mentions:
        if not place.location or place.kind not in ("state", "capital") or not place.id:
            continue
        window = max(0, place.start - 70)
        if not lowered.endswith(_AT_PLACE_ENDS, window, place.start):
            continue  # the regex below tries every offset of the window
        hit = _TITLE_AT_PLACE.search(lowered, window, place.start)
        if hit is None:
            continue
        head_start = hit.start(1)
        inside = [m for m in mentions if m is not place and m.id and not m.location
                  and head_start <= m.end and m.start < place.start and m.end > head_start]
        gap = text[hit.end(1):hit.start(2) + len(hit.group(2))]
        covered = lambda i: any(m.start <= i < m.end for m in inside)  # noqa: E731
        if any(ch.isupper() and not covered(hit.end(1) + k) for k, ch in enumerate(gap)):
            continue  # an unknown capitalised word between title and place
        owners = [m for m in inside if m.resolution != "context"]
        if owners:
            owner_id, sector = owners[-1].id, owners[-1].sector
        elif hit.group(1).startswith(_HOSTED_TITLES):
            continue
        else:
            owner_id = place.id
            sector = next((m.sector for m in inside if m.resolution == "context"), "")
        found = _NAME_AFTER_TITLE.match(text, place.end)
        if not found:
            continue
        name = _name_words(found.group(1))
        start, end = found.start(1), found.start(1) + len(name)
        if len(name) < 3 or any(s < end and start < e for s, e in taken):
            continue
        for m in inside:  # "Thủ lĩnh phiến quân" of the place, not of the article's main state
            if m.resolution == "context":
                m.id = owner_id
        out.append(ActorMention(start=start, end=end, text=name, id=owner_id, kind="person", sector=sector,
                                role="", person=name, resolution="role"))
    return out


def _name_words(found: str) -> str:
    capitalised = []
    for word in found.split():
        if not word[0].isupper():
            break
        capitalised.append(word)
        if word.endswith(".") and len(word) > 2:
            break
    return " ".join(capitalised).rstrip(".")


def _learn_people(text: str, mentions: list[ActorMention],
                  unresolved: list[ActorMention] | None = None) -> list[ActorMention]:
    """People introduced by a title and their state ("Tổng thống Pháp Jacques Chirac") become
    actors of this article; later mentions of the name or surname ("ông Chirac") resolve to them."""
    taken = [(m.start, m.end) for m in mentions]
    learned: dict[str, ActorMention] = {}
    added: list[ActorMention] = []
    lowered = lower_same_length(text)
    for m in mentions:
        if m.resolution != "role" or m.role in _BODY_ROLES or not m.role and not _person_title(lowered, m):
            continue
        found = _NAME_AFTER_TITLE.match(text, m.end)
        if not found:
            continue
        words = found.group(1).split()
        capitalised = []
        for word in words:
            if not word[0].isupper():
                break
            capitalised.append(word)
            if word.endswith(".") and len(word) > 2:
                break  # a sentence ends here ("... Ivan Stambolic. Ông ...")
        name = " ".join(capitalised).rstrip(".")
        start, end = found.start(1), found.start(1) + len(name)
        if any(s < end and start < e for s, e in taken) or len(name) < 3:
            continue
        person = ActorMention(start=start, end=end, text=name, id=m.id, kind="person", sector=m.sector,
                              role=m.role, person=name, resolution="role")
        added.append(person)
        taken.append((start, end))
        learned[name] = person
    for person in (_appositions(text, mentions, taken) + _bracketed_nationals(text, mentions, taken)
                   + _titles_at_places(text, mentions, taken)):
        added.append(person)
        taken.append((person.start, person.end))
        learned.setdefault(person.person, person)
    family_first: set[str] = set()
    # people learned here, and people of the tables by their canonical name and the alias written
    known = [(m.person, m) for m in added] + [(n, m) for m in mentions if m.kind == "person" and m.person
                                               and m.resolution != "coreference"
                                               for n in ({m.person, m.text} if m.resolution == "person" else {m.person})]
    for full_name, person in known:
        short, first = _short_name(full_name, person.id)
        if len(short) >= (2 if first else 3) and short[:1].isupper() and short not in learned:
            learned[short] = person
            if first:
                family_first.add(short)
    for name, person in learned.items():
        for hit in _whole_word_hits(text, name):
            start, end = hit.start(), hit.end()
            if any(s < end and start < e for s, e in taken):
                continue
            if name in family_first and (not _SHORT_NAME_BEFORE.search(lowered, max(0, start - 20), start)
                                         or re.match(r" [A-ZĐ\u00C0-\u1EF9]", text[end:end + 2])
                                         and text[end + 1:end + 2].isupper()):
                continue  # "Hồ" alone is a lake or another person's family name
            for m in mentions:  # "Chủ tịch Hồ": the bare title is this person's too
                if m.resolution == "context" and m.end < start and not text[m.end:start].strip():
                    m.id, m.sector = person.id, person.sector or m.sector
            taken.append((start, end))
            added.append(ActorMention(start=start, end=end, text=name, id=person.id, kind="person",
                                      sector=person.sector, role=person.role, person=person.person,
                                      resolution="coreference"))
    pending = [p for p in unresolved or () if not any(s < p.end and p.start < e for s, e in taken)]
    merged = sorted(mentions + added + pending, key=BY_SPAN)
    return _reresolve_pronouns(text, merged, {id(m) for m in added}, {id(p) for p in pending})


_PERSON_PRONOUNS = frozenset({"ông", "bà", "ông ta", "bà ta", "ông này", "bà này", "vị này", "nhân vật này",
                              "người này", "ông ấy", "bà ấy"})


_FEMININE = frozenset({"bà", "bà ta", "bà này", "bà ấy"})
# two capitalised words, or one capitalised foreign (unaccented) word inside a sentence
_TWO_NAMES = re.compile(r"(?<!\w)[A-ZĐ][\w'’\-]+ [A-ZĐ][\w'’\-]+|(?<=[a-zà-ỹ,] )[A-Z][a-z]{3,}(?![\w])")


def _unknown_name_between(text: str, start: int, end: int, mentions: list[ActorMention]) -> bool:
    """Is someone the tables do not know named between two offsets ("Mirjana Markovic")?"""
    for hit in _TWO_NAMES.finditer(text, start, end):
        if not any(m.start < hit.end() and hit.start() < m.end for m in mentions):
            return True
    return False


def _in_quote(text: str, at: int) -> bool:
    """Is `at` inside a quotation of its paragraph? There the last person named is often the
    speaker, and "ông ấy" someone else."""
    segment = text[text.rfind("\n", 0, at) + 1:at]
    if "“" in segment or "”" in segment:
        return segment.count("“") > segment.count("”")
    return segment.count('"') % 2 == 1


def _clear_antecedent(text: str, antecedent: ActorMention, at: int, mentions: list[ActorMention]) -> bool:
    """A pronoun with no antecedent in the tables takes a person learned from the text only when
    that person is named in the same or one of the two sentences before, with no other name between."""
    between = text[antecedent.end:at]
    return (len(re.findall(r"[.!?…][\"”’)]*\s", between)) <= 2 and "\n" not in between.strip()
            and not _unknown_name_between(text, antecedent.end, at, mentions))


def _reresolve_pronouns(text: str, mentions: list[ActorMention], learned: set[int],
                        pending: set[int] = frozenset()) -> list[ActorMention]:
    """'ông'/'bà' point to the nearest person before them, learned people included
    ("... cựu tổng thống Serbia Ivan Stambolic. Ông mất tích ..."); 'bà' only to a person the
    text itself calls "bà" or "nữ ..." (the tables have no gender), otherwise it stays unresolved."""
    female = {m.person for m in mentions if m.kind == "person" and m.person
              and _word_before(text, m.start).lower() in ("bà", "nữ", "hoàng", "cô")}
    kept: list[ActorMention] = []
    last_person: ActorMention | None = None
    last_female: ActorMention | None = None
    for m in mentions:
        pronoun = m.text.lower()
        if id(m) in pending:
            antecedent = last_female if pronoun in _FEMININE else last_person
            if (antecedent is not None and id(antecedent) in learned
                    and (pronoun in _FEMININE or antecedent.person not in female)
                    and not _in_quote(text, m.start) and _clear_antecedent(text, antecedent, m.start, mentions)):
                m.id, m.kind, m.sector, m.person = antecedent.id, antecedent.kind, antecedent.sector, antecedent.person
                kept.append(m)
            continue
        if m.resolution == "coreference" and pronoun in _PERSON_PRONOUNS:
            antecedent = last_female if pronoun in _FEMININE else last_person
            if (pronoun in _FEMININE and antecedent is None and last_person is not None
                    and m.start - last_person.end < 250
                    and not _unknown_name_between(text, last_person.end, m.start, mentions)):
                antecedent = last_person  # "... Condoleezza Rice ra điều trần, nhưng bà từ chối"
            if pronoun not in _FEMININE and antecedent is not None and id(antecedent) not in learned:
                antecedent = None  # recognise() already resolved it against the tables and titles
            elif antecedent is None:
                if pronoun in _FEMININE:
                    continue
            else:
                m.id, m.sector, m.person = antecedent.id, antecedent.sector, antecedent.person
            kept.append(m)
            continue
        if m.kind == "person":
            last_person = m
            if m.person in female:
                last_female = m
        kept.append(m)
    return kept


def actors(doc: Document, dicts: Dictionaries) -> Document:
    unresolved: list[ActorMention] = []
    found = recognise(doc, dicts, unresolved)
    found += _continent_polities(doc.text, lower_same_length(doc.text), found)
    found.sort(key=BY_SPAN)
    found += _bare_heads(doc.text, found)
    doc.actors = _learn_people(doc.text, sorted(found, key=BY_SPAN), unresolved)
    doc.stages.append("actors")
    return doc
