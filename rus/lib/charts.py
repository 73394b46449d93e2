"""Charts and maps as SVG, drawn on the server so that pages need no JavaScript.

Every chart is a picture of a table that the page shows beside it; the SVG carries a title
and a short description for screen readers, and series differ by marker and dash as well as
by colour.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rus.lib.numbers import format_number

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square", "triangle"]
# Sequential blues, light to dark; the lightest still stands out from the white page.
SEQUENTIAL = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


@dataclass
class Series:
    label: str
    points: list[tuple[int, float]]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while value <= hi + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(value, 10))
    return ticks


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 3.5:.1f}L{x - 4.5:.1f} {y + 3.5:.1f}Z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}L{x - 5:.1f} {y:.1f}Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def line_chart(
    series: Sequence[Series], *, title: str, description: str, unit: str, chart_id: str = "chart"
) -> str:
    width, height = 720, 360
    left, right, top, bottom = 90, 20, 20, 40 + 22 * math.ceil(len(series) / 2)
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = [x for s in series for x, _y in s.points]
    ys = [y for s in series for _x, y in s.points]
    svg = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if not xs:
        svg.append("</svg>")
        return "".join(svg)
    x_lo, x_hi = min(xs), max(xs)
    if x_lo == x_hi:
        x_lo, x_hi = x_lo - 1, x_hi + 1
    ticks = nice_ticks(min(0.0, min(ys)), max(ys))
    y_lo, y_hi = ticks[0], ticks[-1]

    def px(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * plot_w

    def py(y: float) -> float:
        return top + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h

    for tick in ticks:
        y = py(tick)
        svg.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>'
        )
        svg.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1a1a1a">{escape(format_number(tick))}</text>'
        )
    years = sorted(set(xs))
    step = max(1, math.ceil(len(years) / 10))
    for year in years[::step]:
        svg.append(
            f'<text x="{px(year):.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12" fill="#1a1a1a">{year}</text>'
        )
    svg.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#1a1a1a"/>'
    )
    svg.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" font-size="12" fill="#1a1a1a" transform="rotate(-90 14 {top + plot_h / 2:.1f})" text-anchor="middle">{escape(unit)}</text>'
    )
    for i, s in enumerate(series):
        colour, dash, marker = PALETTE[i % 7], DASHES[i % 7], MARKERS[i % 7]
        points = sorted(s.points)
        d = "".join(
            ("M" if j == 0 else "L") + f"{px(x):.1f} {py(y):.1f}" for j, (x, y) in enumerate(points)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        svg.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        svg.extend(_marker(marker, px(x), py(y), colour) for x, y in points)
        lx = left + (i % 2) * plot_w / 2
        ly = top + plot_h + 40 + 22 * (i // 2)
        svg.append(
            f'<line x1="{lx:.1f}" x2="{lx + 30:.1f}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        svg.append(_marker(marker, lx + 15, ly - 4, colour))
        svg.append(
            f'<text x="{lx + 38:.1f}" y="{ly}" font-size="13" fill="#1a1a1a">{escape(s.label)}</text>'
        )
    svg.append("</svg>")
    return "".join(svg)


@dataclass
class MapArea:
    code: str
    name: str
    shape: str
    value: float | None


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of all classes but the last: quantiles, without repeats, so that no two
    classes share a bound and a handful of distinct values gets a handful of classes."""
    ordered = sorted(set(values))
    if len(ordered) < 2:
        return []
    classes = min(classes, len(ordered))
    all_values = sorted(values)
    breaks: list[float] = []
    for k in range(1, classes):
        candidate = all_values[min(len(all_values) - 1, (len(all_values) * k) // classes)]
        if candidate < ordered[-1] and (not breaks or candidate > breaks[-1]):
            breaks.append(candidate)
    return breaks


def choropleth(
    areas: Sequence[MapArea], *, title: str, description: str, map_id: str = "map"
) -> tuple[str, list[tuple[str, str]]]:
    """The map as SVG and its legend as (colour, label) pairs; no legend without values."""
    values = [a.value for a in areas if a.value is not None]
    breaks = class_breaks(values)

    def colour(value: float | None) -> str:
        if value is None:
            return "url(#nodata)"
        index = sum(1 for b in breaks if value > b)
        return SEQUENTIAL[min(index, len(SEQUENTIAL) - 1)]

    svg = [
        f'<svg class="map" viewBox="505 -6930 645 1420" role="img" aria-labelledby="{map_id}-title {map_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{map_id}-title">{escape(title)}</title><desc id="{map_id}-desc">{escape(description)}</desc>',
        '<defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><path d="M0 6L6 0" stroke="#767676"/></pattern></defs>',
    ]
    for area in areas:
        if not area.shape:
            continue
        label = f"{area.name}: {format_number(area.value)}"
        svg.append(
            f'<path d="{area.shape}" fill="{colour(area.value)}" stroke="#4a4a4a" stroke-width="0.6"><title>{escape(label)}</title></path>'
        )
    svg.append("</svg>")
    legend: list[tuple[str, str]] = []
    if not values:
        return "".join(svg), legend
    low, high = min(values), max(values)
    if low == high:
        return "".join(svg), [(SEQUENTIAL[0], format_number(low))]
    bounds = [low, *breaks, high]
    for i in range(len(bounds) - 1):
        upper = format_number(bounds[i + 1])
        if i == 0:
            label = upper if bounds[0] == bounds[1] else f"{format_number(bounds[0])} – {upper}"
        else:
            label = f"> {format_number(bounds[i])} – {upper}"
        legend.append((SEQUENTIAL[i], label))
    return "".join(svg), legend


@dataclass
class Bar:
    label: str
    # (part label, share in per cent) in stacking order; the shares of a bar add up to 100.
    parts: list[tuple[str, int]]


def stacked_bars(
    bars: Sequence[Bar], *, title: str, description: str, chart_id: str = "bars"
) -> str:
    """Horizontal bars of shares (per cent), one per row, parts in the palette's order; a
    legend below. Labels are written in the bars where they fit."""
    width = 720
    label_width, bar_width, row = 220, 460, 30
    parts = list(dict.fromkeys(name for b in bars for name, _s in b.parts))
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(parts)}
    legend_rows = math.ceil(len(parts) / 3)
    height = 10 + row * len(bars) + 20 + 22 * legend_rows
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = 10 + i * row
        out.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" font-size="13">'
            f"{escape(bar.label[:32])}</text>"
        )
        x = float(label_width)
        for name, value in bar.parts:
            w = bar_width * value / 100
            if w <= 0:
                continue
            out.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
                f'fill="{colours[name]}"><title>{escape(name)}: {value} %</title></rect>'
            )
            if w >= 34:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 19}" text-anchor="middle" '
                    f'font-size="12" fill="#fff">{value} %</text>'
                )
            x += w
    y0 = 10 + row * len(bars) + 14
    for i, name in enumerate(parts):
        x = label_width + (i % 3) * 160
        y = y0 + (i // 3) * 22
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colours[name]}"/>')
        out.append(f'<text x="{x + 20}" y="{y + 12}" font-size="13">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


@dataclass
class WheelItem:
    day_of_year: int  # 1 …
    label: str
    group: int  # the colour and marker, by category


def year_wheel(
    items: Sequence[WheelItem],
    *,
    days_in_year: int,
    month_labels: Sequence[str],
    month_starts: Sequence[int],
    group_labels: Sequence[str],
    title: str,
    description: str,
    chart_id: str = "wheel",
) -> str:
    """The year as a wheel: months around the ring from the top, clockwise; each item a
    marker at its day, by group (category); a legend below. The page lists the same items
    in a table."""
    size, cx, cy = 560, 280, 270
    ring_outer, ring_inner = 240, 185
    legend_rows = math.ceil(len(group_labels) / 3)
    height = cy + ring_outer + 30 + 22 * legend_rows

    def point(day: float, radius: float) -> tuple[float, float]:
        angle = 2 * math.pi * (day - 1) / days_in_year - math.pi / 2
        return cx + radius * math.cos(angle), cy + radius * math.sin(angle)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart wheel">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<circle cx="{cx}" cy="{cy}" r="{ring_outer}" fill="#f4f6f8" stroke="#888"/>',
        f'<circle cx="{cx}" cy="{cy}" r="{ring_inner}" fill="#fff" stroke="#888"/>',
    ]
    for i, start in enumerate(month_starts):
        x1, y1 = point(start, ring_inner)
        x2, y2 = point(start, ring_outer)
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888"/>')
        end = month_starts[i + 1] if i + 1 < len(month_starts) else days_in_year + 1
        tx, ty = point((start + end) / 2, ring_outer + 16)
        out.append(
            f'<text x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="middle" font-size="13">'
            f"{escape(month_labels[i])}</text>"
        )
    lanes = [ring_inner + 14 + 14 * n for n in range(4)]
    used: dict[int, int] = {}
    for item in items:
        lane = used.get(item.day_of_year // 5, 0)
        used[item.day_of_year // 5] = lane + 1
        x, y = point(item.day_of_year, lanes[lane % len(lanes)])
        colour = PALETTE[item.group % len(PALETTE)]
        marker = _marker(MARKERS[item.group % len(MARKERS)], x, y, colour)
        out.append(f"<g><title>{escape(item.label)}</title>{marker}</g>")
    y0 = cy + ring_outer + 30
    for i, label in enumerate(group_labels):
        x = 40 + (i % 3) * 170
        y = y0 + (i // 3) * 22
        out.append(_marker(MARKERS[i % len(MARKERS)], x + 6, y - 4, PALETTE[i % len(PALETTE)]))
        out.append(f'<text x="{x + 16}" y="{y}" font-size="13">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)
