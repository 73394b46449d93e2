import json
import logging

from django.test import RequestFactory, SimpleTestCase

from rus.lib.jsonlog import JsonFormatter


class JsonLogTests(SimpleTestCase):
    def record(self, **extra: object) -> logging.LogRecord:
        logger = logging.getLogger("rus.test")
        return logger.makeRecord(
            "rus.test", logging.ERROR, __file__, 1, "Fel i %s", ("importen",), None, extra=extra
        )

    def test_one_json_object_with_the_request_and_extras(self):
        request = RequestFactory().get("/api/v1/areas")
        line = JsonFormatter().format(self.record(request=request, status_code=500, batch=7))
        entry = json.loads(line)
        self.assertEqual(
            {
                k: entry[k]
                for k in ("level", "logger", "message", "method", "path", "status", "batch")
            },
            {
                "level": "ERROR",
                "logger": "rus.test",
                "message": "Fel i importen",
                "method": "GET",
                "path": "/api/v1/areas",
                "status": 500,
                "batch": 7,
            },
        )
        self.assertNotIn("\n", line)

    def test_an_exception_is_kept_on_the_same_line(self):
        try:
            raise ValueError("trasig rad\nandra raden")
        except ValueError:
            import sys

            record = logging.getLogger("x").makeRecord(
                "x", logging.ERROR, __file__, 1, "m", (), sys.exc_info()
            )
        entry = json.loads(JsonFormatter().format(record))
        self.assertIn("ValueError: trasig rad", entry["exception"])
