"""Server-side rendering helpers: the timeline chart as SVG and text with marked spans.

Everything a client sent is escaped before it reaches markup.
"""
from __future__ import annotations

from html import escape
from typing import Any

CHART_W, CHART_H = 720, 260
PAD_L, PAD_R, PAD_T, PAD_B = 40, 12, 16, 30


def timeline_svg(periods: list[dict[str, Any]], title: str) -> str:
    """A diverging bar chart: cooperation (quad 1+2) up, conflict (quad 3+4) down, per period.

    The legend is HTML under the chart (in the templates), so it wraps on narrow screens.
    """
    dated = [p for p in periods if p["period"] != "undated"]
    if not dated:
        return (f'<svg class="chart" role="img" viewBox="0 0 {CHART_W} 60" aria-label="{escape(title)}">'
                f'<text x="10" y="35" class="empty">No dated events for this selection.</text></svg>')
    peak = max(max(p["cooperation"], p["conflict"]) for p in dated) or 1
    inner_w = CHART_W - PAD_L - PAD_R
    half = (CHART_H - PAD_T - PAD_B) / 2
    mid = PAD_T + half
    step = inner_w / len(dated)
    bar = max(2.0, min(40.0, step * 0.7))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {CHART_W} {CHART_H}" preserveAspectRatio="xMidYMid meet"'
        f' aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{PAD_L}" x2="{CHART_W - PAD_R}" y1="{mid:.1f}" y2="{mid:.1f}"/>',
        f'<text class="tick" x="{PAD_L - 4}" y="{PAD_T + 8}" text-anchor="end">{peak}</text>',
        f'<text class="tick" x="{PAD_L - 4}" y="{mid + 4:.1f}" text-anchor="end">0</text>',
        f'<text class="tick" x="{PAD_L - 4}" y="{PAD_T + 2 * half:.1f}" text-anchor="end">{peak}</text>',
    ]
    label_every = max(1, len(dated) // 12)
    for i, p in enumerate(dated):
        x = PAD_L + i * step + (step - bar) / 2
        up = half * p["cooperation"] / peak
        down = half * p["conflict"] / peak
        label = escape(p["period"])
        mean = "n/a" if p["goldstein_mean"] is None else f"{p['goldstein_mean']:+.2f}"
        tip = f"{label}: {p['cooperation']} cooperation, {p['conflict']} conflict, Goldstein mean {mean}"
        if up:
            parts.append(f'<rect class="bar coop" data-period="{label}" data-count="{p["cooperation"]}"'
                         f' x="{x:.1f}" y="{mid - up:.1f}" width="{bar:.1f}" height="{up:.1f}"><title>{tip}</title></rect>')
        if down:
            parts.append(f'<rect class="bar conf" data-period="{label}" data-count="{p["conflict"]}"'
                         f' x="{x:.1f}" y="{mid:.1f}" width="{bar:.1f}" height="{down:.1f}"><title>{tip}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text class="tick" x="{x + bar / 2:.1f}" y="{CHART_H - PAD_B + 16}"'
                         f' text-anchor="middle">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)


def marked_html(text: str, marks: list[dict[str, Any]]) -> str:
    """The text as HTML, each character wrapped in the classes of every mark that covers it."""
    n = len(text)
    classes: list[set[str]] = [set() for _ in range(n)]
    for m in marks:
        for i in range(max(0, m["start"]), min(n, m["end"])):
            classes[i].add(f"m-{m['kind']}")
    out: list[str] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or classes[i] != classes[start]:
            chunk = escape(text[start:i])
            cls = " ".join(sorted(classes[start]))
            out.append(f'<span class="{cls}">{chunk}</span>' if cls else chunk)
            start = i
    return "".join(out)


def sentence_marks(event: dict[str, Any], actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Marks relative to the event's sentence: its trigger, its source and target mentions."""
    s0, s1 = event["start"] or 0, event["end"] or 0
    marks: list[dict[str, Any]] = []
    if event["trigger_start"] is not None and event["trigger_end"] is not None:
        marks.append({"start": event["trigger_start"] - s0, "end": event["trigger_end"] - s0, "kind": "trigger"})
    sources = {a["id"].split(":")[0] for a in event["source"]}
    targets = {a["id"].split(":")[0] for a in event["target"]}
    for a in actors:
        if a["start_char"] is None or a["start_char"] < s0 or a["end_char"] > s1:
            continue
        base = (a["actor_id"] or "").split(":")[0]
        kind = "source" if base in sources else "target" if base in targets else None
        if kind:
            marks.append({"start": a["start_char"] - s0, "end": a["end_char"] - s0, "kind": kind})
    return marks


