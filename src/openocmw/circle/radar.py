"""The radar chart of an assessment as SVG: one axis per item (in the checklist's order, the
first at the top, clockwise), rings at 0, 2, ..., 10, one polygon per group; the groups of an
earlier assessment are drawn dashed under the current ones. The same figures are always shown
in a table next to the chart (the chart is an image for screen readers, with a title and a
description naming the table)."""

from __future__ import annotations

import math
from html import escape

from .frameworks import SCORE_MAX

# Colour-blind safe (Okabe-Ito), dark enough on white for the 3:1 of non-text contrast.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#000000")
SIZE = 520
CENTRE = SIZE / 2
RADIUS = 170
MARGIN = 90  # room for the labels left and right of the circle


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * value / SCORE_MAX
    return CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def radar_svg(labels: list[str], series: list[dict], *, title: str, description: str) -> str:
    """``series``: dicts with ``name``, ``values`` (one score or None per label), ``colour``
    and ``earlier`` (drawn dashed). A missing score is drawn at 0 and marked with a hollow dot."""
    n = len(labels)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE}" '
        f'class="radar" '
        f'role="img" aria-labelledby="radar-title radar-desc">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(description)}</desc>',
    ]
    for ring in range(2, SCORE_MAX + 1, 2):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, n, ring) for i in range(n)))
        out.append(f'<polygon points="{points}" fill="none" stroke="#c4ccd6" stroke-width="1"/>')
        x, y = _point(0, n, ring)
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="11" fill="#4a5563">{ring}</text>'
        )
    for i, label in enumerate(labels):
        x, y = _point(i, n, SCORE_MAX)
        out.append(
            f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c4ccd6"/>'
        )
        lx, ly = _point(i, n, SCORE_MAX * 1.13)
        anchor = "middle" if abs(lx - CENTRE) < 20 else ("start" if lx > CENTRE else "end")
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 5:.1f}" font-size="16" text-anchor="{anchor}" '
            f'fill="#1d2733">{escape(label)}</text>'
        )
    for s in sorted(series, key=lambda s: not s.get("earlier")):
        points = [_point(i, n, v or 0) for i, v in enumerate(s["values"])]
        dash = ' stroke-dasharray="6 4" stroke-opacity="0.8"' if s.get("earlier") else ""
        fill = "none" if s.get("earlier") else s["colour"]
        out.append(
            f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" '
            f'fill="{fill}" fill-opacity="0.12" stroke="{s["colour"]}" stroke-width="2.5"{dash}>'
            f"<title>{escape(s['name'])}</title></polygon>"
        )
        for (x, y), v in zip(points, s["values"], strict=True):
            hollow = v is None or s.get("earlier")
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{"#fff" if hollow else s["colour"]}" '
                f'stroke="{s["colour"]}" stroke-width="1.5"/>'
            )
    out.append("</svg>")
    return "".join(out)
