"""Personal links for people without an account: an actor reporting on a measure, a survey
invitee, a newsletter reader who wants to leave a list.

A link carries, signed with the project's secret key, what it is for (``purpose``), whom or
what it is about (``subject``, e.g. ``"contact:12"``), when it expires and the version of the
links for that purpose and subject. Revoking bumps the version, so every earlier link for
that subject stops working while a new one can be made at once. Nothing about the person is
in the link but the subject's id; the signature makes it unforgeable.

A link that cannot be opened is never an error page: ``problem_page`` says why and what to
do (ask for a new link, use the latest one, copy the whole address).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rus.lib.models import LinkVersion

SALT = "rus.lib.links"


class LinkProblem(Exception):
    """Why a link does not open: ``tampered``, ``expired`` or ``revoked``."""

    def __init__(self, reason: str, *, expired_at: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.expired_at = expired_at


@dataclass(frozen=True)
class Link:
    purpose: str
    subject: str
    expires_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


def current_version(purpose: str, subject: str) -> int:
    row = LinkVersion.objects.filter(purpose=purpose, subject=subject).values("version").first()
    return int(row["version"]) if row else 1


def make(
    purpose: str,
    subject: str,
    *,
    days: float | None = None,
    expires: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> str:
    """A token for a personal link; give ``days`` it stays valid or the moment it ``expires``."""
    if expires is None:
        if days is None:
            raise ValueError("a personal link needs an expiry")
        expires = timezone.now() + timedelta(days=days)
    payload = {
        "p": purpose,
        "s": subject,
        "v": current_version(purpose, subject),
        "e": int(expires.timestamp()),
    }
    if data:
        payload["d"] = data
    return signing.dumps(payload, salt=SALT, compress=True)


def read(token: str, purpose: str) -> Link:
    """The link behind ``token``, if it was made by rus for ``purpose`` and still holds."""
    try:
        payload = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkProblem("tampered") from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise LinkProblem("tampered")
    try:
        subject, version = str(payload["s"]), int(payload["v"])
        expires = datetime.fromtimestamp(int(payload["e"]), tz=UTC)
    except (KeyError, TypeError, ValueError):
        raise LinkProblem("tampered") from None
    if expires <= timezone.now():
        raise LinkProblem("expired", expired_at=expires)
    if version != current_version(purpose, subject):
        raise LinkProblem("revoked")
    data = payload.get("d") or {}
    return Link(purpose, subject, expires, data if isinstance(data, dict) else {})


@transaction.atomic
def revoke(purpose: str, subject: str) -> None:
    """Stop every link made so far for ``purpose`` and ``subject``."""
    row, created = LinkVersion.objects.get_or_create(
        purpose=purpose, subject=subject, defaults={"version": 2, "revoked_at": timezone.now()}
    )
    if not created:
        LinkVersion.objects.filter(pk=row.pk).update(
            version=F("version") + 1, revoked_at=timezone.now()
        )


def forget(subject_prefix: str) -> int:
    """Drop the revocation records of subjects that no longer exist (after erasure)."""
    deleted, _ = LinkVersion.objects.filter(subject__startswith=subject_prefix).delete()
    return deleted


STATUS = {"tampered": 400, "expired": 410, "revoked": 410}


def problem_page(
    request: HttpRequest,
    problem: LinkProblem,
    *,
    what: str,
    ask: str = "",
) -> HttpResponse:
    """The page a person sees when a personal link does not open: why, and what to do.
    ``what`` names what the link was for ("ditt svar på enkäten …"); ``ask`` says whom to
    ask for a new one."""
    ctx = {"problem": problem, "what": what, "ask": ask}
    return render(request, "links/problem.html", ctx, status=STATUS[problem.reason])
