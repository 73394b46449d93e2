from decimal import Decimal

from django import template

from rus.lib.numbers import format_number

register = template.Library()


@register.filter
def num(value: float | Decimal | int | None, decimals: int | None = None) -> str:
    """A number the way the page's language writes it: ``{{ value|num }}``,
    ``{{ value|num:1 }}``."""
    if value == "" or value is None:
        return "–"
    return format_number(value, decimals)
