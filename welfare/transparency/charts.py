"""Small inline SVG charts (no JavaScript, no external files), readable on a
cheap phone and printable."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 640, 220, 28


def _baht(satang: int) -> str:
    return f"{satang // 100:,}"


def bars(series: list[dict], *, title: str, in_label: str, out_label: str) -> Markup:
    """Money in and out per month, side by side. ``series``: ``{label, in, out}``."""
    top = max([1] + [max(p["in"], p["out"]) for p in series])
    n = max(len(series), 1)
    slot = (WIDTH - 2 * PAD) / n
    bar = max(slot / 2 - 2, 1)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#888"/>',
    ]
    usable = HEIGHT - 2 * PAD
    for i, point in enumerate(series):
        x = PAD + i * slot
        for j, (key, colour, label) in enumerate((("in", "#2e7d32", in_label), ("out", "#c62828", out_label))):
            h = point[key] * usable / top
            parts.append(
                f'<rect x="{x + j * (bar + 1):.1f}" y="{HEIGHT - PAD - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(point["label"])} {escape(label)} {_baht(point[key])}</title></rect>'
            )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">'
            f"{escape(point['label'])}</text>"
        )
    parts.append(f'<text x="{PAD}" y="14" font-size="11">{escape(_baht(top))}</text>')
    parts.append(
        f'<text x="{WIDTH - PAD}" y="14" font-size="11" text-anchor="end" fill="#2e7d32">■ {escape(in_label)}</text>'
        f'<text x="{WIDTH - PAD}" y="28" font-size="11" text-anchor="end" fill="#c62828">■ {escape(out_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def line(series: list[dict], *, title: str) -> Markup:
    """The balance at each month's end. ``series``: ``{label, value}``."""
    values = [p["value"] for p in series] or [0]
    top, low = max(values + [1]), min(values + [0])
    span = top - low or 1
    n = max(len(series) - 1, 1)
    usable_w, usable_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    points = " ".join(
        f"{PAD + i * usable_w / n:.1f},{HEIGHT - PAD - (p['value'] - low) * usable_h / span:.1f}"
        for i, p in enumerate(series)
    )
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#888"/>',
        f'<polyline points="{points}" fill="none" stroke="#1565c0" stroke-width="2"/>',
    ]
    for i, p in enumerate(series):
        x = PAD + i * usable_w / n
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">'
                     f"{escape(p['label'])}</text>")
    parts.append(f'<text x="{PAD}" y="14" font-size="11">{escape(_baht(top))}</text></svg>')
    return Markup("".join(parts))
