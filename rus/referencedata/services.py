"""Loading the public reference data from RUS_DATA_DIR.

Everything is loaded in one transaction: a missing or malformed file stops the load with
messages naming file, line and column, and the database is left as it was. Rows are matched
on natural keys (SCB codes, objective numbers, organisation keys), so a second load changes
nothing and a renamed county is updated, not duplicated.
"""

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rus.areas.models import Area
from rus.areas.services import load_area_shapes
from rus.goals.models import Framework, Goal, GoalLink
from rus.lib.caching import bump_data_version
from rus.lib.tabular import ProblemCollector, SourceError, read_csv, read_json
from rus.lib.upsert import Counts, upsert
from rus.organisations.models import Applicability, Organisation
from rus.referencedata.models import SourceFile

COUNTIES = "regions/counties.csv"
MUNICIPALITIES = "regions/municipalities.csv"
OBJECTIVES = "objectives/environmental_quality_objectives.csv"
GENERATIONAL_GOAL = "objectives/generational_goal.json"
SPECIFICATIONS = "objectives/preciseringar.csv"
SDG_GOALS = "sdg/sdg_goals.csv"
SDG_TARGETS = "sdg/sdg_targets.csv"
SCOPE = "assessments/county_objective_scope.csv"
DEFINITIONS = "objectives/objective_definitions.csv"
INTERIM_TARGETS = "objectives/etappmal.csv"
# The compiler's notes on each etappmål's status in etappmal.csv, as a Swedish reader reads them.
STATUS_NOTES = {
    "status not verified": "Om etappmålet fortfarande gäller är inte kontrollerat.",
    "target year 2020 passed": "Målåret 2020 har passerats.",
    "in force per the sources read": "Gäller enligt de källor som lästs.",
    "target years passed; status not verified": (
        "Målåren har passerats; om etappmålet fortfarande gäller är inte kontrollerat."
    ),
    "expired (target year 2020)": "Har upphört (målår 2020).",
}
FILES = (
    COUNTIES,
    MUNICIPALITIES,
    OBJECTIVES,
    GENERATIONAL_GOAL,
    SPECIFICATIONS,
    SDG_GOALS,
    SDG_TARGETS,
    SCOPE,
    DEFINITIONS,
    INTERIM_TARGETS,
)

# rus's own tables of how the follow-up is organised (data, not code).
OWN_DATA = Path(__file__).with_name("data")
NATIONAL_ORGANISATIONS = "national_organisations.csv"
NATIONAL_ASSESSORS = "national_assessors.csv"
REGIONS = "regions.csv"

SWEDEN_CODE = "00"
MILJOMAL = "miljomal"
AGENDA2030 = "agenda2030"
COUNTY_CODE = re.compile(r"^\d{2}$")
MUNICIPALITY_CODE = re.compile(r"^\d{4}$")
SDG_TARGET_CODE = re.compile(r"^(\d{1,2})\.([0-9a-z]{1,2})$")


@dataclass
class LoadReport:
    skipped: bool = False
    counts: dict[str, Counts] = field(default_factory=dict)

    def count(self, name: str) -> Counts:
        return self.counts.setdefault(name, Counts())


def _index(qs: Any, key: Callable[[Any], Hashable]) -> dict[Hashable, Any]:
    return {key(obj): obj for obj in qs}


def _int(
    problems: ProblemCollector, line: int, column: str, raw: str, lo: int, hi: int
) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        problems.add(line, column, _("%(value)r is not a whole number") % {"value": raw})
        return None
    if not lo <= value <= hi:
        problems.add(
            line,
            column,
            _("%(value)d is outside %(lo)d–%(hi)d") % {"value": value, "lo": lo, "hi": hi},
        )
        return None
    return value


def _required(problems: ProblemCollector, line: int, row: dict[str, str], *columns: str) -> bool:
    ok = True
    for column in columns:
        if not row[column]:
            problems.add(line, column, _("the value is missing"))
            ok = False
    return ok


