"""An account's part of a GDPR request (registered with ``rus.lib.personal``)."""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session

from rus.accounts.models import Membership, User
from rus.lib import personal


def _users(person: personal.Person) -> list[User]:
    ids = [int(p[5:]) for p in person.persons if p.startswith("user:")]
    return list(User.objects.filter(pk__in=ids))


def export_person(person: personal.Person) -> list[dict[str, Any]]:
    return [
        {
            "username": u.username,
            "name": u.get_full_name(),
            "email": u.email,
            "language": u.language,
            "date_joined": u.date_joined.isoformat(),
            "last_login": u.last_login.isoformat() if u.last_login else None,
            "organisations": [
                {"organisation": m.organisation.name, "role": m.role}
                for m in Membership.objects.filter(user=u).select_related("organisation")
            ],
        }
        for u in _users(person)
    ]


def erase_person(person: personal.Person) -> int:
    """Close the account and take its identity away; what the person did (assessments they
    wrote, reviews) stays, signed by an anonymous account."""
    changed = 0
    for user in _users(person):
        old = user.username
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            changed += model.objects.filter(username=old).delete()[0]
        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
                changed += 1
        Membership.objects.filter(user=user).delete()
        user.username = f"raderad-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        changed += 1
    return changed
