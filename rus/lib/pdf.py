"""Documents as PDF: render an HTML template, then convert it, in this one place."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return bytes(HTML(string=html).write_pdf())
