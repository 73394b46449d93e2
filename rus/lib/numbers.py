"""The one definition of a number in rus: how people may type one, and how one is shown.

Input is accepted the way Swedish and English users write numbers: a decimal comma or a
decimal point, thousands grouped with a space, a no-break space or a narrow no-break space
(never with a comma or a point, which would make "1,350" ambiguous), an optional sign (also
the typographic minus), and an exponent. Forms, file imports and commands all parse through
``parse_decimal``; pages, charts and exports all format through ``format_number``.
"""

import math
import re
from decimal import Decimal

from django.utils.translation import get_language

_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_MINUS = "\u2212"
# Grouping is only allowed in groups of three digits after the first group.
_GROUPED = re.compile(r"[+\-\u2212]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d*)?", re.ASCII)


def _literal(raw: str) -> str | None:
    """``raw`` as a plain literal with a point ("-1350000.5"), or None when it is not one
    number."""
    text = raw.strip()
    if not text:
        return None
    if (" " in text or "\u00a0" in text or "\u202f" in text or "\u2009" in text) and (
        not _GROUPED.fullmatch(text)
    ):
        return None
    cleaned = text.translate(_GROUPING)
    if cleaned[:1] == _MINUS:
        cleaned = "-" + cleaned[1:]
    if not _NUMBER.fullmatch(cleaned):
        return None
    return cleaned.replace(",", ".")


def parse_decimal(raw: str) -> Decimal | None:
    """The number in ``raw``, or None when it is not one number (never raises)."""
    literal = _literal(raw)
    if literal is None:
        return None
    value = Decimal(literal)
    if abs(value.adjusted()) > 300:
        return None
    return value


def parse_number(raw: str) -> float | None:
    """As ``parse_decimal``, as a float; None also for a value no float can hold."""
    literal = _literal(raw)
    if literal is None:
        return None
    number = float(literal)
    return number if math.isfinite(number) and (number != 0 or _is_zero(literal)) else None


def _is_zero(literal: str) -> bool:
    mantissa = literal.lower().split("e", 1)[0]
    return mantissa.strip("+-0.") == ""


def _is_english(language: str | None) -> bool:
    return (language or get_language() or "sv")[:2] == "en"


def default_decimals(value: float) -> int:
    magnitude = abs(value)
    return 0 if magnitude >= 100 else 2 if magnitude >= 1 else 4 if magnitude > 0 else 0


def format_number(
    value: float | Decimal | int | None,
    decimals: int | None = None,
    *,
    language: str | None = None,
    empty: str = "–",
) -> str:
    """``value`` the way the reader's language writes it: "1 350 000,5" in Swedish (narrow
    no-break spaces, decimal comma, typographic minus), "1,350,000.5" in English."""
    if value is None:
        return empty
    if isinstance(value, float) and not math.isfinite(value):
        return empty
    if decimals is None:
        decimals = default_decimals(float(value))
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "−0"
    if _is_english(language):
        return text
    return text.replace(",", "\u202f").replace(".", ",").replace("-", _MINUS)


def format_plain(value: float | Decimal | int | None, decimals: int | None = None) -> str:
    """A number for a machine-readable file: a point, no grouping, nothing lost."""
    if value is None:
        return ""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def percent(part: int, whole: int) -> int | None:
    """A share in whole per cent, rounded half up, as RUS publishes them (12.5 → 13; Python's
    ``round`` would give 12). In integers, so no binary fraction can tip it. None for no base."""
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


# --- the same definition in SQL, for imports validated by the database -------------------

# What str.strip() removes: every character Python counts as white space.
_STRIPPED = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def postgres_function_sql() -> str:
    """``rus_number(text)``: ``parse_number`` as a PostgreSQL function, so that a file
    imported by set operations accepts and refuses exactly what the form does.

    Plain numbers (digits, at most one point, a leading minus; 30 characters at most, so
    that no float overflows) take an inlined cast, tested with translate() because a regular
    expression per row costs four times as much; the rest goes through the full rules, where
    a value no float can hold is refused as Python refuses it.
    """
    spaces = " \u00a0\u202f\u2009"
    grouped = f"^[+\\-\u2212]?[0-9]{{1,3}}([{spaces}][0-9]{{3}})+([.,][0-9]*)?$"
    literal = "^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$"
    minus, stripped = _sql_text(_MINUS), _sql_text(_STRIPPED)
    has_space, spaces_sql = _sql_text(f"[{spaces}]"), _sql_text(spaces)
    return f"""
CREATE OR REPLACE FUNCTION rus_number_full(raw text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
  t text := btrim(raw, {stripped});
  c text;
  n double precision;
BEGIN
  IF t = '' THEN RETURN NULL; END IF;
  IF t ~ {has_space} AND t !~ {_sql_text(grouped)} THEN RETURN NULL; END IF;
  c := translate(t, {spaces_sql}, '');
  IF left(c, 1) = {minus} THEN c := '-' || substr(c, 2); END IF;
  IF c !~ {_sql_text(literal)} THEN RETURN NULL; END IF;
  BEGIN
    n := replace(c, ',', '.')::double precision;
  EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN NULL;
  END;
  RETURN n;
END
$fn$;
CREATE OR REPLACE FUNCTION rus_number(raw text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE
    WHEN length(raw) <= 30
     AND length(raw) > length(translate(raw, '0123456789', ''))
     AND (translate(raw, '0123456789', '') IN ('', '.')
          OR (translate(raw, '0123456789', '') IN ('-', '-.') AND left(raw, 1) = '-'))
    THEN raw::double precision
    ELSE rus_number_full(raw) END
$fn$;
"""


def register_sqlite_function(connection: object) -> None:
    """``rus_number(text)`` on a SQLite connection: ``parse_number`` itself."""
    connection.create_function("rus_number", 1, parse_number, deterministic=True)  # type: ignore[attr-defined]
