"""May this user see or change this? The one place that answers.

Views and API endpoints fetch organisation-owned objects only through the ``get_*`` helpers
here. An object the user may not see is reported as missing (404) so that its existence is
not revealed; one the user may see but not change is forbidden (403).

Organisations are read through the app registry rather than imported: the organisations
app, above this one, uses these helpers for its own pages.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from rus.accounts.models import Membership, User

# An organisation, typed loosely: this module does not import the organisations app.
Organisation = Any

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)

_NATIONAL_ROLES = (Membership.Role.ADMINISTRATOR, Membership.Role.REVIEWER)


def _organisations() -> QuerySet[Any]:
    return apps.get_model("organisations", "Organisation")._default_manager.select_related("area")


def _roles(user: AnyUser) -> dict[int, str]:
    """Organisation id → role, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached: dict[int, str] | None = getattr(user, "_rus_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        setattr(user, "_rus_roles", cached)  # noqa: B010  (per-request cache)
    return cached


def is_administrator(user: AnyUser) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return Membership.Role.ADMINISTRATOR in _roles(user).values()


def is_reviewer(user: AnyUser) -> bool:
    return Membership.Role.REVIEWER in _roles(user).values()


def has_national_view(user: AnyUser) -> bool:
    return is_administrator(user) or any(r in _NATIONAL_ROLES for r in _roles(user).values())


def public_organisations() -> QuerySet[Any]:
    """Every organisation's profile (name, kind, area, website, functional e-mail and
    description) is public, on pages and in the API alike: who takes part in the follow-up
    is public information. The people behind it (contacts) and an organisation's unpublished
    work are not; ``can_view_organisation`` guards those."""
    return _organisations()


def get_public_organisation(pk: Any) -> Organisation:
    organisation = public_organisations().filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return has_national_view(user) or organisation.pk in _roles(user)


def can_change_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if is_administrator(user):
        return True
    return _roles(user).get(organisation.pk) == Membership.Role.COORDINATOR


def visible_organisations(user: AnyUser) -> QuerySet[Any]:
    qs = _organisations()
    if has_national_view(user):
        return qs
    return qs.filter(pk__in=list(_roles(user)))


def _check(user: AnyUser, organisation: Organisation, write: bool) -> None:
    if not can_view_organisation(user, organisation):
        raise Http404("No such organisation")
    if write and not can_change_organisation(user, organisation):
        raise PermissionDenied("Read-only access")


def get_organisation(user: AnyUser, pk: Any, *, write: bool = False) -> Organisation:
    organisation = _organisations().filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation")
    _check(user, organisation, write)
    return organisation


def get_owned(
    user: AnyUser,
    queryset: QuerySet[M],
    pk: Any,
    *,
    write: bool = False,
    owner: Callable[[M], Organisation] = lambda obj: getattr(obj, "organisation"),  # noqa: B009
) -> M:
    """An object that belongs to an organisation (an assessment, an indicator update, a
    contact, a measure …), if the user may see it, and change it when ``write``."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("No such object")
    _check(user, owner(obj), write)
    return obj


def can_review(user: AnyUser) -> bool:
    return is_administrator(user) or is_reviewer(user)


def can_edit_item(user: AnyUser, item: Any) -> bool:
    """Whether the user writes for the organisation that owns a reviewable record."""
    return can_change_organisation(user, item.workflow_organisation)


def can_review_item(user: AnyUser, item: Any) -> bool:
    """Whether the user reviews the record: RUS's reviewers, or, for records reviewed within
    an organisation (an actor's report to its county board), that organisation's
    coordinators."""
    reviewer = item.review_organisation
    if reviewer is None:
        return can_review(user)
    return can_change_organisation(user, reviewer)


def acting_user(user: AnyUser) -> User:
    """The logged-in user behind a request that login_required has already let through."""
    if not isinstance(user, User):
        raise PermissionDenied("Log in first")
    return user


def require_administrator(user: AnyUser) -> None:
    if not user.is_authenticated:
        raise Http404
    if not is_administrator(user):
        raise PermissionDenied("Administrators only")
