"""EDTF-ish dates of events reduced to comparable (year, month, day) parts."""
from __future__ import annotations

import re

_PART = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?")
Parts = tuple[int | None, int | None, int | None]


def parts(value: str | None, fallback_year: int | None = None) -> Parts | None:
    """(year, month, day) with None for unknown parts; None when there is no date at all.

    An interval ("2021-10-04/2021-10-10") is read from its start. An unknown year
    ("XXXX-10-06") takes `fallback_year` (the article's publication year) when given.
    """
    if not value:
        return None
    m = _PART.match(value.split("/")[0].strip())
    if not m:
        return None
    y, mo, d = (None if g is None or g.startswith("X") else int(g) for g in m.groups())
    if y is None:
        y = fallback_year
    if y is None and mo is None and d is None:
        return None
    return (y, mo, d)


def compatible(a: Parts | None, b: Parts | None) -> bool:
    """No known part disagrees: 2021-10 fits 2021-10-18, XXXX-10-06 fits 2021-10-06."""
    if a is None or b is None:
        return True
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def specificity(p: Parts | None) -> int:
    return 0 if p is None else sum(x is not None for x in p)


def merge(a: Parts | None, b: Parts | None) -> Parts | None:
    """The most specific date consistent with two compatible dates."""
    if a is None:
        return b
    if b is None:
        return a
    return tuple(x if x is not None else y for x, y in zip(a, b))  # type: ignore[return-value]


def render(p: Parts | None) -> str | None:
    if p is None:
        return None
    y, mo, d = p
    out = f"{y:04d}" if y is not None else "XXXX"
    if mo is None and d is None:
        return out
    out += f"-{mo:02d}" if mo is not None else "-XX"
    return out + (f"-{d:02d}" if d is not None else "")


def year_of(published: str | None) -> int | None:
    return int(published[:4]) if published and published[:4].isdigit() else None
