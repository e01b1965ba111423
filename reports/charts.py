"""Server-rendered SVG charts of the plan's progress, inline in pages: no script, no CDN. All text
goes through `escape`, so the one `mark_safe` covers only markup made here; the font is named on
every <text>, so that a screen falls back to Arial, never to a font without Vietnamese glyphs.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "'Liberation Sans', Arial, sans-serif"
# The review reports' own faces (Times New Roman), so that the PDF embeds one family only.
SERIF_FONT = "'Times New Roman', 'Liberation Serif'"
INK, MUTED, GRID = "#1d2733", "#5b6675", "#d5dbe3"
ACTUAL, PARTIAL, PLANNED = "#1f4e8c", "#a9bfdf", "#a3141b"


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = 12,
          fill: str = INK, bold: bool = False, extra: str = "", font: str = FONT) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-family="{font}" '
        f'font-size="{size}" fill="{fill}"{weight}{extra}>{escape(content)}</text>'
    )


def _svg(*, width: int, height: int, label: str, title: str, body: list[str],
         font: str = FONT) -> SafeString:
    # role="img" with aria-label: screen readers read the data as one sentence, not the parts.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{font}"><title>{escape(title)}</title><desc>{escape(label)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _nice_max(value: int) -> tuple[int, int]:
    """The axis top and step for values up to `value`: 1, 2 or 5 times a power of ten, ≤ 5 steps."""
    value = max(value, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step * 5 >= value:
                return step * -(-value // step), step
        magnitude *= 10


def _text_width(content: str, size: int = 12) -> float:
    # A rough width for laying out legends: Liberation Sans averages ~0.55 em per character.
    return len(content) * size * 0.55


def _legend(items: list[tuple[str, str]], *, x: float, y: float, font: str = FONT) -> list[str]:
    parts = []
    for swatch, label in items:
        parts.append(f'<g transform="translate({x:.1f} {y - 10:.1f})">{swatch}</g>')
        parts.append(_text(x + 24, y, label, anchor="start", size=12, font=font))
        x += 24 + _text_width(label) + 18
    return parts


def _count(value: int | None) -> str:
    return "chưa có" if value is None else str(value)


# What the bars are, on a page (the product's words) and in a document (an office's words).
PAGE_WORDS = {"actual": "Thực hiện (số liệu đã duyệt)", "none": "chưa có số liệu duyệt"}
DOCUMENT_WORDS = {"actual": "Thực hiện (kết quả rà soát)", "none": "chưa có kết quả"}


def near_poor_path_chart(*, points: list[dict], title: str, font: str = FONT, words=PAGE_WORDS) -> SafeString:
    """Households at the plan's start and each year's end: approved bars (pale when partial), plan line."""
    def _text_f(*args, **kwargs):
        return _text(*args, font=font, **kwargs)

    width, height = 640, 330
    left, right, top, bottom = 64, 616, 56, 262
    top_value, step = _nice_max(max(
        [p["planned"] for p in points] + [p["actual"] or 0 for p in points]
    ))
    band = (right - left) / len(points)
    bar = band * 0.44

    def y_of(value: int) -> float:
        return bottom - value / top_value * (bottom - top)

    body = []
    for tick in range(0, top_value + 1, step):
        y = y_of(tick)
        body.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text_f(left - 8, y + 4, str(tick), anchor="end", size=11, fill=MUTED))
    body.append(_text_f(
        16, (top + bottom) / 2, "Số hộ cận nghèo", size=12, fill=MUTED,
        extra=f' transform="rotate(-90 16 {(top + bottom) / 2:.1f})"',
    ))
    body.append(_text_f((left + right) / 2, height - 8, "Thời điểm (đầu kỳ và cuối mỗi năm)",
                      size=12, fill=MUTED))

    line_points = []
    for index, point in enumerate(points):
        cx = left + band * (index + 0.5)
        actual = point["actual"]
        if actual is not None:
            y = y_of(actual)
            fill = ACTUAL if point["complete"] else PARTIAL
            body.append(
                f'<rect x="{cx - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{bottom - y:.1f}" fill="{fill}"/>'
            )
            body.append(_text_f(cx, y - 9, str(actual), bold=True))
        body.append(_text_f(cx, bottom + 18, point["label"], size=12))
        if actual is None:
            body.append(_text_f(cx, bottom + 33, words["none"], size=10, fill=MUTED))
        elif not point["complete"]:
            body.append(_text_f(cx, bottom + 33, f"{point['wards']}/{point['ward_count']} phường",
                              size=10, fill=MUTED))
        line_points.append((cx, y_of(point["planned"]), point["planned"]))

    body.append(
        '<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="6 4" points="{}"/>'
        .format(PLANNED, " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in line_points))
    )
    for x, y, value in line_points:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" stroke="{PLANNED}" '
                    'stroke-width="2"/>')
        body.append(_text_f(x + bar / 2 + 4, y - 6, str(value), anchor="start", fill=PLANNED,
                          bold=True))
    body.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{INK}"/>')

    legend = [
        (f'<rect width="18" height="12" fill="{ACTUAL}"/>', words["actual"]),
        (f'<line x1="0" x2="18" y1="6" y2="6" stroke="{PLANNED}" stroke-width="2" '
         'stroke-dasharray="6 4"/>', "Kế hoạch"),
    ]
    if any(p["actual"] is not None and not p["complete"] for p in points):
        legend.append((f'<rect width="18" height="12" fill="{PARTIAL}"/>', "Chưa đủ các phường"))
    body.extend(_legend(legend, x=left, y=24, font=font))

    label = (
        f"{title}. Kế hoạch: "
        + ", ".join(f"{p['label']} {p['planned']}" for p in points)
        + f". {words['actual']}: "
        + ", ".join(
            f"{p['label']} {_count(p['actual'])}"
            + ("" if p["actual"] is None or p["complete"]
               else f" ({p['wards']}/{p['ward_count']} phường)")
            for p in points
        )
        + "."
    )
    return _svg(width=width, height=height, label=label, title=title, body=body, font=font)


def ward_remaining_chart(*, rows: list[dict], title: str) -> SafeString:
    row_height, label_width, value_width = 26, 170, 170
    width = 640
    left, right, top = label_width, width - value_width, 40
    height = top + row_height * len(rows) + 48
    bottom = top + row_height * len(rows)
    top_value, step = _nice_max(max(
        [r["forecast"]["remaining"] for r in rows] + [r["forecast"]["planned_remaining"] for r in rows]
        or [1]
    ))

    def x_of(value: int) -> float:
        return left + value / top_value * (right - left)

    body = []
    for tick in range(0, top_value + 1, step):
        x = x_of(tick)
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="{GRID}"/>')
        body.append(_text(x, bottom + 16, str(tick), size=11, fill=MUTED))
    body.append(_text((left + right) / 2, bottom + 36, "Số hộ cận nghèo còn lại", size=12,
                      fill=MUTED))

    described = []
    for index, row in enumerate(rows):
        forecast = row["forecast"]
        name, remaining = row["ward"].name, forecast["remaining"]
        planned, year = forecast["planned_remaining"], forecast["as_of_year"]
        y = top + row_height * index
        middle = y + row_height / 2
        body.append(_text(left - 8, middle + 4, name, anchor="end", size=12))
        body.append(
            f'<rect x="{left}" y="{middle - 7:.1f}" width="{x_of(remaining) - left:.1f}" '
            f'height="14" fill="{ACTUAL}"/>'
        )
        marker = x_of(planned)
        body.append(f'<line x1="{marker:.1f}" x2="{marker:.1f}" y1="{middle - 10:.1f}" '
                    f'y2="{middle + 10:.1f}" stroke="{PLANNED}" stroke-width="3"/>')
        when = f"cuối {year}" if year else "đầu kỳ"
        body.append(_text(
            max(x_of(remaining), marker) + 8, middle + 4,
            f"{remaining} ({when}; kế hoạch {planned})", anchor="start", size=11,
        ))
        described.append(f"{name}: còn {remaining} ({when}), kế hoạch {planned}")
    body.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="{INK}"/>')

    body.extend(_legend([
        (f'<rect width="18" height="12" fill="{ACTUAL}"/>', "Còn lại (số liệu duyệt mới nhất)"),
        (f'<line x1="9" x2="9" y1="-2" y2="14" stroke="{PLANNED}" stroke-width="3"/>',
         "Kế hoạch cùng thời điểm"),
    ], x=16, y=22))
    label = f"{title}. " + "; ".join(described) + "."
    return _svg(width=width, height=height, label=label, title=title, body=body)
