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


def right_name(code: str, language: str | None = None) -> str:
    language = (language or translation.get_language() or "nl")[:2]
    right = load_catalogue().get(code)
    if right is None:
        return code
    return right.names.get(language) or right.names["nl"]


def right_choices() -> list[tuple[str, str]]:
    """The rights the screening can check (encoded conditions), by name."""
    return sorted(((code, right_name(code)) for code in RIGHTS), key=lambda c: c[1].lower())