class Loader:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.report = LoadReport()

    def path(self, name: str) -> Path:
        return self.data_dir / name

    def rows(self, name: str, *required: str) -> list[tuple[int, dict[str, str]]]:
        return list(read_csv(self.path(name), name, required))

    # --- areas -------------------------------------------------------------------------
    def load_areas(self) -> dict[str, Area]:
        counts = self.report.count("areas")
        index = _index(Area.objects.all(), lambda a: a.code)
        sweden = upsert(
            Area,
            index,
            SWEDEN_CODE,
            {
                "code": SWEDEN_CODE,
                "level": Area.Level.COUNTRY,
                "name": "Sverige",
                "parent_id": None,
            },
            counts,
        )

        problems = ProblemCollector(COUNTIES)
        counties: dict[str, tuple[int, str]] = {}
        for line, row in self.rows(COUNTIES, "lanskod", "lan"):
            if not _required(problems, line, row, "lanskod", "lan"):
                continue
            code = row["lanskod"]
            if not COUNTY_CODE.match(code):
                problems.add(
                    line, "lanskod", _("%(code)r is not a two-digit county code") % {"code": code}
                )
            elif code in counties:
                problems.add(
                    line,
                    "lanskod",
                    _("county %(code)s appears twice (also on line %(other)d)")
                    % {"code": code, "other": counties[code][0]},
                )
            else:
                counties[code] = (line, row["lan"])
        problems.raise_if_any()

        problems = ProblemCollector(MUNICIPALITIES)
        municipalities: dict[str, tuple[int, str, str]] = {}
        for line, row in self.rows(MUNICIPALITIES, "kommunkod", "kommun", "lanskod"):
            if not _required(problems, line, row, "kommunkod", "kommun", "lanskod"):
                continue
            code, county = row["kommunkod"], row["lanskod"]
            if not MUNICIPALITY_CODE.match(code):
                problems.add(
                    line,
                    "kommunkod",
                    _("%(code)r is not a four-digit municipality code") % {"code": code},
                )
            elif code in municipalities:
                problems.add(
                    line,
                    "kommunkod",
                    _("municipality %(code)s appears twice (also on line %(other)d)")
                    % {"code": code, "other": municipalities[code][0]},
                )
            elif county not in counties:
                problems.add(
                    line,
                    "lanskod",
                    _("county %(code)s is not in %(file)s") % {"code": county, "file": COUNTIES},
                )
            elif not code.startswith(county):
                problems.add(
                    line,
                    "lanskod",
                    _("municipality %(code)s cannot belong to county %(county)s")
                    % {"code": code, "county": county},
                )
            else:
                municipalities[code] = (line, row["kommun"], county)
        problems.raise_if_any()

        for code, (_line, name) in sorted(counties.items()):
            upsert(
                Area,
                index,
                code,
                {"code": code, "level": Area.Level.COUNTY, "name": name, "parent_id": sweden.pk},
                counts,
            )
        for code, (_line, name, county) in sorted(municipalities.items()):
            upsert(
                Area,
                index,
                code,
                {
                    "code": code,
                    "level": Area.Level.MUNICIPALITY,
                    "name": name,
                    "parent_id": index[county].pk,
                },
                counts,
            )
        return index  # type: ignore[return-value]

    # --- goals -------------------------------------------------------------------------
    def _framework(self, code: str, name_sv: str, name_en: str) -> Framework:
        counts = self.report.count("frameworks")
        index = _index(Framework.objects.filter(code=code), lambda f: f.code)
        return upsert(
            Framework, index, code, {"code": code, "name_sv": name_sv, "name_en": name_en}, counts
        )

    def load_objective_texts(self, objectives: dict[int, Goal]) -> None:
        """The Riksdag's definition of each objective the file has, and the etappmål with
        links to the objectives they concern."""
        problems = ProblemCollector(DEFINITIONS)
        for line, row in self.rows(DEFINITIONS, "objective_no", "riksdag_definition_sv"):
            number = _int(problems, line, "objective_no", row["objective_no"], 1, 16)
            if number is not None and row["riksdag_definition_sv"].strip():
                goal = objectives[number]
                if goal.text_sv != row["riksdag_definition_sv"].strip():
                    goal.text_sv = row["riksdag_definition_sv"].strip()
                    goal.save(update_fields=["text_sv"])
        problems.raise_if_any()
        framework = next(iter(objectives.values())).framework
        index = _index(
            Goal.objects.filter(framework=framework, kind=Goal.Kind.INTERIM_TARGET),
            lambda g: g.code,
        )
        counts = self.report.count("goals")
        problems = ProblemCollector(INTERIM_TARGETS)
        links: list[tuple[Goal, list[int]]] = []
        for position, (line, row) in enumerate(
            self.rows(INTERIM_TARGETS, "id", "title_sv", "objective_nos", "text_or_summary")
        ):
            numbers = []
            for raw in row["objective_nos"].split(";"):
                number = _int(problems, line, "objective_nos", raw.strip(), 1, 16)
                if number is not None:
                    numbers.append(number)
            facts = [
                f"{label} {row[key].strip()}."
                for label, key in (("Beslutat", "decided"), ("Målår", "target_year"))
                if row.get(key, "").strip()
            ]
            note = STATUS_NOTES.get(row.get("status_note", "").strip(), row.get("status_note", ""))
            text = "\n\n".join(
                p for p in (row["text_or_summary"].strip(), " ".join(facts), note) if p
            )
            goal = upsert(
                Goal,
                index,
                row["id"],
                {
                    "framework_id": framework.pk,
                    "code": row["id"],
                    "kind": Goal.Kind.INTERIM_TARGET,
                    "number": None,
                    "sort_order": 1000 + position,
                    "parent_id": None,
                    "name_sv": row["title_sv"],
                    "name_en": "",
                    "text_sv": text,
                    "text_en": "",
                },
                counts,
            )
            links.append((goal, numbers))
        problems.raise_if_any()
        for goal, numbers in links:
            wanted = [objectives[n] for n in numbers]
            GoalLink.objects.filter(source=goal).exclude(target__in=wanted).delete()
            for target in wanted:
                GoalLink.objects.get_or_create(source=goal, target=target)

    def load_objectives(self) -> dict[int, Goal]:
        framework = self._framework(
            MILJOMAL, "Sveriges miljömål", "Sweden's environmental objectives"
        )
        counts = self.report.count("goals")
        index = _index(Goal.objects.filter(framework=framework), lambda g: g.code)

        gen = read_json(self.path(GENERATIONAL_GOAL), GENERATIONAL_GOAL)
        problems = ProblemCollector(GENERATIONAL_GOAL)
        if not isinstance(gen, dict):
            problems.add(1, None, _("expected a JSON object"))
            problems.raise_if_any()
        for key in ("name_sv", "wording_sv"):
            if not isinstance(gen.get(key), str) or not gen[key]:
                problems.add(None, key, _("the value is missing"))
        problems.raise_if_any()
        upsert(
            Goal,
            index,
            "G",
            {
                "framework_id": framework.pk,
                "code": "G",
                "kind": Goal.Kind.GENERATIONAL_GOAL,
                "number": None,
                "sort_order": 0,
                "parent_id": None,
                "name_sv": gen["name_sv"],
                "name_en": gen.get("name_en", "The generational goal"),
                "text_sv": gen["wording_sv"],
                "text_en": gen.get("wording_en", ""),
            },
            counts,
        )

        problems = ProblemCollector(OBJECTIVES)
        objectives: dict[int, tuple[int, dict[str, str]]] = {}
        for line, row in self.rows(OBJECTIVES, "number", "name_sv", "name_en"):
            if not _required(problems, line, row, "number", "name_sv"):
                continue
            number = _int(problems, line, "number", row["number"], 1, 16)
            if number is None:
                continue
            if number in objectives:
                problems.add(
                    line,
                    "number",
                    _("objective %(n)d appears twice (also on line %(other)d)")
                    % {"n": number, "other": objectives[number][0]},
                )
                continue
            objectives[number] = (line, row)
        if not problems.problems and sorted(objectives) != list(range(1, 17)):
            missing = ", ".join(str(n) for n in range(1, 17) if n not in objectives)
            problems.add(
                None, "number", _("objectives missing: %(numbers)s") % {"numbers": missing}
            )
        problems.raise_if_any()

        result: dict[int, Goal] = {}
        for number, (_line, row) in sorted(objectives.items()):
            result[number] = upsert(
                Goal,
                index,
                str(number),
                {
                    "framework_id": framework.pk,
                    "code": str(number),
                    "kind": Goal.Kind.OBJECTIVE,
                    "number": number,
                    "sort_order": number,
                    "parent_id": None,
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                },
                counts,
            )

        problems = ProblemCollector(SPECIFICATIONS)
        seen: dict[int, int] = {}
        codes: dict[str, int] = {}
        specs: list[tuple[str, dict[str, Any]]] = []
        # Earlier loads coded a precisering by its place in the file; find those by name.
        by_name = {
            (g.parent_id, g.name_sv): g for g in index.values() if g.kind == Goal.Kind.SPECIFICATION
        }
        for line, row in self.rows(SPECIFICATIONS, "objective_no", "precisering", "text_sv"):
            if not _required(problems, line, row, "objective_no", "precisering"):
                continue
            number = _int(problems, line, "objective_no", row["objective_no"], 1, 16)
            if number is None:
                continue
            seen[number] = seen.get(number, 0) + 1
            # The code is the precisering's name, so that reordering the file changes
            # nothing and a new precisering never takes over another's code.
            code = f"{number}.{slugify(row['precisering'])[:40]}"
            if code in codes:
                problems.add(
                    line,
                    "precisering",
                    _("objective %(n)d has this precisering twice (also on line %(other)d)")
                    % {"n": number, "other": codes[code]},
                )
                continue
            codes[code] = line
            earlier = by_name.get((result[number].pk, row["precisering"]))
            if code not in index and earlier is not None:
                index[code] = earlier
            specs.append(
                (
                    code,
                    {
                        "framework_id": framework.pk,
                        "code": code,
                        "kind": Goal.Kind.SPECIFICATION,
                        "number": seen[number],
                        "sort_order": number * 100 + seen[number],
                        "parent_id": result[number].pk,
                        "name_sv": row["precisering"],
                        "name_en": "",
                        "text_sv": row["text_sv"],
                    },
                )
            )
        problems.raise_if_any()
        for code, values in specs:
            upsert(Goal, index, code, values, counts)
        return result

    def load_sdgs(self) -> None:
        framework = self._framework(AGENDA2030, "Agenda 2030", "Agenda 2030")
        counts = self.report.count("goals")
        index = _index(Goal.objects.filter(framework=framework), lambda g: g.code)

        problems = ProblemCollector(SDG_GOALS)
        goals: dict[int, dict[str, str]] = {}
        for line, row in self.rows(SDG_GOALS, "goal", "short_en", "title_en"):
            if not _required(problems, line, row, "goal", "short_en"):
                continue
            number = _int(problems, line, "goal", row["goal"], 1, 17)
            if number is not None:
                if number in goals:
                    problems.add(line, "goal", _("goal %(n)d appears twice") % {"n": number})
                goals[number] = row
        problems.raise_if_any()
        goal_objs: dict[str, Goal] = {}
        for number, row in sorted(goals.items()):
            # No openly licensed Swedish SDG names were found, so the Swedish field stays
            # empty and the English name is shown in both languages.
            goal_objs[str(number)] = upsert(
                Goal,
                index,
                str(number),
                {
                    "framework_id": framework.pk,
                    "code": str(number),
                    "kind": Goal.Kind.SDG,
                    "number": number,
                    "sort_order": number * 1000,
                    "parent_id": None,
                    "name_sv": "",
                    "name_en": row["short_en"],
                    "text_en": row["title_en"],
                },
                counts,
            )

        problems = ProblemCollector(SDG_TARGETS)
        targets: list[tuple[str, dict[str, Any]]] = []
        codes: set[str] = set()
        for position, (line, row) in enumerate(
            self.rows(SDG_TARGETS, "goal", "target", "title_en")
        ):
            if not _required(problems, line, row, "goal", "target", "title_en"):
                continue
            code = row["target"]
            match = SDG_TARGET_CODE.match(code)
            if not match or match.group(1) != row["goal"]:
                problems.add(
                    line,
                    "target",
                    _("%(code)r is not a target of goal %(goal)s")
                    % {"code": code, "goal": row["goal"]},
                )
                continue
            if row["goal"] not in goal_objs:
                problems.add(
                    line,
                    "goal",
                    _("goal %(goal)s is not in %(file)s")
                    % {"goal": row["goal"], "file": SDG_GOALS},
                )
                continue
            if code in codes:
                problems.add(line, "target", _("target %(code)s appears twice") % {"code": code})
                continue
            codes.add(code)
            targets.append(
                (
                    code,
                    {
                        "framework_id": framework.pk,
                        "code": code,
                        "kind": Goal.Kind.SDG_TARGET,
                        "number": None,
                        "sort_order": int(row["goal"]) * 1000 + position + 1,
                        "parent_id": goal_objs[row["goal"]].pk,
                        "name_sv": "",
                        "name_en": code,
                        "text_en": row["title_en"],
                    },
                )
            )
        problems.raise_if_any()
        for code, values in targets:
            upsert(Goal, index, code, values, counts)

    # --- organisations -----------------------------------------------------------------
    def load_organisations(self, areas: dict[str, Area]) -> None:
        counts = self.report.count("organisations")
        index = _index(Organisation.objects.all(), lambda o: o.key)
        problems = ProblemCollector(NATIONAL_ORGANISATIONS)
        national = []
        for line, row in read_csv(
            OWN_DATA / NATIONAL_ORGANISATIONS, NATIONAL_ORGANISATIONS, ("key", "kind", "name")
        ):
            if row["kind"] not in Organisation.Kind.values:
                problems.add(
                    line,
                    "kind",
                    _("%(kind)r is not a kind of organisation") % {"kind": row["kind"]},
                )
                continue
            national.append((row["key"], row["kind"], row["name"]))
        regional = []
        region_problems = ProblemCollector(REGIONS)
        for line, row in read_csv(OWN_DATA / REGIONS, REGIONS, ("county_code", "name")):
            area = areas.get(row["county_code"])
            if area is None or area.level != Area.Level.COUNTY:
                region_problems.add(
                    line,
                    "county_code",
                    _("%(code)r is not the code of a county") % {"code": row["county_code"]},
                )
                continue
            regional.append(
                (f"region-{area.code}", str(Organisation.Kind.REGION), row["name"], area)
            )
        problems.raise_if_any()
        region_problems.raise_if_any()
        for key, kind, name, area in regional:
            upsert(
                Organisation,
                index,
                key,
                {"key": key, "kind": kind, "name": name, "area_id": area.pk},
                counts,
            )
        for key, kind, name in national:
            upsert(
                Organisation,
                index,
                key,
                {"key": key, "kind": kind, "name": name, "area_id": areas[SWEDEN_CODE].pk},
                counts,
            )
        for area in areas.values():
            if area.level == Area.Level.COUNTY:
                key = f"lst-{area.code}"
                name = f"Länsstyrelsen i {area.name}"
                kind = Organisation.Kind.COUNTY_BOARD
            elif area.level == Area.Level.MUNICIPALITY:
                key, name, kind = f"kommun-{area.code}", area.name, Organisation.Kind.MUNICIPALITY
            else:
                continue
            upsert(
                Organisation,
                index,
                key,
                {"key": key, "kind": kind, "name": name, "area_id": area.pk},
                counts,
            )

    def national_assessors(self) -> dict[int, str]:
        """Objective number → key of the national organisation that assesses it everywhere."""
        problems = ProblemCollector(NATIONAL_ASSESSORS)
        result: dict[int, str] = {}
        keys = set(Organisation.objects.values_list("key", flat=True))
        for line, row in read_csv(
            OWN_DATA / NATIONAL_ASSESSORS, NATIONAL_ASSESSORS, ("objective_no", "organisation_key")
        ):
            number = _int(problems, line, "objective_no", row["objective_no"], 1, 16)
            if row["organisation_key"] not in keys:
                problems.add(
                    line,
                    "organisation_key",
                    _("no organisation has the key %(key)r") % {"key": row["organisation_key"]},
                )
            elif number is not None:
                result[number] = row["organisation_key"]
        problems.raise_if_any()
        return result

    def load_applicability(self, areas: dict[str, Area], objectives: dict[int, Goal]) -> None:
        counts = self.report.count("applicability")
        assessors = self.national_assessors()
        boards = {
            o.area_id: o.key
            for o in Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD)
        }
        problems = ProblemCollector(SCOPE)
        wanted: list[tuple[str, str, int]] = []
        for line, row in self.rows(SCOPE, "county_code", "objective_nos"):
            if not _required(problems, line, row, "county_code", "objective_nos"):
                continue
            county = row["county_code"]
            area = areas.get(county)
            if area is None or area.level != Area.Level.COUNTY:
                problems.add(
                    line, "county_code", _("%(code)r is not a county code") % {"code": county}
                )
                continue
            for raw in row["objective_nos"].split():
                number = _int(problems, line, "objective_nos", raw, 1, 16)
                if number is None:
                    continue
                key = assessors.get(number) or boards.get(area.pk)
                if key is None:
                    problems.add(
                        line, "county_code", _("no county board for %(code)s") % {"code": county}
                    )
                    continue
                wanted.append((key, county, number))
        problems.raise_if_any()

        orgs = _index(
            Organisation.objects.filter(key__in={k for k, _c, _n in wanted}), lambda o: o.key
        )
        existing = set(Applicability.objects.values_list("organisation_id", "area_id", "goal_id"))
        for key, county, number in wanted:
            triple = (orgs[key].pk, areas[county].pk, objectives[number].pk)
            if triple in existing:
                # Seeded before: it now belongs to the administrators, even if switched off.
                counts.unchanged += 1
                continue
            Applicability.objects.create(
                organisation_id=triple[0], area_id=triple[1], goal_id=triple[2]
            )
            existing.add(triple)
            counts.created += 1


