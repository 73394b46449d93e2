import struct

from django.test import SimpleTestCase, TestCase

from rus.areas.models import Area
from rus.areas.services import load_area_shapes
from rus.lib.geometry import project, svg_path, wkb_polygons


def wkb_polygon(ring: list[tuple[float, float]], little: bool = True) -> bytes:
    fmt = "<" if little else ">"
    body = struct.pack(fmt + "I", 1) + struct.pack(fmt + "I", len(ring))
    body += b"".join(struct.pack(fmt + "dd", x, y) for x, y in ring)
    return bytes([1 if little else 0]) + struct.pack(fmt + "I", 3) + body


class GeometryTests(SimpleTestCase):
    def test_a_polygon_in_either_byte_order(self):
        ring = [(17.0, 60.0), (18.0, 60.0), (18.0, 61.0), (17.0, 60.0)]
        for little in (True, False):
            self.assertEqual(wkb_polygons(wkb_polygon(ring, little)), [[ring]])

    def test_a_multipolygon(self):
        a = [(17.0, 60.0), (18.0, 60.0), (18.0, 61.0), (17.0, 60.0)]
        b = [(11.0, 56.0), (12.0, 56.0), (12.0, 57.0), (11.0, 56.0)]
        data = b"\x01" + struct.pack("<II", 6, 2) + wkb_polygon(a) + wkb_polygon(b)
        self.assertEqual(wkb_polygons(data), [[a], [b]])

    def test_path_projects_and_drops_points_closer_than_the_precision(self):
        ring = [(17.0, 60.0), (17.00001, 60.0), (18.0, 60.0), (18.0, 61.0), (17.0, 60.0)]
        x0, y0 = project(17.0, 60.0)
        path = svg_path([[ring]], precision=0.5)
        self.assertTrue(path.startswith(f"M{x0:.1f} {y0:.1f}L"))
        self.assertEqual(path.count("L"), 3)  # the near-duplicate second point is gone
        self.assertTrue(path.endswith("Z"))


class ShapeTests(TestCase):
    def test_every_county_and_municipality_gets_its_outline_once(self):
        sweden = Area.objects.create(code="00", level="country", name="Sverige")
        uppsala = Area.objects.create(code="03", level="county", name="Uppsala län", parent=sweden)
        Area.objects.create(code="0380", level="municipality", name="Uppsala", parent=uppsala)
        self.assertEqual(load_area_shapes(), 2)
        for area in Area.objects.exclude(level="country"):
            self.assertTrue(area.shape.startswith("M"), area.code)
            self.assertTrue(area.shape.endswith("Z"), area.code)
        # Uppsala county lies around 17–18.5° E, 59.3–60.7° N in the projection.
        xs = [float(p.split(" ")[0]) for p in Area.objects.get(code="03").shape[1:].split("L")[:50]]
        west, east = project(16.5, 60)[0], project(19.0, 60)[0]
        self.assertTrue(all(west < x < east for x in xs))
        self.assertEqual(load_area_shapes(), 0)  # unchanged outlines are not written again


class AreaApiTests(TestCase):
    def test_areas_by_level_and_parent(self):
        sweden = Area.objects.create(code="00", level="country", name="Sverige")
        uppsala = Area.objects.create(code="03", level="county", name="Uppsala län", parent=sweden)
        Area.objects.create(code="12", level="county", name="Skåne län", parent=sweden)
        Area.objects.create(code="0380", level="municipality", name="Uppsala", parent=uppsala)
        counties = self.client.get("/api/v1/areas?level=county").json()["items"]
        self.assertEqual([(a["code"], a["parent"]) for a in counties], [("03", "00"), ("12", "00")])
        inside = self.client.get("/api/v1/areas?parent=03").json()["items"]
        self.assertEqual([a["name"] for a in inside], ["Uppsala"])
        self.assertEqual(self.client.get("/api/v1/areas?level=planet").status_code, 422)
