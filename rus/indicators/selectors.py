"""Reading indicator data for pages, downloads and APIs. Only public, current values."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rus.accounts import access
from rus.accounts.worklist import Filters, Section, Task, review_section
from rus.areas.models import Area
from rus.indicators import progress
from rus.indicators.models import Indicator, IndicatorUpdate, Observation, UpdateRound
from rus.lib.numbers import format_number
from rus.workflow import services as workflow


def public_observations(indicator: Indicator) -> QuerySet[Observation]:
    return Observation.objects.filter(indicator=indicator, is_current=True, is_public=True)


def dimension_options(indicator: Indicator) -> list[str]:
    return sorted(
        public_observations(indicator)
        .exclude(dimensions="")
        .values_list("dimensions", flat=True)
        .distinct()
    )


def dimension_label(key: str) -> str:
    return ", ".join(part.split("=", 1)[1] for part in key.split(";") if "=" in part)


@dataclass
class AreaSeries:
    area: Area
    values: dict[str, float | None]
    flags: dict[str, str]


def series_for(
    indicator: Indicator, areas: list[Area], *, dimensions: str = "", gender: str = "T"
) -> list[AreaSeries]:
    rows = (
        public_observations(indicator)
        .filter(area__in=areas, dimensions=dimensions, gender=gender)
        .values_list("area_id", "period", "value", "flag")
    )
    values: dict[int, dict[str, float | None]] = defaultdict(dict)
    flags: dict[int, dict[str, str]] = defaultdict(dict)
    for area_id, period, value, flag in rows:
        values[area_id][period] = value
        flags[area_id][period] = flag
    return [AreaSeries(a, dict(sorted(values[a.pk].items())), flags[a.pk]) for a in areas]


def public_comments(indicator: Indicator, areas: list[Area]) -> list[IndicatorUpdate]:
    """The counties' published comments on an indicator, as last published."""
    updates = list(
        IndicatorUpdate.objects.filter(
            indicator=indicator, area__in=areas, published_version__isnull=False
        )
        .select_related("round", "area")
        .order_by("area__code", "-round__year", "-round__season")
    )
    earlier = workflow.published_content(updates)
    for u in updates:
        if u.pk in earlier:
            u.comment = earlier[u.pk].get("comment", "")
    return [u for u in updates if u.comment]


def series_for_many(
    indicators: list[Indicator], areas: list[Area], *, dimensions: str = "", gender: str = "T"
) -> dict[tuple[int, int], AreaSeries]:
    """The series of several indicators for several areas in one query, by (indicator,
    area)."""
    if not indicators or not areas:
        return {}
    rows = Observation.objects.filter(
        indicator__in=indicators,
        area__in=areas,
        dimensions=dimensions,
        gender=gender,
        is_current=True,
        is_public=True,
    ).values_list("indicator_id", "area_id", "period", "value", "flag")
    values: dict[tuple[int, int], dict[str, float | None]] = defaultdict(dict)
    flags: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for indicator_id, area_id, period, value, flag in rows:
        values[(indicator_id, area_id)][period] = value
        flags[(indicator_id, area_id)][period] = flag
    return {
        (i.pk, a.pk): AreaSeries(a, dict(sorted(values[(i.pk, a.pk)].items())), flags[(i.pk, a.pk)])
        for i in indicators
        for a in areas
    }


def periods(series: list[AreaSeries]) -> list[str]:
    return sorted({p for s in series for p in s.values})


def values_by_area(
    indicator: Indicator, *, level: str, period: str, dimensions: str = ""
) -> dict[int, tuple[float | None, str]]:
    """Value and status flag of every area of a level in one period."""
    return {
        area: (value, flag)
        for area, value, flag in public_observations(indicator)
        .filter(area__level=level, period=period, dimensions=dimensions, gender="T")
        .values_list("area_id", "value", "flag")
    }


@dataclass
class Coverage:
    period: str
    with_value: int
    areas: int


def map_period(indicator: Indicator, *, level: str, dimensions: str = "") -> Coverage | None:
    """The period a map of a level shows by default: the latest one in which every area of
    the level has a value, else the one with the most areas (the latest of those)."""
    areas = Area.objects.filter(level=level).count()
    counts = (
        public_observations(indicator)
        .filter(area__level=level, dimensions=dimensions, gender="T", value__isnull=False)
        .values("period")
        .annotate(n=Count("area", distinct=True))
        .values_list("period", "n")
    )
    best = max(((n, period) for period, n in counts), default=None)
    if best is None:
        return None
    return Coverage(best[1], best[0], areas)


