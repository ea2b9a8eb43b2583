"""Small inline SVG bar charts: no JavaScript, no external files. Pure."""

from __future__ import annotations

from markupsafe import Markup, escape


def bars(rows: list[tuple[str, int]], *, title: str, value_text=str, width: int = 640, bar: int = 22) -> Markup:
    """A horizontal bar chart of ``(label, value)`` rows; labels are escaped."""
    rows = [(str(label), max(int(value), 0)) for label, value in rows]
    top = max((v for _, v in rows), default=0) or 1
    label_w, gap = 180, 6
    height = len(rows) * (bar + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {max(height, bar)}" '
        f'width="100%" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar + gap)
        w = int((width - label_w - 110) * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar * 0.7:.0f}" text-anchor="end" font-size="13">{escape(label[:28])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar}" fill="#2f7d59"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + bar * 0.7:.0f}" font-size="13">{escape(value_text(value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
