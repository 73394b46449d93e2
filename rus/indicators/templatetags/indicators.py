from django import template

from rus.indicators.models import Observation

register = template.Library()


@register.filter
def flag_label(flag: str) -> str:
    """The status of a value in words ("preliminär"); empty for a final value."""
    if not flag:
        return ""
    try:
        return str(Observation.Flag(flag).label).lower()
    except ValueError:
        return flag
