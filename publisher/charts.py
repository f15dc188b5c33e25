"""Small SVG charts drawn at build time (no script, nothing loaded from other hosts).

Stacked horizontal bars, one a row: facilities by status per year (the register), tasks led and
supported per agency (the home page), tasks by implementation status (a plan page). Each part has
its own fill pattern as well as its own colour, every segment is labelled with its count, and the
legend repeats the patterns, so nothing is told by colour alone. Pages show the same numbers as a table.
"""

from __future__ import annotations

from html import escape

from .text import vn_date

WIDTH = 360  # drawn for a phone; the image scales down or up with the page
BAR_LEFT, BAR_RIGHT = 8, 8
LABEL_HEIGHT, BAR_HEIGHT, ROW_GAP = 18, 24, 10
LEGEND_LINE = 20

# part -> (fill colour, pattern drawn over it in dark grey; "" for a plain fill)
STYLES = {
    "listed": ("#f6c9c4", '<path d="M0,6 L6,0" stroke="#5f2120" stroke-width="1.2"/>'),
    "treating": ("#fbe3a1", '<circle cx="3" cy="3" r="1.1" fill="#5c4300"/>'),
    "certified_complete": ("#bfe3c9", ""),
    "relocated": ("#c9dbf8", '<path d="M0,3 L6,3" stroke="#1b3a6b" stroke-width="1.2"/>'),
    "closed": ("#dcdcdc", '<path d="M0,0 L6,6 M0,6 L6,0" stroke="#333" stroke-width="0.9"/>'),
}
ROLE_STYLES = {
    "lead": ("#9cc3e6", ""),
    "support": ("#f3d9a4", '<path d="M0,6 L6,0" stroke="#5c4300" stroke-width="1.2"/>'),
}
STANDING_STYLES = {
    "completed": STYLES["certified_complete"],
    "in_progress": STYLES["treating"],
    "not_started": STYLES["relocated"],
    "overdue": STYLES["listed"],
    "not_implemented": STYLES["closed"],
    "not_updated": ("#ffffff", '<circle cx="3" cy="3" r="0.8" fill="#555"/>'),
}


def _defs(styles: dict[str, tuple[str, str]]) -> str:
    patterns = []
    for status, (colour, mark) in styles.items():
        patterns.append(
            f'<pattern id="mau-{status}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/>{mark}</pattern>'
        )
    return "<defs>" + "".join(patterns) + "</defs>"


def status_by_year_svg(rows: list[tuple[str, dict[str, int]]], labels: dict[str, str], title: str, description: str) -> str:
    """rows: (year label, {status value: count}) oldest first; labels: status value -> name."""
    return stacked_bars_svg(rows, labels, title, description, STYLES, "cơ sở")


def stacked_bars_svg(rows: list[tuple[str, dict[str, int]]], labels: dict[str, str], title: str, description: str,
                     styles: dict[str, tuple[str, str]], unit: str) -> str:
    """rows: (row label, {part: count}) top to bottom; labels: part -> name; unit: what is counted."""
    most = max([sum(counts.values()) for _, counts in rows] + [1])
    scale = (WIDTH - BAR_LEFT - BAR_RIGHT) / most
    parts: list[str] = []
    y = 4
    for label, counts in rows:
        total = sum(counts.values())
        parts.append(f'<text x="{BAR_LEFT}" y="{y + 13}" class="nhan">{escape(label)}: {total} {unit}</text>')
        y += LABEL_HEIGHT
        x = float(BAR_LEFT)
        if total == 0:
            parts.append(f'<rect x="{BAR_LEFT}" y="{y}" width="{WIDTH - BAR_LEFT - BAR_RIGHT}" height="{BAR_HEIGHT}" '
                         'fill="none" stroke="#999" stroke-dasharray="3 3"/>')
        for status in styles:
            count = counts.get(status, 0)
            if not count:
                continue
            width = count * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="url(#mau-{status})" '
                f'stroke="#222" stroke-width="0.8"><title>{escape(label)} – {escape(labels[status])}: {count}</title></rect>'
            )
            parts.append(f'<text x="{x + width / 2:.1f}" y="{y + 17}" class="so">{count}</text>')
            x += width
        y += BAR_HEIGHT + ROW_GAP
    for status in styles:
        parts.append(f'<rect x="{BAR_LEFT}" y="{y + 3}" width="22" height="14" fill="url(#mau-{status})" stroke="#222" stroke-width="0.8"/>')
        parts.append(f'<text x="{BAR_LEFT + 30}" y="{y + 15}" class="nhan">{escape(labels[status])}</text>')
        y += LEGEND_LINE
    height = y + 4
    style = (
        "<style>text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:13px;fill:#111}"
        ".so{font-weight:700;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="tieu-de mo-ta"><title id="tieu-de">{escape(title)}</title>'
        f'<desc id="mo-ta">{escape(description)}</desc>{style}{_defs(styles)}{"".join(parts)}</svg>\n'
    )


def year_label(year: int, day, as_of) -> str:
    """'2014', or '2026 (đến 22/11/2026)' for the year still running on the as-of date."""
    return f"{year} (đến {vn_date(day)})" if day == as_of and (day.month, day.day) != (12, 31) else str(year)
