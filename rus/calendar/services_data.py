"""Loading the standard årshjul from its data file (kept beside the app, as rus's own data)."""

from datetime import date, time
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from rus.calendar.models import Calendar, Category, Event
from rus.lib.tabular import ProblemCollector, read_csv

CALENDARS = {
    "rus": ("RUS årshjul", "RUS annual cycle"),
    "strategi": ("Regional utvecklingsstrategi", "Regional development strategy"),
}


@transaction.atomic
def load_arshjul(path: Path) -> int:
    """Add the events of the file that are not there yet (by key); all or nothing."""
    rows = read_csv(path, path.name, ("calendar", "key", "title_sv", "category", "start", "rrule"))
    problems = ProblemCollector(path.name)
    calendars = {}
    for key, (sv, en) in CALENDARS.items():
        calendars[key], _created = Calendar.objects.get_or_create(
            key=key, defaults={"name_sv": sv, "name_en": en}
        )
    added = 0
    for line, row in rows:
        calendar = calendars.get(row.get("calendar", ""))
        if calendar is None:
            problems.add(
                line, "calendar", _("unknown calendar '%(text)s'") % {"text": row.get("calendar")}
            )
            continue
        if row.get("category") not in Category.values:
            problems.add(
                line, "category", _("unknown category '%(text)s'") % {"text": row.get("category")}
            )
            continue
        try:
            start = date.fromisoformat(row["start"])
            end = date.fromisoformat(row["end"]) if row.get("end") else None
            start_time = time.fromisoformat(row["start_time"]) if row.get("start_time") else None
            end_time = time.fromisoformat(row["end_time"]) if row.get("end_time") else None
        except ValueError as exc:
            problems.add(line, None, str(exc))
            continue
        if Event.objects.filter(calendar=calendar, key=row["key"]).exists():
            continue
        Event.objects.create(
            calendar=calendar,
            key=row["key"],
            title_sv=row["title_sv"],
            title_en=row.get("title_en", ""),
            description_sv=row.get("description_sv", ""),
            category=row["category"],
            start_date=start,
            start_time=start_time,
            end_date=end,
            end_time=end_time,
            rrule=row.get("rrule", ""),
            replaced_by=row.get("replaced_by", ""),
        )
        added += 1
    problems.raise_if_any()
    return added