def coverage(indicator: Indicator, *, level: str, period: str, dimensions: str = "") -> Coverage:
    with_value = (
        public_observations(indicator)
        .filter(
            area__level=level,
            period=period,
            dimensions=dimensions,
            gender="T",
            value__isnull=False,
        )
        .count()
    )
    return Coverage(period, with_value, Area.objects.filter(level=level).count())


def series_progress(indicator: Indicator, series: AreaSeries) -> progress.Progress:
    """The progress measure of one series. Targets are read through ``indicator.targets``,
    so a caller that prefetches them asks the database nothing here."""
    if not indicator.auto_progress:
        status = progress.Status(indicator.manual_progress or progress.Status.NOT_AVAILABLE)
        return progress.Progress(status, None, None, "manual")
    if indicator.direction == Indicator.Direction.NONE:
        return progress.NOT_AVAILABLE
    yearly = {int(p[:4]): v for p, v in series.values.items() if len(p) == 4}
    targets = list(indicator.targets.all())
    target = next((t for t in targets if t.area_id == series.area.pk), None) or next(
        (t for t in targets if t.area_id is None), None
    )
    return progress.progress_of_series(
        yearly,
        base_year=indicator.base_year,
        target=target.value if target else None,
        target_year=target.year if target else progress.DEFAULT_TARGET_YEAR,
        direction=progress.Direction(indicator.direction),
        limit=indicator.natural_limit,
    )


def progress_label(status: progress.Status) -> tuple[str, str]:
    """A label and a symbol for a progress status: shown together, never by colour alone."""
    labels = {
        progress.Status.TARGET_ACHIEVED: (_("Target achieved"), "★"),
        progress.Status.SUBSTANTIAL: (_("On track"), "▲"),
        progress.Status.MODERATE: (_("Progress, but acceleration needed"), "△"),
        progress.Status.LIMITED: (_("Limited progress"), "▽"),
        progress.Status.DETERIORATION: (_("Moving away from the target"), "▼"),
        progress.Status.NOT_AVAILABLE: (_("Cannot be assessed"), "–"),
    }
    return labels[status]


@dataclass
class IndicatorProgress:
    indicator: Indicator
    latest_period: str
    latest_value: float | None
    label: str
    symbol: str
    values: list[tuple[str, float | None]]


def progress_for(indicators: Any, area: Area | None) -> list[IndicatorProgress]:
    """Each indicator's latest value for the area, its progress by label and symbol, and the
    values behind it (give ``indicators`` with their targets prefetched)."""
    rows = []
    for indicator in indicators:
        if area is None:
            rows.append(IndicatorProgress(indicator, "", None, "", "", []))
            continue
        series = series_for(indicator, [area])[0]
        values = sorted(series.values.items())
        known = [(p, v) for p, v in values if v is not None]
        label, symbol = progress_label(series_progress(indicator, series).status)
        period, value = known[-1] if known else ("", None)
        rows.append(IndicatorProgress(indicator, period, value, str(label), symbol, values))
    return rows


def progress_explanation(result: progress.Progress, indicator: Indicator) -> str:

    if indicator.direction == Indicator.Direction.NONE:
        return _(
            "Neither a higher nor a lower value is better in itself, so no progress is assessed."
        )
    inp = result.inputs
    if inp is None or inp.base_year is None or inp.current_year is None:
        return _("There are too few values since %(year)s to assess progress.") % {
            "year": indicator.base_year
        }
    if result.status == progress.Status.NOT_AVAILABLE:
        return _("Progress needs values from at least two years from %(year)s on.") % {
            "year": indicator.base_year
        }
    years = inp.current_year - inp.base_year
    rate = progress.cagr(inp.base_value or 0.001, inp.current_value or 0.0, years) * 100
    text = _(
        "From %(base_year)s (%(base)s) to %(current_year)s (%(current)s) the value changed by "
        "%(rate)s %% a year. %(direction)s."
    ) % {
        "base_year": inp.base_year,
        "base": format_number(inp.base_value),
        "current_year": inp.current_year,
        "current": format_number(inp.current_value),
        "rate": format_number(rate, 2),
        "direction": indicator.get_direction_display(),
    }
    if inp.target is not None:
        text += " " + _("The target is %(target)s by %(year)s.") % {
            "target": format_number(inp.target),
            "year": inp.target_year,
        }
    else:
        text += " " + _(
            "Without a target, a change of at least 1.5 percent a year in the desired direction "
            "counts as on track."
        )
    if result.score is not None:
        text += " " + _("Score %(score)s on a scale from −5 to +5.") % {
            "score": format_number(result.score, 1)
        }
    return text


@dataclass
class ClimateFigures:
    area: Area
    slope: float
    total_trend: float
    total_budget: float
    meets_paris: bool
    historical_percent: float | None
    net_zero: object


