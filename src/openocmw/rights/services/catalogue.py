"""Catalogue versions of the rights app: a right applying from a date, never overwritten."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.rules.rights.catalogue import CatalogueError, validate_right

from ..models import RightVersion


def _catalogue_error(error: CatalogueError) -> ValidationError:
    language = translation.get_language() or "nl"
    return ValidationError(
        {error.field: error.message("fr" if language.startswith("fr") else "nl")}
    )


def save_right_version(
    actor: Actor, data: dict, valid_from: date, *, local: bool = False
) -> RightVersion:
    """Store a new version of a right (the national catalogue, or the actor's OCMW's local
    right), applying from `valid_from`. Earlier versions are kept."""
    require(actor, "ocmw.manage")
    if not isinstance(valid_from, date):
        raise ValidationError({"valid_from": translation.gettext("Enter a valid date.")})
    try:
        right = validate_right(data)
    except CatalogueError as error:
        raise _catalogue_error(error) from None
    if local and right.level != "local":
        raise ValidationError(
            {"level": translation.gettext("A right of the OCMW must have the level 'local'.")}
        )
    ocmw = actor.ocmw if local else None
    with transaction.atomic():
        last = (
            RightVersion.objects.select_for_update()
            .filter(ocmw=ocmw, code=right.code)
            .aggregate(last=Max("version"))["last"]
        )
        version = RightVersion.objects.create(
            ocmw=ocmw,
            code=right.code,
            version=(last or 0) + 1,
            valid_from=valid_from,
            data=right.to_dict(),
            created_by=actor.user,
        )
        audit.record(
            actor,
            "create",
            object_type="right_version",
            object_id=version.pk,
            purpose="rights catalogue",
            detail={"code": right.code, "version": version.version, "valid_from": str(valid_from)},
        )
    return version


def right_on(code: str, on: date, ocmw=None) -> RightVersion | None:
    """The version of a right that applies on a date (the OCMW's own first, then national)."""
    versions = RightVersion.objects.filter(code=code, valid_from__lte=on)
    for owner in ([ocmw] if ocmw is not None else []) + [None]:
        found = versions.filter(ocmw=owner).order_by("-valid_from", "-version").first()
        if found is not None:
            return found
    return None
