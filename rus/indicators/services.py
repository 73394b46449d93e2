"""Changes to indicator data. The UI, the commands and the importers all come through here."""

import os
import socket
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from rus.accounts.models import User
from rus.areas.models import Area
from rus.indicators import ingest
from rus.indicators.imports import ColumnMapping, Row
from rus.indicators.ingest import Plan, Progress
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.lib.caching import bump_data_version
from rus.lib.tabular import SourceError, Table

CHUNK = 5000
Key = tuple[int, int, str, str, str]


def area_codes() -> dict[str, int]:
    return dict(Area.objects.values_list("code", "id"))


def indicator_codes() -> dict[str, int]:
    return dict(Indicator.objects.values_list("code", "id"))


def _check(
    stage: ingest.Stage, table: Table, indicator: Indicator | None, progress: Progress
) -> Plan:
    stage.load(table, progress)
    progress("checking", stage.plan.rows)
    plan = stage.check(
        indicators=indicator_codes(),
        areas=area_codes(),
        fixed=indicator.pk if indicator else None,
    )
    return plan


def plan_import(
    table: Table,
    mapping: ColumnMapping,
    *,
    indicator: Indicator | None = None,
    progress: Progress = ingest.no_progress,
) -> Plan:
    """What importing ``table`` would do, with every problem; nothing is stored."""
    with ingest.Stage(mapping) as stage:
        plan = _check(stage, table, indicator, progress)
        return stage.compare() if plan.ok else plan