def climate_figures(series: AreaSeries, current_year: int) -> ClimateFigures | None:
    """Klimatkollen's trend and Carbon Law budget for a headline emission series."""
    from rus.indicators import climate

    yearly = {int(p): v for p, v in series.values.items() if len(p) == 4 and v is not None}
    if len(climate.trend_years(yearly)) < 2:
        return None
    trend = climate.emission_trend(yearly, current_year=current_year)
    start = climate.latest_emission(climate.emission_row(yearly, trend), current_year)
    path = climate.carbon_law_path(start, current_year)
    last = max(yearly)
    total_budget = sum(path.values())
    return ClimateFigures(
        area=series.area,
        slope=trend.slope,
        total_trend=trend.total,
        total_budget=total_budget,
        meets_paris=climate.meets_paris(trend.total, total_budget),
        historical_percent=climate.historical_change_percent(yearly, last)
        if 2015 in yearly and last > 2015
        else None,
        net_zero=climate.net_zero_date(last, yearly[last], trend.slope),
    )


# --- "My tasks" ----------------------------------------------------------------------------


def worklist_sections(user: Any, filters: Filters) -> list[Section]:
    order = {"returned": 0, "draft": 1, "submitted": 2, "approved": 3, "published": 4}
    sections = []
    for rnd in UpdateRound.objects.filter(state=UpdateRound.State.OPEN).order_by("-year"):
        if not access.has_national_view(user):
            own = list(
                rnd.updates.filter(organisation__in=access.visible_organisations(user))
                .select_related("indicator", "area", "organisation")
                .order_by("area__code", "indicator__name_sv")
            )
            if own:
                tasks = [
                    Task(
                        title=f"{u.indicator.name} – {u.area.name}",
                        url=u.get_absolute_url(),
                        state=str(u.get_state_display()),
                        state_key=u.state,
                        deadline=rnd.deadline if u.state in ("draft", "returned") else None,
                        order=(order.get(u.state, 9), u.indicator.name_sv),
                    )
                    for u in own
                ]
                to_do = sum(1 for u in own if u.state in ("draft", "returned"))
                sections.append(
                    Section(
                        title=_("Indicator update round %(round)s") % {"round": rnd},
                        tasks=tasks,
                        intro=_("%(n)d of %(m)d updates are still to be submitted by %(deadline)s.")
                        % {
                            "n": to_do,
                            "m": len(own),
                            "deadline": date_format(rnd.deadline, "j F Y"),
                        },
                    )
                )
        if access.is_administrator(user):
            counts = dict(rnd.updates.values_list("state").annotate(n=Count("pk")))
            url = reverse("indicators:round", args=[rnd.pk])
            sections.append(
                Section(
                    title=_("Indicator update round %(round)s: the round") % {"round": rnd},
                    kind="admin",
                    counts=[
                        (str(s.label), counts.get(s.value, 0), f"{url}?status={s.value}")
                        for s in IndicatorUpdate.State
                    ],
                    links=[
                        (str(_("The round")), url),
                        (
                            str(_("Review and publish %(round)s…") % {"round": rnd}),
                            reverse("indicators:round_publish", args=[rnd.pk]),
                        ),
                    ],
                )
            )
    if access.is_administrator(user) and not any(s.kind == "admin" for s in sections):
        sections.append(
            Section(
                title=_("Indicator update rounds"),
                kind="admin",
                intro=_("No update round is open."),
                links=[(_("Open a spring or autumn round…"), reverse("indicators:rounds"))],
            )
        )
    if access.can_review(user) and filters.kind in ("", "indikator"):
        qs = IndicatorUpdate.objects.filter(
            state=IndicatorUpdate.State.SUBMITTED, round__state=UpdateRound.State.OPEN
        ).select_related("round", "indicator", "area", "organisation")
        if filters.county:
            qs = qs.filter(area__code=filters.county)
        sections.append(
            review_section(
                qs.order_by("updated_at"),
                lambda u: (
                    _("Indicator update: %(indicator)s – %(area)s (%(round)s)")
                    % {"indicator": u.indicator.name, "area": u.area.name, "round": u.round}
                ),
            )
        )
    return sections


def calendar_entries(start: Any, end: Any) -> list[Any]:
    """Indicator rounds' deadlines, from the rounds themselves."""
    from django.urls import reverse as url_for

    from rus.calendar.registry import Entry
    from rus.indicators.models import UpdateRound

    return [
        Entry(
            uid=f"indicators-{rnd.year}-{rnd.season}",
            title=_("Indicator update %(round)s: last day") % {"round": str(rnd)},
            day=rnd.deadline,
            category="deadline",
            url=url_for("indicators:rounds"),
            kind=f"indicators.{rnd.season}",
        )
        for rnd in UpdateRound.objects.filter(deadline__range=(start, end))
    ]
