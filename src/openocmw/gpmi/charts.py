"""Charts drawn as inline SVG, without a chart library: the same markup serves the web page
and the PDF report (WeasyPrint renders inline SVG)."""

from __future__ import annotations

from html import escape

PALETTE = ["#0b5cad", "#e07b00", "#1e7b34", "#8e44ad", "#b3261e", "#5b6775"]


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:.1f}"


def bar_chart(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    *,
    width: int = 640,
    bar_height: int = 14,
    missing: str = "",
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, with values.

    ``series`` is ``[(name, [value per category]), ...]``. The result is an ``<svg>`` element
    with a ``<title>`` and ``role="img"`` for screen readers. A value of None (a suppressed
    count) draws no bar and is labelled ``missing`` (the "< 5" marker).
    """
    label_w = 190
    value_w = 60
    plot_w = width - label_w - value_w
    gap = 8
    group_h = bar_height * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    top = 28 + legend_h
    height = top + group_h * max(len(categories), 1) + 6
    peak = max((v for _, values in series for v in values if v is not None), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
        f'font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="#1d2733">{escape(title)}</text>',
    ]
    x = 0
    for i, (name, _values) in enumerate(series if len(series) > 1 else []):
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="28" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{x + 14}" y="37" fill="#1d2733">{escape(name)}</text>')
        x += 14 + 7 * len(name) + 18
    for c, category in enumerate(categories):
        y0 = top + c * group_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + (group_h - gap) / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1d2733">{escape(category)}</text>'
        )
        for s, (_name, values) in enumerate(series):
            value = values[c] if c < len(values) else 0
            w = 0 if value is None else plot_w * value / peak
            y = y0 + s * bar_height
            color = PALETTE[s % len(PALETTE)]
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height - 2}" '
                f'fill="{color}"/>'
            )
            parts.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height - 4}" fill="#5b6775">'
                f"{escape(missing) if value is None else _fmt(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
