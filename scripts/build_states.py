#!/usr/bin/env python3
"""Generate ``src/quanhe/data/actors/states.tsv`` from CLDR and ISO 3166-1.

Every ISO 3166-1 country (pycountry) gets one row: its alpha-3 code as the
actor id and its Vietnamese CLDR name (babel ``Locale('vi').territories``) as
the display name and first alias. Babel does not expose CLDR's ``alt``
("short", "variant") names, so the only extra aliases are mechanical variants
of the CLDR name itself (the parts of "Myanmar (Miến Điện)", the place in
"Đặc khu Hành chính Hồng Kông, Trung Quốc", an ASCII apostrophe). Press
variants that CLDR lacks live in the hand-kept ``state_variants.tsv``.

Names that are also common Vietnamese words or name syllables ("Áo", "Pháp",
"Đức", "Jordan"; listed in ``AMBIGUOUS_ALPHA2``) are written with the
case-exact prefix ``=`` and flagged ``ambiguous``.

Usage::

    .venv/bin/python scripts/build_states.py [--out PATH]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import babel
import pycountry
from babel import Locale
from babel.core import get_cldr_version

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "quanhe" / "data" / "actors" / "states.tsv"

COLUMNS: tuple[str, ...] = (
    "id", "kind", "sector", "role", "name", "aliases", "from", "to", "flags", "note",
)

# CLDR names that are also common Vietnamese words, name syllables or names
# of other places: every name of these rows is written case-exact ("=Pháp").
AMBIGUOUS_ALPHA2: dict[str, str] = {
    "AT": "Áo is also the word for a coat/shirt",
    "BE": "Bỉ is also a common syllable (bỉ ổi)",
    "CY": "Síp is also a common syllable",
    "CZ": "Séc is also the word for a cheque",
    "DE": "Đức is also a common word and personal-name syllable",
    "FR": "Pháp is also a common syllable (biện pháp, pháp luật)",
    "LA": "Lào is also a common syllable (lào xào)",
    "RU": "Nga is also a personal-name syllable",
    "GE": "Georgia is also a US state",
    "JO": "Jordan is also a personal name",
    "TD": "Chad is also a personal name",
    "NL": "Hà Lan is also a Vietnamese personal name",
    "JE": "jersey is also a word",
    "ZA": "lower-case \"nam phi công\" (male pilot) must not match Nam Phi",
}

_PAREN = re.compile(r"^(?P<main>.+?)\s*\((?P<inner>[^)]+)\)$")
_SAR = re.compile(r"^Đặc khu Hành chính (?P<place>.+?), .+$")


@dataclass(frozen=True)
class StateRow:
    """One row of states.tsv."""

    alpha3: str
    name: str
    aliases: tuple[str, ...]
    ambiguous: bool
    note: str

    def to_tsv(self) -> str:
        cells = {
            "id": self.alpha3,
            "kind": "state",
            "sector": "",
            "role": "",
            "name": self.name,
            "aliases": "|".join(self.aliases),
            "from": "",
            "to": "",
            "flags": "ambiguous" if self.ambiguous else "",
            "note": self.note,
        }
        return "\t".join(cells[c] for c in COLUMNS)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding blanks removed."""
    return unicodedata.normalize("NFC", text).strip()


def variants_of(name: str) -> list[str]:
    """Mechanical variants of one CLDR name, the name itself first."""
    out: list[str] = [name]
    if m := _PAREN.match(name):
        out.append(m.group("main"))
        # an inner alternative name ("Miến Điện") but not a one-word
        # qualifier ("Cocos (Keeling)"), which may be a personal name
        if " " in m.group("inner"):
            out.append(m.group("inner"))
    if m := _SAR.match(name):
        out.append(m.group("place"))
    if "’" in name:
        out.append(name.replace("’", "'"))
    return list(dict.fromkeys(out))  # drop repeats, keep order


def build_rows(locale: Locale) -> list[StateRow]:
    """Join pycountry's ISO 3166-1 list with the CLDR Vietnamese names."""
    territories: dict[str, str] = dict(locale.territories)
    rows: list[StateRow] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        alpha2: str = country.alpha_2
        cldr_name = territories.get(alpha2)
        if cldr_name is None:
            print(f"warning: no CLDR vi name for {alpha2}; using ISO name", file=sys.stderr)
            cldr_name = country.name
        name = nfc(cldr_name)
        names = variants_of(name)
        ambiguous = alpha2 in AMBIGUOUS_ALPHA2
        aliases = tuple(f"={n}" if ambiguous else n for n in names)
        note_parts = [f"ISO 3166-1 {alpha2}/{country.alpha_3}: {country.name}"]
        if ambiguous:
            note_parts.append(AMBIGUOUS_ALPHA2[alpha2])
        rows.append(StateRow(country.alpha_3, name, aliases, ambiguous, "; ".join(note_parts)))
    return rows


def render(rows: list[StateRow]) -> str:
    """The whole file: header comments, column header, rows."""
    header = [
        "# title: States (ISO 3166-1) with their Vietnamese CLDR names",
        f"# source: generated by scripts/build_states.py from babel {babel.__version__} "
        f"(Unicode CLDR {get_cldr_version()}, locale 'vi', territory names) and pycountry "
        f"{_pycountry_version()} (ISO 3166-1 alpha-2 -> alpha-3); do not edit by hand",
        "# licence: CLDR data: Unicode License v3 (Unicode, Inc.); ISO 3166-1 codes via "
        "pycountry: LGPL-2.1 data from Debian iso-codes",
        "# note: press variants (Mỹ, Ucraine, Grudia, ...) are in state_variants.tsv",
        "\t".join(COLUMNS),
    ]
    return "\n".join(header + [r.to_tsv() for r in rows]) + "\n"


def _pycountry_version() -> str:
    try:
        return version("pycountry")
    except PackageNotFoundError:  # pragma: no cover - metadata missing
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate states.tsv from CLDR and ISO 3166-1.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output TSV path")
    args = parser.parse_args(argv)
    rows = build_rows(Locale("vi"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(rows), encoding="utf-8")
    print(f"wrote {len(rows)} states to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
