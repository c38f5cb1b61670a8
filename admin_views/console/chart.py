"""A bar chart drawn on the server as inline SVG: no script, no CDN, CSP-friendly."""
from markupsafe import Markup, escape

WIDTH, HEIGHT, MARGIN = 720, 260, 36
SERIES = (("submitted", "Diajukan", "#1f77b4"), ("finished", "Selesai", "#2ca02c"),
          ("returned", "Dikembalikan", "#ff7f0e"), ("refused", "Ditolak", "#d62728"))


def _bars(rows, scale, slot):
    bar = slot / (len(SERIES) + 1)
    parts = []
    for index, row in enumerate(rows):
        for offset, (name, title, colour) in enumerate(SERIES):
            value = getattr(row, name)
            height = value * scale
            x = MARGIN + index * slot + offset * bar
            y = HEIGHT - MARGIN - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{escape(row.month_name)} · {title}: {value}</title>'
                '</rect>')
        parts.append(f'<text x="{MARGIN + index * slot + slot / 2:.1f}" y="{HEIGHT - MARGIN + 14}" '
                     f'font-size="11" text-anchor="middle">{escape(row.month_name[:3])}</text>')
    return parts


def _legend():
    return [f'<rect x="{MARGIN + i * 130}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{MARGIN + i * 130 + 14}" y="15" font-size="11">{title}</text>'
            for i, (_, title, colour) in enumerate(SERIES)]


def monthly_bar_chart(rows, title: str) -> Markup:
    """Grouped bars per month of submitted, finished, returned and refused counts."""
    peak = max([getattr(row, name) for row in rows for name, _, _ in SERIES] + [1])
    scale = (HEIGHT - 2 * MARGIN) / peak
    slot = (WIDTH - 2 * MARGIN) / max(len(rows), 1)
    axis = (f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" '
            f'y2="{HEIGHT - MARGIN}" stroke="#555"/>'
            f'<text x="4" y="{MARGIN + 4}" font-size="11">{peak}</text>')
    body = "".join([axis, *_bars(rows, scale, slot), *_legend()])
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
                  f'role="img" aria-label="{escape(title)}" class="recap-chart">'
                  f'<title>{escape(title)}</title>{body}</svg>')


def element_bar_chart(rows, title: str) -> Markup:
    """Horizontal bars of the SKM element averages on the 1–4 scale, one per element."""
    height = MARGIN + 26 * len(rows)
    label_width, scale = 70, (WIDTH - 70 - MARGIN - 40) / 4
    parts = []
    for index, (element, value) in enumerate(rows):
        y = 10 + index * 26
        width = float(value or 0) * scale
        parts.append(f'<text x="4" y="{y + 14}" font-size="12">{escape(element.code)}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="18" '
                     f'fill="#1f77b4"><title>{escape(element.name)}: {value or "-"}</title></rect>'
                     f'<text x="{label_width + width + 4:.1f}" y="{y + 14}" font-size="12">'
                     f'{value if value is not None else "-"}</text>')
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
                  f'role="img" aria-label="{escape(title)}" class="recap-chart">'
                  f'<title>{escape(title)}</title>{"".join(parts)}</svg>')