def _store(
    stage: ingest.Stage,
    *,
    kind: str,
    source: str,
    indicator: Indicator | None,
    user: User | None,
    public: bool = True,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Compare and write a checked stage as one batch: all of it or, on any error, nothing."""
    with transaction.atomic():
        plan = stage.lock_and_compare()
        if batch is None:
            batch = ImportBatch(kind=kind, indicator=indicator)
        batch.source, batch.created_by = source[:500], user
        batch.state, batch.errors = ImportBatch.State.STORED, []
        batch.rows, batch.created = plan.rows, plan.created
        batch.revised, batch.unchanged = plan.revised, plan.unchanged
        batch.save()
        stage.store(batch.pk, public=public)
        if public and (plan.created or plan.revised):
            bump_data_version()
    return batch


def record_rejection(
    plan: Plan,
    *,
    kind: str,
    source: str,
    indicator: Indicator | None,
    user: User | None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    if batch is None:
        batch = ImportBatch(kind=kind, indicator=indicator)
    batch.source, batch.created_by = source[:500], user
    batch.state, batch.rows = ImportBatch.State.REJECTED, plan.rows
    batch.errors = problem_list(plan)
    batch.save()
    return batch


def problem_list(plan: Plan) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = [
        {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
        for p in plan.problems
    ]
    if plan.more_problems:
        listed.append({"more": plan.more_problems})
    return listed


def import_table(
    table: Table,
    mapping: ColumnMapping,
    *,
    indicator: Indicator | None = None,
    user: User | None = None,
    kind: str = ImportBatch.Kind.FILE,
    dry_run: bool = False,
    public: bool = True,
    progress: Progress = ingest.no_progress,
    batch: ImportBatch | None = None,
) -> tuple[Plan, ImportBatch | None]:
    """Check ``table`` and, when it has no problem and this is no dry run, store it.

    A file with problems is recorded as a rejected batch and stores nothing."""
    with ingest.Stage(mapping) as stage:
        plan = _check(stage, table, indicator, progress)
        if not plan.ok:
            return plan, record_rejection(
                plan, kind=kind, source=table.label, indicator=indicator, user=user, batch=batch
            )
        if dry_run:
            return stage.compare(), None
        progress("storing", plan.rows)
        done = _store(
            stage,
            kind=kind,
            source=table.label,
            indicator=indicator,
            user=user,
            public=public,
            batch=batch,
        )
        progress("stored", plan.created + plan.revised)
        return plan, done


# --- derived values ------------------------------------------------------------------


@dataclass(frozen=True)
class Discrepancy:
    area: str
    period: str
    gender: str
    dimensions: str
    stored: float
    summed: float

    @property
    def relative(self) -> float:
        return abs(self.stored - self.summed) / max(abs(self.stored), 1e-12)


def _children_sums(indicator: Indicator, level: str) -> tuple[dict[Key, float], dict[int, int]]:
    """Sum the current values of areas at ``level`` into their parents.

    Only parents whose every child has a value for the key are returned, so that a
    missing municipality never passes for a low county total.
    """
    children = dict(Area.objects.filter(level=level).values_list("id", "parent_id"))
    expected: dict[int, int] = defaultdict(int)
    for parent in children.values():
        expected[parent] += 1
    sums: dict[Key, float] = defaultdict(float)
    counts: dict[Key, int] = defaultdict(int)
    qs = Observation.objects.filter(
        indicator=indicator, is_current=True, area__level=level, value__isnull=False
    ).values_list("area_id", "period", "gender", "dimensions", "value")
    for area_id, period, gender, dims, value in qs.iterator(chunk_size=CHUNK):
        key = (indicator.pk, children[area_id], period, gender, dims)
        sums[key] += value or 0.0
        counts[key] += 1
    complete = {k: v for k, v in sums.items() if counts[k] == expected[k[1]]}
    return complete, expected


def check_aggregation(
    indicator: Indicator, *, rounding: float = 0.005, relative: float = 1e-6
) -> list[Discrepancy]:
    """Counties whose stored value differs from the sum of their municipalities.

    Sources publish values rounded to a fixed number of decimals, so a sum of n children may
    be off by up to n × half a unit of the last decimal (``rounding``) without any error; a
    difference within ``relative`` of the stored value is also taken as rounding at the source.
    """
    sums, expected = _children_sums(indicator, Area.Level.MUNICIPALITY)
    codes = dict(Area.objects.values_list("id", "code"))
    stored: dict[Key, float] = {
        (indicator.pk, a, p, g, d): v or 0.0
        for a, p, g, d, v in Observation.objects.filter(
            indicator=indicator, is_current=True, area__level=Area.Level.COUNTY, value__isnull=False
        ).values_list("area_id", "period", "gender", "dimensions", "value")
    }
    found = []
    for key, summed in sorted(sums.items()):
        if key in stored:
            d = Discrepancy(codes[key[1]], key[2], key[3], key[4], stored[key], summed)
            if (
                abs(d.stored - d.summed) > expected[key[1]] * rounding + 1e-9
                and d.relative > relative
            ):
                found.append(d)
    return found


def aggregate_up(indicator: Indicator, *, user: User | None = None) -> ImportBatch | None:
    """Fill in counties (from municipalities) and Sweden (from counties) where missing."""
    if not indicator.additive:
        return None
    rows: list[Row] = []
    for level in (Area.Level.MUNICIPALITY, Area.Level.COUNTY):
        sums, _expected = _children_sums(indicator, level)
        existing = set(
            Observation.objects.filter(
                indicator=indicator, is_current=True, area_id__in={k[1] for k in sums}
            ).values_list("area_id", "period", "gender", "dimensions")
        )
        for (ind, area, period, gender, dims), value in sums.items():
            if (area, period, gender, dims) not in existing:
                rows.append(Row(0, ind, area, period, int(period[:4]), gender, dims, value, "", ""))
        if level == Area.Level.MUNICIPALITY and rows:
            # Counties filled in here feed the national sum below.
            store_rows(
                rows,
                kind=ImportBatch.Kind.AGGREGATE,
                indicator=indicator,
                user=user,
                source="aggregate: municipalities → counties",
            )
            rows = []
    if rows:
        return store_rows(
            rows,
            kind=ImportBatch.Kind.AGGREGATE,
            indicator=indicator,
            user=user,
            source="aggregate: counties → Sweden",
        )
    return None


def store_rows(
    rows: list[Row], *, kind: str, source: str, indicator: Indicator | None, user: User | None
) -> ImportBatch:
    """Store rows made by rus itself (sums, ratios, round values) as one batch."""
    with ingest.Stage() as stage:
        stage.load_rows(rows)
        return _store(stage, kind=kind, source=source, indicator=indicator, user=user)


def headline_values(indicator: Indicator) -> dict[tuple[int, str], float]:
    """The current headline value (no breakdown, both genders) by (area id, period)."""
    return {
        (a, p): v or 0.0
        for a, p, v in Observation.objects.filter(
            indicator=indicator, is_current=True, dimensions="", gender="T", value__isnull=False
        ).values_list("area_id", "period", "value")
    }


def derive_ratio(
    target: Indicator,
    numerator: Indicator,
    denominator: Indicator,
    *,
    factor: float = 1,
    user: User | None = None,
) -> ImportBatch:
    """target = factor × numerator / denominator for each headline area and period both
    have (``factor`` 100 for a share in per cent)."""
    top, bottom = headline_values(numerator), headline_values(denominator)
    scale = "" if factor == 1 else f"{factor} × "
    rows = [
        Row(
            0,
            target.pk,
            area,
            period,
            int(period[:4]),
            "T",
            "",
            factor * top[(area, period)] / value,
            "",
            "",
        )
        for (area, period), value in sorted(bottom.items())
        if (area, period) in top and value
    ]
    return store_rows(
        rows,
        kind=ImportBatch.Kind.DERIVED,
        indicator=target,
        user=user,
        source=f"derived: {scale}{numerator.code} / {denominator.code}",
    )


# --- imports uploaded through the pages ------------------------------------------------


def upload_start(*, indicator: Indicator, upload: Any, user: User) -> ImportBatch:
    """Keep an uploaded file as a pending import until its columns are mapped."""
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.FILE,
        state=ImportBatch.State.DRY_RUN,
        source=upload.name[:500],
        indicator=indicator,
        created_by=user,
        upload=upload,
    )


def pending_table(batch: ImportBatch) -> Table:
    from pathlib import Path

    from rus.lib.tabular import open_table

    return open_table(Path(batch.upload.path), batch.source)


def upload_request(
    *, batch: ImportBatch, mapping: ColumnMapping, job: str, user: User
) -> ImportBatch:
    """Check or store a pending upload with its mapping: at once when the file is small,
    else by the task worker, which reports its progress on the batch."""
    from rus.indicators import tasks

    batch.mapping, batch.job, batch.created_by = asdict(mapping), job, user
    batch.phase, batch.progress, batch.failure = ImportBatch.Phase.QUEUED, 0, ""
    batch.errors, batch.sample = [], []
    batch.save()
    language = translation.get_language()
    if batch.upload.size <= settings.RUS_IMPORT_INLINE_BYTES:
        run_upload(batch.pk, language)
    else:
        tasks.run_upload.enqueue(batch.pk, language)
    batch.refresh_from_db()
    return batch


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def run_upload(batch_id: int, language: str | None = None) -> None:
    """The job asked for on an upload; what it finds is kept on the batch, in the language of
    whoever asked for it."""
    # Claimed in one statement: a second request or worker for the same job finds it taken.
    claimed = ImportBatch.objects.filter(pk=batch_id, phase=ImportBatch.Phase.QUEUED).update(
        phase=ImportBatch.Phase.READING, worker=_worker_name(), updated_at=timezone.now()
    )
    if not claimed:
        return  # taken or done already, by another worker or before a restart
    with translation.override(language or settings.LANGUAGE_CODE):
        _run_upload(ImportBatch.objects.select_related("indicator", "created_by").get(pk=batch_id))


def _run_upload(batch: ImportBatch) -> None:

    def progress(phase: str, rows: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            phase=phase if phase in ImportBatch.Phase.values else ImportBatch.Phase.STORING,
            progress=rows,
            updated_at=timezone.now(),
        )

    mapping = ColumnMapping(**batch.mapping)
    try:
        table = pending_table(batch)
        if batch.job == ImportBatch.Job.STORE:
            plan, _done = import_table(
                table,
                mapping,
                indicator=batch.indicator,
                user=batch.created_by,
                progress=progress,
                batch=batch,
            )
        else:
            plan = plan_import(table, mapping, indicator=batch.indicator, progress=progress)
    except SourceError as exc:
        batch.phase = ImportBatch.Phase.FAILED
        batch.errors = problem_list(Plan(problems=exc.problems, problem_count=len(exc.problems)))
        batch.save()
        return
    except Exception:
        # Whatever it was is logged by the worker; the page must not wait for ever.
        ImportBatch.objects.filter(pk=batch.pk).update(
            phase=ImportBatch.Phase.FAILED,
            failure=gettext("The job stopped on an unexpected error. Nothing was stored."),
        )
        raise
    batch.rows, batch.created, batch.revised = plan.rows, plan.created, plan.revised
    batch.unchanged, batch.errors = plan.unchanged, problem_list(plan)
    batch.sample = [asdict(r) for r in plan.sample]
    batch.phase, batch.progress = ImportBatch.Phase.DONE, plan.rows
    batch.save()


def notice_interrupted(batch: ImportBatch) -> ImportBatch:
    """A job whose worker on this machine is gone stopped midway: say so. Nothing of it was
    stored (the store is one transaction), and it can be started again."""
    host, _sep, pid = batch.worker.rpartition(":")
    if batch.phase in ImportBatch.RUNNING and host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            batch.phase = ImportBatch.Phase.FAILED
            batch.failure = gettext(
                "The worker stopped in the middle of the job. Nothing of it was stored; "
                "start it again."
            )
            batch.save(update_fields=["phase", "failure", "updated_at"])
        except PermissionError:
            pass
    return batch


def describe(plan: Plan, batch: ImportBatch | None, *, dry_run: bool) -> str:
    """One line for a command's output: what an import did or would do."""
    counts = f"{plan.created} new, {plan.revised} revised, {plan.unchanged} unchanged"
    verb = "would be" if dry_run else "were"
    return f"{counts} values {verb} stored" + (f" (batch {batch.pk})." if batch else ".")
