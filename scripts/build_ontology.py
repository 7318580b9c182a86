"""Regenerate src/quanhe/data/ontology/*.tsv from the third-party tables in ../shared/ontology.

usage: python scripts/build_ontology.py [SHARED_ONTOLOGY_DIR]

Only codes and numbers carry over (facts); headers name the sources and licences.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "quanhe" / "data" / "ontology"
LINE = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,]*?)\s*,\s*([^#]*?)\s*(#.*)?$")


def build_crosswalk(src: Path) -> str:
    rows = ["# title: CAMEO code -> PLOVER event type, mode, context",
            "# source: openeventdata/PLOVER CAMEO2PLOVER table (draft 0.8, 2021-09-17), via ../shared/ontology",
            "# licence: CC BY-SA 4.0 (PLOVER project)",
            "cameo\ttype\tmode\tcontext"]
    seen: set[str] = set()
    for line in src.read_text(encoding="utf-8").splitlines():
        m = LINE.match(line.strip())
        if not m or m.group(1) in seen:
            continue
        seen.add(m.group(1))
        context = m.group(4).strip().replace(" ", "")
        rows.append("\t".join([m.group(1), m.group(2), m.group(3).strip(), context]))
    return "\n".join(rows) + "\n"


def build_goldstein(src: Path) -> str:
    rows = ["# title: CAMEO code -> Goldstein (1992) cooperation-conflict weight",
            "# source: openeventdata/phoenix_pipeline postprocess.py (CAMEO.SCALE), via ../shared/ontology",
            "# licence: MIT",
            "cameo\tgoldstein"]
    for line in src.read_text(encoding="utf-8").splitlines()[1:]:
        code, _, weight = line.partition("\t")
        if code.strip():
            rows.append(f"{code.strip()}\t{float(weight):.1f}")
    return "\n".join(rows) + "\n"


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "ontology"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cameo_plover.tsv").write_text(build_crosswalk(shared / "CAMEO2PLOVER-2021.txt"), encoding="utf-8")
    (OUT / "cameo_goldstein.tsv").write_text(build_goldstein(shared / "cameo_goldstein.tsv"), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
