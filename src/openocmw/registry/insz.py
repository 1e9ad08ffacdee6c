"""The INSZ (national number or bis number): validation and consistency with identity."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import ssn
from stdnum.exceptions import ValidationError as StdnumError


def compact(value: str) -> str:
    return ssn.compact(value or "")


def clean_insz(value: str, birth_date: date | None = None, sex: str | None = None) -> str:
    """Return the compact INSZ, or raise a ValidationError with a message for field ``insz``.

    Accepts national-register numbers and bis numbers (python-stdnum). When a birth date or
    sex is given, they must agree with what the number encodes: a number with an unknown day
    or month (bis numbers of people whose birth date is not known) agrees with any day.
    """
    number = compact(value)
    if not number:
        return ""
    try:
        ssn.validate(number)
    except StdnumError as exc:
        if not number.isdigit() or len(number) != 11:
            raise ValidationError(
                _("The national number must have 11 digits."), code="insz_format"
            ) from exc
        raise ValidationError(
            _("This national number is not valid (wrong check number or impossible date)."),
            code="insz_invalid",
        ) from exc
    if birth_date is not None:
        try:
            encoded = ssn.get_birth_date(number)
        except StdnumError:
            encoded = None
        if encoded is not None and encoded != birth_date:
            raise ValidationError(
                _(
                    "The birth date %(date)s does not match the national number, which encodes %(encoded)s."
                )
                % {
                    "date": birth_date.strftime("%d/%m/%Y"),
                    "encoded": encoded.strftime("%d/%m/%Y"),
                },
                code="insz_birth_date",
            )
        if encoded is None:
            year = _encoded_year(number)
            if year is not None and year != birth_date.year:
                raise ValidationError(
                    _("The birth year %(year)s does not match the national number.")
                    % {"year": birth_date.year},
                    code="insz_birth_date",
                )
    if sex in ("M", "F"):
        try:
            encoded_sex = ssn.get_gender(number)
        except StdnumError:
            encoded_sex = None
        if encoded_sex is not None and encoded_sex != sex:
            raise ValidationError(_("The sex does not match the national number."), code="insz_sex")
    return number


def _encoded_year(number: str) -> int | None:
    try:
        return ssn.get_birth_year(number)
    except StdnumError:
        return None


def formatted(number: str) -> str:
    """85.07.30-033.28, the way Belgian documents print it."""
    if len(number) != 11:
        return number
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
