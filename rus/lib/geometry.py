"""Polygons from WKB to compact SVG paths, for maps rendered on the server (no JavaScript).

Coordinates are longitude/latitude (WGS 84). They are projected equirectangularly with the
longitude scaled by cos(62°), which keeps Sweden's shape recognisable at map scale.
"""

import math
import struct
from collections.abc import Iterable

Ring = list[tuple[float, float]]
SCALE = 100.0  # SVG units per degree of latitude
COS_LAT = math.cos(math.radians(62))


def _read_polygon(data: bytes, offset: int, fmt: str) -> tuple[list[Ring], int]:
    (n_rings,) = struct.unpack_from(fmt + "I", data, offset)
    offset += 4
    rings = []
    for _ in range(n_rings):
        (n_points,) = struct.unpack_from(fmt + "I", data, offset)
        offset += 4
        coords = struct.unpack_from(fmt + "d" * (2 * n_points), data, offset)
        offset += 16 * n_points
        rings.append(list(zip(coords[0::2], coords[1::2], strict=True)))
    return rings, offset


def wkb_polygons(data: bytes) -> list[list[Ring]]:
    """Polygons (each a list of rings) from a WKB Polygon or MultiPolygon."""
    fmt = "<" if data[0] == 1 else ">"
    (kind,) = struct.unpack_from(fmt + "I", data, 1)
    if kind == 3:
        rings, _ = _read_polygon(data, 5, fmt)
        return [rings]
    if kind != 6:
        raise ValueError(f"unsupported WKB geometry type {kind}")
    (count,) = struct.unpack_from(fmt + "I", data, 5)
    offset, polygons = 9, []
    for _ in range(count):
        inner_fmt = "<" if data[offset] == 1 else ">"
        rings, offset = _read_polygon(data, offset + 5, inner_fmt)
        polygons.append(rings)
    return polygons


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon * COS_LAT * SCALE, -lat * SCALE)


def svg_path(polygons: Iterable[list[Ring]], precision: float = 0.5) -> str:
    """An SVG path; points closer than ``precision`` units to the previous one are dropped."""
    parts = []
    for rings in polygons:
        for ring in rings:
            points: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                if (
                    points
                    and abs(x - points[-1][0]) < precision
                    and abs(y - points[-1][1]) < precision
                ):
                    continue
                points.append((x, y))
            if len(points) < 3:
                continue
            head = f"M{points[0][0]:.1f} {points[0][1]:.1f}"
            tail = "".join(f"L{x:.1f} {y:.1f}" for x, y in points[1:])
            parts.append(head + tail + "Z")
    return "".join(parts)
