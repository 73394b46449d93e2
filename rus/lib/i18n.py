from django.utils.translation import get_language


def pick_language(sv: str, en: str) -> str:
    """The text in the active language, falling back to the other one when it is missing."""
    if (get_language() or "sv")[:2] == "en":
        return en or sv
    return sv or en
