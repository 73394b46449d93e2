"""Every e-mail is rendered from templates ``emails/<name>-subject.txt`` and ``-body.txt``."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def make_message(name: str, to: list[str], context: dict[str, Any]) -> EmailMessage:
    subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
    body = render_to_string(f"emails/{name}-body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
