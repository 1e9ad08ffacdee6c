"""Changing an OCMW's local rights (issue 11, §1), and the rules the engine screens them with.

The OCMW administrator describes a local right like any catalogue entry (names in nl/fr/de,
domain, target groups, legal basis with URL, who grants it, how to apply, documents, automation
status with reason and review date, owner, last review) and builds its conditions from the
existing variables (`rules.rights.local`), without code. Each change is a new version applying
from a date (`rights.services.save_right_version`, which audits it); earlier versions are kept.
A bad entry or contradictory conditions raise a ValidationError naming the field, in the user's
language, and nothing is saved.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation

from openocmw.accounts.tenancy import Actor, require
from openocmw.inputs.validation import EVENT, check_date
from openocmw.rules.rights.catalogue import CatalogueError, Right, load_catalogue, validate_right

from . import services
from .local_rules import local_rules  # noqa: F401  (re-exported: the rules of a date)
from .models import RightVersion


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


def check_local_right(data: dict) -> Right:
    """Validate a local right's entry; a ValidationError naming the field in the user's
    language (nl, fr, de)."""
    data = dict(data, level="local")
    if data.get("local_conditions") is not None:
        data.setdefault("conditions", "encoded")
    try:
        right = validate_right(data)
    except CatalogueError as error:
        raise ValidationError({error.field: error.message(_language())}) from None
    if right.code in load_catalogue():
        raise ValidationError(
            {
                "code": translation.gettext(
                    "This code belongs to a right of the national catalogue: choose another."
                )
            }
        )
    return right


def save_local_right(actor: Actor, data: dict, valid_from: date | None) -> RightVersion:
    """Store a new version of the actor's OCMW's local right, applying from `valid_from`."""
    require(actor, "ocmw.manage")
    errors = {}
    if valid_from is None:
        errors["valid_from"] = translation.gettext("This field is required.")
    else:
        try:
            check_date(
                valid_from,
                kind=EVENT,
                field="valid_from",
                label=translation.gettext("applies from"),
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        right = check_local_right(data)
    except ValidationError as error:
        errors = error.message_dict | errors
    if errors:
        raise ValidationError(errors)
    return services.save_right_version(actor, right.to_dict(), valid_from, local=True)