def file_checksums(data_dir: Path, names: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each named file ("" for a missing one), to tell a changed source apart."""
    sums = {}
    for name in names:
        path = data_dir / name
        sums[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return sums


def checksums(data_dir: Path, names: tuple[str, ...]) -> dict[str, str]:
    sums = file_checksums(data_dir, names)
    # rus's own tables count too: a change to them is loaded like a change of the sources.
    for name in (NATIONAL_ORGANISATIONS, NATIONAL_ASSESSORS, REGIONS):
        sums[f"rus:{name}"] = hashlib.sha256((OWN_DATA / name).read_bytes()).hexdigest()
    return sums


def sources_unchanged(sums: dict[str, str]) -> bool:
    """Whether every file exists and is exactly as when it was last loaded."""
    recorded = dict(SourceFile.objects.filter(path__in=list(sums)).values_list("path", "sha256"))
    return all(digest and recorded.get(name) == digest for name, digest in sums.items())


def record_sources(sums: dict[str, str]) -> None:
    for name, digest in sums.items():
        SourceFile.objects.update_or_create(path=name, defaults={"sha256": digest})


def load_reference_data(*, data_dir: Path, force: bool = False) -> LoadReport:
    sums = checksums(data_dir, FILES)
    if not force and sources_unchanged(sums):
        return LoadReport(skipped=True)
    if not data_dir.is_dir():
        from rus.lib.tabular import Problem

        raise SourceError([Problem(str(data_dir), None, None, _("the data folder does not exist"))])
    loader = Loader(data_dir)
    with transaction.atomic():
        areas = loader.load_areas()
        objectives = loader.load_objectives()
        loader.load_objective_texts(objectives)
        loader.load_sdgs()
        loader.load_organisations(areas)
        loader.load_applicability(areas, objectives)
        load_area_shapes()
        record_sources(sums)
        bump_data_version()
    return loader.report
