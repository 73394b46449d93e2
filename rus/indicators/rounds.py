"""The spring and autumn update rounds: open, update, submit, review, publish.

Values entered in a round are kept apart from the published observations until the round
is published; publication then stores every approved value through the ordinary import path,
as one batch, so that the public pages never show half a round. Updates go through the shared
review workflow (``rus.workflow``).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rus.accounts.models import User
from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.imports import Row
from rus.indicators.models import (
    PERIOD,
    ImportBatch,
    Indicator,
    IndicatorUpdate,
    RoundValue,
    UpdateRound,
)
from rus.organisations.models import Organisation
from rus.workflow import services as workflow


@dataclass(frozen=True)
class EnteredValue:
    period: str
    value: float | None
    flag: str = ""


@transaction.atomic
def round_open(*, year: int, season: str, deadline: date, user: User) -> UpdateRound:
    """Open a round with one update per county board and county-level indicator."""
    if UpdateRound.objects.filter(year=year, season=season).exists():
        raise ValidationError(
            _("There is already a round for that season and year."), code="duplicate"
        )
    rnd = UpdateRound.objects.create(year=year, season=season, deadline=deadline, opened_by=user)
    boards = Organisation.objects.filter(
        kind=Organisation.Kind.COUNTY_BOARD, area__level=Area.Level.COUNTY
    )
    indicators = [i for i in Indicator.objects.all() if "county" in (i.area_levels or [])]
    IndicatorUpdate.objects.bulk_create(
        IndicatorUpdate(round=rnd, indicator=indicator, organisation=board, area_id=board.area_id)
        for board in boards
        for indicator in indicators
    )
    workflow.record_first_versions(
        list(rnd.updates.select_related("round", "indicator", "area")), user
    )
    return rnd


def _content(comment: str, values: list[EnteredValue]) -> dict[str, object]:
    for entered in values:
        if not PERIOD.match(entered.period):
            raise ValidationError(
                _("%(value)r is not a period.") % {"value": entered.period}, code="period"
            )
    return {"comment": comment, "values": values}


def update_save(
    *,
    update: IndicatorUpdate,
    comment: str,
    values: list[EnteredValue],
    expected_version: int,
    user: User,
) -> IndicatorUpdate:
    workflow.save(
        item=update, data=_content(comment, values), expected_version=expected_version, user=user
    )
    return update


def update_save_and_submit(
    *,
    update: IndicatorUpdate,
    comment: str,
    values: list[EnteredValue],
    expected_version: int,
    user: User,
) -> IndicatorUpdate:
    data = _content(comment, values)
    if not values:
        raise ValidationError(_("Enter at least one value before submitting."), code="incomplete")
    workflow.save_and_submit(item=update, data=data, expected_version=expected_version, user=user)
    return update


@dataclass
class PublishPreview:
    round: UpdateRound
    counts: dict[str, int]
    approved_values: int
    before_deadline: bool

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.counts.get(s.value, 0)) for s in IndicatorUpdate.State]

    @property
    def left_out(self) -> int:
        return sum(n for s, n in self.counts.items() if s not in ("approved", "published"))


def publish_preview(rnd: UpdateRound, today: date) -> PublishPreview:
    counts = dict(rnd.updates.values_list("state").annotate(n=Count("pk")))
    values = RoundValue.objects.filter(
        update__round=rnd, update__state=IndicatorUpdate.State.APPROVED
    ).count()
    return PublishPreview(rnd, counts, values, today <= rnd.deadline)


@transaction.atomic
def round_publish(
    *, rnd: UpdateRound, user: User, reason: str = "", today: date | None = None
) -> ImportBatch | None:
    """Store every approved value as a published observation, through the import path as
    one batch; the round then closes. Before the deadline only with a reason."""
    stored: list[ImportBatch] = []

    def store(locked: UpdateRound, approved: list[Any]) -> None:
        rows = [
            Row(
                0,
                v.update.indicator_id,
                v.update.area_id,
                v.period,
                int(v.period[:4]),
                "T",
                "",
                v.value,
                v.flag,
                "",
            )
            for v in RoundValue.objects.filter(update__in=approved).select_related("update")
        ]
        if rows:
            stored.append(
                services.store_rows(
                    rows,
                    kind=ImportBatch.Kind.MANUAL,
                    source=f"update round {locked}",
                    indicator=None,
                    user=user,
                )
            )
            locked.batch = stored[0]
            locked.save(update_fields=["batch"])

    workflow.publish_round(rnd=rnd, user=user, reason=reason, today=today, before=store)
    return stored[0] if stored else None
