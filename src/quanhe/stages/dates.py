"""Time expressions, resolved against the publication date, written as EDTF.

Without a publication date nothing is guessed: "hôm 6/10" is XXXX-10-06 and
"hôm qua" is unknown (None). "Cùng ngày", "hôm sau" and "một ngày trước đó" count from the
last day the article named before them. "tháng này"/"cuối tháng này" take the month of the
publication date, or, failing that, the month of the latest explicit day/month
the article gave before (its narrative time), still with an unknown year. When an
undated article's title names a year ("10 sự kiện thế giới 2005"), months and this-year
expressions ("tháng 2", "năm nay") take that year; days without a year stay XXXX.
Each event takes the time expression of its own sentence nearest to its trigger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from quanhe.document import Document

_DAY_PARTS = r"(?:ngày|hôm|sáng|chiều|tối|đêm|trưa|rạng sáng|khuya)"
_DMY = re.compile(
    rf"(?:(?P<prefix>{_DAY_PARTS})\s+(?:ngày\s+)?)?(?P<d>[0-3]?\d)\s*[/-]\s*(?P<m>[01]?\d)(?:\s*[/-]\s*(?P<y>(?:19|20)\d\d))?(?![\d/])",
    re.IGNORECASE,
)
_DAY_MONTH_WORDS = re.compile(
    r"ngày\s+(?P<d>[0-3]?\d)\s+tháng\s+(?P<m>[01]?\d)(?:\s+năm\s+(?P<y>(?:19|20)\d\d))?", re.IGNORECASE
)
_MONTH_YEAR = re.compile(r"tháng\s+(?P<m>[01]?\d)\s*(?:/|\s+năm\s+)\s*(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(?P<m>[01]?\d)(?![\d/])(?!\s+năm)", re.IGNORECASE)
_YEAR = re.compile(r"(?:năm|hồi|vào năm|từ năm|cuối năm|đầu năm|giữa năm)\s*(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_RELATIVE = re.compile(
    r"\b(?P<rel>hôm qua|hôm nay|ngày mai|hôm kia|tuần trước|tuần này|tuần tới|tuần sau|"
    r"(?:đầu |cuối |giữa )?tháng (?:này|trước|tới|sau)|năm ngoái|năm nay|năm tới|năm sau)\b",
    re.IGNORECASE,
)
# "hôm nay (24/4)", "hôm thứ ba (6/4)", "tối qua (23-4)": the day in brackets after a day word
_BRACKETED_DAY = re.compile(
    r"(?:hôm|ngày|sáng|chiều|tối|đêm|trưa|nay|qua|mai|kia|thứ\s+\w+|chủ nhật)\s*\((?:thứ\s+\w+,\s*)?"
    r"(?P<d>[0-3]?\d)\s*[/-]\s*(?P<m>[01]?\d)(?:\s*[/-]\s*(?P<y>(?:19|20)\d\d))?\)",
    re.IGNORECASE,
)
# "tháng 4 năm ngoái": a month of a year named relative to publication
_MONTH_RELATIVE_YEAR = re.compile(r"tháng\s+(?P<m>[01]?\d)\s+(?P<rel>năm ngoái|năm trước|năm nay|năm tới|năm sau)", re.IGNORECASE)
# Cheap necessary conditions, tested before the case-insensitive patterns that the regex engine
# must try at every offset: _DMY needs a digit then "/" or "-", _YEAR a year's four digits,
# _BRACKETED_DAY a "(". A sentence without them cannot match, so skipping changes nothing.
_DMY_HINT = re.compile(r"\d\s*[/-]")
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
# Days named from an earlier day of the story: "Cùng ngày, ...", "Hôm sau, ...", "một ngày trước đó".
_ANAPHORIC_DAY = re.compile(
    r"(?<!\w)(?P<rel>cùng ngày|cùng hôm|trong cùng ngày|cũng trong ngày|ngày hôm đó|"
    r"ngày hôm sau|hôm sau|một ngày sau đó|một ngày sau|ngày tiếp theo|"
    r"ngày hôm trước|một ngày trước đó|trước đó một ngày)(?!\w)(?!\s+khi)",  # "một ngày sau khi X": X's day
    re.IGNORECASE,
)
# "hồi năm 2001, một năm trước khi Nga và NATO thỏa thuận ...": the later act is a year after
_YEARS_APART = re.compile(r"(?<!\w)(?P<n>một|hai|ba|bốn|năm|\d{1,2}) năm (?P<dir>trước|sau) khi(?!\w)", re.IGNORECASE)
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5}
_NEXT_DAY = ("ngày hôm sau", "hôm sau", "một ngày sau đó", "một ngày sau", "ngày tiếp theo")
_PREVIOUS_DAY = ("ngày hôm trước", "một ngày trước đó", "trước đó một ngày")
# Words every match of a case-insensitive pattern contains, tested on the lowered text first: the
# engine tries those patterns at every offset (they have no literal prefix to scan for)
_RELATIVE_WORDS = ("hôm", "ngày", "tuần", "tháng", "năm")  # "ngày", not "ngày mai": re's IGNORECASE takes "ı" for "i"
_ANAPHORIC_WORDS = ("ngày", "hôm")


def _has_any(lowered: str, words: tuple[str, ...]) -> bool:
    return any(w in lowered for w in words)


def _anaphoric_day(text: str) -> bool:
    return _has_any(text.lower(), _ANAPHORIC_WORDS) and _ANAPHORIC_DAY.search(text) is not None


_NUMERIC_CONTEXT = re.compile(r"(tỷ lệ|tỉ số|thắng|thua|kết quả|\d\s*[:]\s*$)", re.IGNORECASE)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    edtf: str | None
    clause_after: bool = False  # dates only what follows it in its clause ("một năm trước khi X")


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _year_for(month: int, day: int, published: date | None) -> str:
    """The year of a day/month without a year: the publication year, or the year before
    when that would put the date more than two months after publication."""
    if published is None:
        return "XXXX"
    year = published.year
    if _valid(year, month, day) and date(year, month, day) > published + timedelta(days=62):
        year -= 1
    return str(year)


def _day_month(d: int, m: int, y: str | None, published: date | None) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    year = y or _year_for(m, d, published)
    if year != "XXXX" and not _valid(int(year), m, d):
        return None
    if year == "XXXX" and not _valid(2000, m, d):  # 2000 is a leap year: 29/2 passes
        return None
    return f"{year}-{m:02d}-{d:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative(rel: str, published: date | None, narrative_month: str | None) -> str | None:
    rel = rel.lower()
    if "tháng" in rel:
        delta = 0 if "này" in rel else (-1 if "trước" in rel else 1)
        if published is not None:
            y, m = _shift_month(published.year, published.month, delta)
            return f"{y}-{m:02d}"
        if narrative_month is not None and delta == 0:
            return f"XXXX-{narrative_month}"
        return None
    if published is None:
        return None
    if rel in ("hôm qua", "hôm kia", "hôm nay", "ngày mai"):
        offset = {"hôm kia": -2, "hôm qua": -1, "hôm nay": 0, "ngày mai": 1}[rel]
        return (published + timedelta(days=offset)).isoformat()
    if rel.startswith("tuần"):
        monday = published - timedelta(days=published.weekday())
        shift = {"tuần trước": -7, "tuần này": 0}.get(rel, 7)
        first = monday + timedelta(days=shift)
        return f"{first.isoformat()}/{(first + timedelta(days=6)).isoformat()}"
    shift = {"năm ngoái": -1, "năm nay": 0}.get(rel, 1)
    return str(published.year + shift)


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _day_after(day: str, delta: int) -> str | None:
    """'XXXX-03-15' + 1 -> 'XXXX-03-16'; an unknown year is counted in a leap year."""
    year, month, dom = day.split("-")
    try:
        shifted = date(2000 if year == "XXXX" else int(year), int(month), int(dom)) + timedelta(days=delta)
    except ValueError:
        return None
    if year == "XXXX":
        return f"XXXX-{shifted.month:02d}-{shifted.day:02d}" if shifted.year == 2000 else None
    return shifted.isoformat()


def _is_day(edtf: str | None) -> bool:
    return edtf is not None and len(edtf) == 10 and edtf[4] == "-"


def find_dates(text: str, published: date | None, narrative_month: str | None = None,
               year_hint: int | None = None, narrative_day: str | None = None) -> list[DateMention]:
    """Time expressions in `text` (a sentence), non-overlapping, in order. `year_hint` (the year
    an undated article's title names) dates month-only and this-year expressions; `narrative_day`
    (the last day the article named before) dates "cùng ngày", "hôm sau", "một ngày trước đó"."""
    found: list[DateMention] = []
    hinted = published or (date(year_hint, 12, 31) if year_hint else None)  # only for months and years
    lowered = text.lower()  # for the words the patterns need (see _RELATIVE_WORDS)
    months = "tháng" in lowered

    def add(m: re.Match, edtf: str | None) -> DateMention | None:
        if any(m.start() < f.end and f.start < m.end() for f in found):
            return None
        found.append(DateMention(m.start(), m.end(), m.group(0), edtf))
        return found[-1]

    for m in _BRACKETED_DAY.finditer(text) if "(" in text else ():
        add(m, _day_month(int(m["d"]), int(m["m"]), m["y"], published))
    for m in _MONTH_RELATIVE_YEAR.finditer(text) if months else ():
        month = int(m["m"])
        if 1 <= month <= 12:
            shift = {"năm ngoái": -1, "năm trước": -1, "năm nay": 0}.get(m["rel"].lower(), 1)
            year = str(hinted.year + shift) if hinted else "XXXX"
            add(m, f"{year}-{month:02d}")
    for m in _DAY_MONTH_WORDS.finditer(text) if months and "ngày" in lowered else ():
        add(m, _day_month(int(m["d"]), int(m["m"]), m["y"], published))
    for m in _DMY.finditer(text) if _DMY_HINT.search(text) else ():
        if not m["prefix"] and not m["y"] and _NUMERIC_CONTEXT.search(text[max(0, m.start() - 12):m.start()]):
            continue
        if not m["prefix"] and not m["y"]:
            # a bare "6/10" can be a ratio or a score: accept only with a time word nearby
            if not re.search(r"(ngày|hôm|từ|đến|trước|sau|vào)\s*$", text[max(0, m.start() - 8):m.start()], re.IGNORECASE):
                continue
        edtf = _day_month(int(m["d"]), int(m["m"]), m["y"], published)
        if edtf:
            add(m, edtf)
    for m in _MONTH_YEAR.finditer(text) if months else ():
        if 1 <= int(m["m"]) <= 12:
            add(m, f"{m['y']}-{int(m['m']):02d}")
    explicit_months = [f.edtf[5:7] for f in found if f.edtf and len(f.edtf) >= 7 and f.edtf[4] == "-"]
    if explicit_months:
        narrative_month = explicit_months[-1]
    has_year = _YEAR_HINT.search(text) is not None
    if has_year:
        for m in _YEARS_APART.finditer(text) if " năm " in lowered else ():
            years = [y for y in _YEAR.finditer(text, 0, m.start()) if not re.search(r"[;.]", text[y.end():m.start()])]
            if years:
                n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"].lower()]
                added = add(m, str(int(years[-1]["y"]) + (n if m["dir"].lower() == "trước" else -n)))
                if added is not None:
                    added.clause_after = True
    for m in _ANAPHORIC_DAY.finditer(text) if _has_any(lowered, _ANAPHORIC_WORDS) else ():
        # a day named earlier in the same sentence comes first, then the story's last day
        earlier = [f.edtf for f in found if f.end <= m.start() and _is_day(f.edtf)]
        anchor = earlier[-1] if earlier else narrative_day
        if anchor is not None:
            rel = m["rel"].lower()
            delta = 1 if rel in _NEXT_DAY else -1 if rel in _PREVIOUS_DAY else 0
            add(m, _day_after(anchor, delta))
    for m in _RELATIVE.finditer(text) if _has_any(lowered, _RELATIVE_WORDS) else ():
        rel = m["rel"].lower()
        add(m, _relative(rel, published if rel.startswith(("tuần", "hôm", "ngày")) else hinted, narrative_month))
    for m in _MONTH.finditer(text) if months else ():
        month = int(m["m"])
        if 1 <= month <= 12:
            year = str(hinted.year) if hinted else "XXXX"
            if hinted and month > hinted.month + 2:
                year = str(hinted.year - 1)
            add(m, f"{year}-{month:02d}")
    for m in _YEAR.finditer(text) if has_year else ():
        add(m, m["y"])
    found.sort(key=lambda f: f.start)
    return found


def _nearest(mentions: list[DateMention], at: int, text: str) -> DateMention | None:
    usable = [m for m in mentions if m.edtf and not (m.clause_after and (at < m.end or "," in text[m.end:at]))]
    if not usable:
        return None
    return min(usable, key=lambda m: min(abs(m.start - at), abs(m.end - at)))


def _explicit_month(text: str) -> str | None:
    """The month of the last explicit day/month in a sentence (cheap: one regex)."""
    month = None
    if not _DMY_HINT.search(text):
        return None
    for m in _DMY.finditer(text):
        if (m["prefix"] or m["y"]) and 1 <= int(m["m"]) <= 12:
            month = f"{int(m['m']):02d}"
    return month


def _last_day(text: str, published: date | None) -> str | None:
    """The last day a sentence that carries no event names ("hôm 15/3", "ngày 2 tháng 4")."""
    if not _DMY_HINT.search(text) and "tháng" not in text:
        return None
    days = [m.edtf for m in find_dates(text, published) if _is_day(m.edtf)]
    return days[-1] if days else None


def dates(doc: Document) -> Document:
    """Date the events; only sentences that carry an event are fully analysed (and, when an
    event sentence refers back to an earlier day, the days named before it)."""
    published = _parse_published(doc.published)
    title_years = _TITLE_YEAR.findall(doc.title or "") if published is None else []
    year_hint = int(title_years[-1]) if title_years else None
    wanted = {e.sentence_index for e in doc.candidates}
    anaphoric = any(_anaphoric_day(doc.sentences[i].text) for i in wanted)
    narrative_month: str | None = None
    # a lead paragraph printed as the title ("... Ngày 30/1, người phát ngôn ...") starts the story's days
    narrative_day = _last_day(doc.title, published) if anaphoric and doc.title else None
    by_sentence: dict[int, list[DateMention]] = {}
    last = max(wanted, default=-1)
    for sentence in doc.sentences[: last + 1]:
        if sentence.index in wanted:
            mentions = find_dates(sentence.text, published, narrative_month, year_hint, narrative_day)
            by_sentence[sentence.index] = mentions
            months = [m.edtf[5:7] for m in mentions if m.edtf and len(m.edtf) >= 7 and m.edtf[4] == "-"]
            narrative_month = months[-1] if months else narrative_month
            days = [m.edtf for m in mentions if _is_day(m.edtf)]
            narrative_day = days[-1] if days else narrative_day
        else:
            if "/" in sentence.text:
                narrative_month = _explicit_month(sentence.text) or narrative_month
            if anaphoric:
                narrative_day = _last_day(sentence.text, published) or narrative_day
    for event in doc.candidates:
        sentence = doc.sentences[event.sentence_index]
        nearest = _nearest(by_sentence.get(sentence.index, []), event.trigger_start - sentence.start, sentence.text)
        if nearest is not None:
            event.date = nearest.edtf
            event.date_text = nearest.text
    doc.stages.append("dates")
    return doc
