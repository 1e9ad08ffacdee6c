"""Words for the codes of the rights pages: right names, suggested actions, missing facts."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import RIGHTS

SUGGESTED_ACTIONS = {
    "open_request": _("Contact the person and open an aid request at the OCMW"),
    "inform": _("Inform the person of the right and how to apply"),
    "help_apply": _("Help the person apply where the right is granted"),
    "check_automatic": _("Check why the automatic grant did not happen"),
    "check_linked": _("Check the right it is linked to, then inform the person"),
    "investigate": _("Look into the situation in a social investigation"),
    "review": _("Review the file: nothing is withdrawn without a decision"),
}


def right_name(code: str, language: str | None = None, ocmw=None) -> str:
    """A right's name in the language; a local right's from its latest version (of `ocmw`,
    when given)."""
    language = (language or translation.get_language() or "nl")[:2]
    right = load_catalogue().get(code)
    names = right.names if right is not None else _local_names(code, ocmw)
    if not names:
        return code
    return names.get(language) or names.get("nl") or code


def _local_data(code: str, ocmw=None) -> dict:
    from .models import RightVersion

    versions = RightVersion.objects.filter(code=code, ocmw__isnull=False)
    if ocmw is not None:
        versions = versions.filter(ocmw=ocmw)
    latest = versions.order_by("-valid_from", "-version").values_list("data", flat=True).first()
    return latest or {}


def _local_names(code: str, ocmw=None) -> dict:
    return _local_data(code, ocmw).get("names") or {}


def right_entry(code: str, ocmw=None):
    """A right's catalogue entry: the national one, or the OCMW's local right (its latest
    version); None for an unknown code."""
    right = load_catalogue().get(code)
    if right is not None:
        return right
    data = _local_data(code, ocmw)
    if not data:
        return None
    from openocmw.rules.rights.catalogue import validate_right

    return validate_right(data)


def right_choices(ocmw=None, on=None) -> list[tuple[str, str]]:
    """The rights the screening can check (encoded conditions), by name: the national ones
    and, given the OCMW, its local rights with conditions (as of `on`, default today)."""
    choices = [(code, right_name(code)) for code in RIGHTS]
    if ocmw is not None:
        from django.utils import timezone

        from .local_rules import local_rules

        language = (translation.get_language() or "nl")[:2]
        for code, (_rule, right) in local_rules(ocmw, on or timezone.localdate()).items():
            if code not in RIGHTS:
                choices.append((code, right.names.get(language) or right.names["nl"]))
    return sorted(choices, key=lambda c: c[1].lower())
