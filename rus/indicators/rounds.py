"""The spring and autumn update rounds: open, update, submit, review, publish.

Values entered in a round are kept apart from the published observations until the round
is published; publication then stores every approved value through the ordinary import path,
as one batch, so that the public pages never show half a round.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from rus.accounts.models import User
from rus.areas.models import Area
from rus.indicators import services
from rus.indicators.imports import PERIOD, Row
from rus.indicators.models import ImportBatch, Indicator, IndicatorUpdate, RoundValue, UpdateRound
from rus.lib.concurrency import claim_or_refuse
from rus.organisations.models import Organisation


@dataclass(frozen=True)
class EnteredValue:
    period: str
    value: float | None
    flag: str = ""


def _state_error(message: "str | StrPromise") -> ValidationError:
    return ValidationError(message, code="state")


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
    return rnd


def _claim(update: IndicatorUpdate, expected_version: int) -> None:
    claim_or_refuse(
        update,
        expected_version,
        _(
            "Someone else saved this update while you were editing. "
            "Nothing was saved; compare and save again."
        ),
    )


@transaction.atomic
def update_save(
    *, update: IndicatorUpdate, comment: str, values: list[EnteredValue], expected_version: int
) -> IndicatorUpdate:
    if not update.editable:
        raise _state_error(_("This update can no longer be changed."))
    for entered in values:
        if not PERIOD.match(entered.period):
            raise ValidationError(
                _("%(value)r is not a period.") % {"value": entered.period}, code="period"
            )
    _claim(update, expected_version)
    update.comment = comment
    update.save(update_fields=["comment", "version"])
    update.values.all().delete()
    RoundValue.objects.bulk_create(
        RoundValue(update=update, period=v.period, value=v.value, flag=v.flag) for v in values
    )
    return update


def _move(
    update: IndicatorUpdate, expected_version: int, allowed: tuple[str, ...], to: str, **fields: str
) -> IndicatorUpdate:
    if update.round.state != UpdateRound.State.OPEN or update.state not in allowed:
        raise _state_error(
            _("The update is %(state)s and cannot be moved that way.")
            % {"state": update.get_state_display()}
        )
    _claim(update, expected_version)
    update.state = to
    for name, value in fields.items():
        setattr(update, name, value)
    update.save(update_fields=["state", "version", *fields])
    return update


@transaction.atomic
def update_submit(*, update: IndicatorUpdate, expected_version: int) -> IndicatorUpdate:
    states = (IndicatorUpdate.State.DRAFT, IndicatorUpdate.State.RETURNED)
    return _move(update, expected_version, states, IndicatorUpdate.State.SUBMITTED)


@transaction.atomic
def update_return(*, update: IndicatorUpdate, expected_version: int, note: str) -> IndicatorUpdate:
    if not note.strip():
        raise ValidationError(_("Say what needs to change when returning an update."), code="note")
    return _move(
        update,
        expected_version,
        (IndicatorUpdate.State.SUBMITTED,),
        IndicatorUpdate.State.RETURNED,
        review_note=note,
    )


@transaction.atomic
def update_approve(*, update: IndicatorUpdate, expected_version: int) -> IndicatorUpdate:
    return _move(
        update,
        expected_version,
        (IndicatorUpdate.State.SUBMITTED,),
        IndicatorUpdate.State.APPROVED,
        review_note="",
    )


@transaction.atomic
def round_publish(*, rnd: UpdateRound, user: User) -> ImportBatch | None:
    """Store every approved value as a published observation; the round then closes."""
    locked = UpdateRound.objects.select_for_update().get(pk=rnd.pk)
    if locked.state != UpdateRound.State.OPEN:
        raise _state_error(_("The round is already published."))
    rows = [
        Row(
            0,
            value.update.indicator_id,
            value.update.area_id,
            value.period,
            int(value.period[:4]),
            "T",
            "",
            value.value,
            value.flag,
            "",
        )
        for value in RoundValue.objects.filter(
            update__round=rnd, update__state=IndicatorUpdate.State.APPROVED
        ).select_related("update")
    ]
    batch = None
    if rows:
        batch = services.store_rows(
            rows,
            kind=ImportBatch.Kind.MANUAL,
            source=f"update round {rnd}",
            indicator=None,
            user=user,
        )
    locked.state = UpdateRound.State.PUBLISHED
    locked.published_at = timezone.now()
    locked.batch = batch
    locked.save(update_fields=["state", "published_at", "batch"])
    rnd.refresh_from_db()
    return batch
