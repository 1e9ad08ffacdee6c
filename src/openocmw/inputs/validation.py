"""Free text, names and dates: the limits every form, service and API call applies.

The windows and limits are stated here, once:

- a birth date lies between 1 January 1900 and today;
- a date of the OCMW's own work (a request, a visit, a meeting, a decision, a contract, an
  evaluation, a payment period) lies between 1 January 2000 and five years from today;
- a date of a person's history (a residence status, a household period, an address) lies
  between 1 January 1900 and five years from today;
- a name or other one-line text has at most 200 characters, a note or other free text at most
  10,000;
- text is normalised to Unicode NFC (``e`` + combining acute becomes ``é``), so that the same
  name is stored, searched and compared one way;
- a name, and any one-line text, may not contain control, format (zero-width, bidirectional
  override) or private-use characters, nor unpaired surrogates; free text may contain line
  breaks and tabs but no other control character and no bidirectional override.

A refusal is a ``ValidationError({field: message})`` whose message starts with the field's
label, in the user's language. Nothing is silently removed: the person who typed it decides.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

BIRTH_DATE_MIN = date(1900, 1, 1)
HISTORY_DATE_MIN = date(1900, 1, 1)
EVENT_DATE_MIN = date(2000, 1, 1)
FUTURE_YEARS = 5
NAME_MAX = 200
TEXT_MAX = 10_000

BIRTH, HISTORY, EVENT = "birth", "history", "event"

# Categories refused in names and one-line text: control, format (zero-width, bidi marks and
# overrides, soft hyphen, BOM), surrogates, private use, unassigned; line/paragraph separators.
_REFUSED_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # fmt: skip
_TEXT_ALLOWED_CONTROLS = frozenset("\n\r\t")


def _error(field: str, label, message: str, **params) -> ValidationError:
    text = message % {"field": label, **params}
    return ValidationError({field: ValidationError(capfirst(text), code="invalid")})


def date_window(kind: str, today: date | None = None) -> tuple[date, date]:
    """The first and last acceptable day for a date of this kind."""
    today = today or timezone.localdate()
    if kind == BIRTH:
        return BIRTH_DATE_MIN, today
    try:
        last = today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + FUTURE_YEARS, day=28)
    return (HISTORY_DATE_MIN if kind == HISTORY else EVENT_DATE_MIN), last


def check_date(value: date | None, *, kind: str, field: str, label) -> date | None:
    """``value`` if it lies in the window of its kind, else a ValidationError on ``field``."""
    if value is None:
        return None
    first, last = date_window(kind)
    if first <= value <= last:
        return value
    if kind == BIRTH and value > last:
        raise _error(field, label, _("%(field)s: the date lies in the future."))
    raise _error(
        field, label, _("%(field)s: the date must lie between %(first)s and %(last)s."),
        first=formats.date_format(first, "SHORT_DATE_FORMAT"),
        last=formats.date_format(last, "SHORT_DATE_FORMAT"),
    )  # fmt: skip


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def clean_name(value: str | None, *, field: str, label, max_length: int = NAME_MAX) -> str:
    """A name (or any one-line text): NFC, trimmed, no control/zero-width/bidi characters."""
    value = _nfc(value, field, label)
    bad = next((c for c in value if unicodedata.category(c) in _REFUSED_IN_NAMES), None)
    if bad is not None:
        raise _error(
            field, label,
            _("%(field)s: contains an invisible or control character (%(char)s); type it again without it."),  # noqa: E501
            char=_describe(bad),
        )  # fmt: skip
    return _limit(value.strip(), field, label, max_length)


def clean_text(value: str | None, *, field: str, label, max_length: int = TEXT_MAX) -> str:
    """Free text (a note, findings, a motivation): NFC, line breaks and tabs allowed, no other
    control character and no bidirectional override."""
    value = _nfc(value, field, label)
    for c in value:
        category = unicodedata.category(c)
        if (category == "Cc" and c not in _TEXT_ALLOWED_CONTROLS) or c in _BIDI_CONTROLS:
            raise _error(
                field, label,
                _("%(field)s: contains an invisible or control character (%(char)s); type it again without it."),  # noqa: E501
                char=_describe(c),
            )  # fmt: skip
    return _limit(value.strip(), field, label, max_length)


def _nfc(value, field, label) -> str:
    value = "" if value is None else str(value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no character at all
        raise _error(
            field, label, _("%(field)s: contains an invalid character; type it again.")
        ) from None
    return unicodedata.normalize("NFC", value)


def _limit(value: str, field, label, max_length: int) -> str:
    if len(value) > max_length:
        raise _error(
            field, label, _("%(field)s: at most %(max)s characters (now %(count)s)."),
            max=f"{max_length:,}".replace(",", "."), count=f"{len(value):,}".replace(",", "."),
        )  # fmt: skip
    return value


def gather(errors: dict, check, value, **kwargs):
    """``check(value, **kwargs)``; a refusal is added to ``errors`` (field -> list of messages,
    so that a service reports every field at once) and ``value`` is returned unchanged."""
    try:
        return check(value, **kwargs)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
        return value


def label_of(model, name: str):
    return model._meta.get_field(name).verbose_name


def check_model_names(errors: dict, model, data: dict, names) -> dict:
    """Check the one-line text ``names`` of ``data`` against ``model``'s labels and lengths;
    returns ``data`` with the normalised values."""
    out = dict(data)
    for name in names:
        if isinstance(data.get(name), str):
            field = model._meta.get_field(name)
            out[name] = gather(
                errors, clean_name, data[name], field=name, label=field.verbose_name,
                max_length=field.max_length or NAME_MAX,
            )  # fmt: skip
    return out
