"""Bank accounts: every IBAN and BIC is checked by python-stdnum before it is stored or paid."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.inputs.validation import clean_name
from openocmw.registry.models import Person

from ..models import BankAccount, PayerAccount


def clean_iban(value: str) -> str:
    try:
        return stdnum_iban.validate(value or "")
    except StdnumError:
        raise ValidationError(_("This is not a valid IBAN (check the digits).")) from None


def clean_bic(value: str, *, required: bool = False) -> str:
    if not value:
        if required:
            raise ValidationError(_("Enter the BIC."))
        return ""
    try:
        return stdnum_bic.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid BIC.")) from None


def plausible_iban(iban: str) -> bool:
    """A fast check for the payment run (ISO 7064 mod 97-10 of the IBAN, as stdnum does first);
    the full python-stdnum check runs when an account is stored and when the file is written."""
    return bool(iban) and len(iban) >= 15 and mod_97_10.is_valid(iban[4:] + iban[:4])


def account_problem(iban: str, bic: str = "") -> str | None:
    """None if ``iban`` (and ``bic``, if given) are valid, else what is wrong."""
    try:
        clean_iban(iban)
        clean_bic(bic)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def _checked(iban: str, bic: str, holder: str, *, bic_required: bool) -> dict:
    errors: dict[str, list] = {}
    out = {}
    for field, fn in (("iban", lambda: clean_iban(iban)),
                      ("bic", lambda: clean_bic(bic, required=bic_required)),
                      ("holder", lambda: clean_name(holder, field="holder",
                                                    label=_("account holder"), max_length=70))):  # fmt: skip
        try:
            out[field] = fn()
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors.update({k: [m for e in v for m in e.messages]
                               for k, v in exc.error_dict.items()})  # fmt: skip
            else:
                errors[field] = exc.messages
    if not errors and not out["holder"]:
        errors["holder"] = [_("Enter the name of the account holder.")]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def add_bank_account(
    actor: Actor, person: Person, *, iban: str, bic: str = "", holder: str, valid_from: date
) -> BankAccount:
    require(actor, "finance.run")
    if person.ocmw_id != actor.ocmw_id:
        raise ValidationError({"person": [_("That person is not of your OCMW.")]})
    data = _checked(iban, bic, holder, bic_required=False)
    account = BankAccount.objects.create(
        ocmw_id=actor.ocmw_id, person=person, valid_from=valid_from, created_by=actor.user, **data
    )
    audit.record(
        actor, "create", object_type="bank_account", object_id=account.pk,
        subject_person_id=person.pk, purpose="finance",
    )  # fmt: skip
    return account


@transaction.atomic
def set_payer_account(actor: Actor, *, name: str, iban: str, bic: str) -> PayerAccount:
    require(actor, "finance.approve")
    data = _checked(iban, bic, name, bic_required=True)
    account, _created = PayerAccount.objects.update_or_create(
        ocmw_id=actor.ocmw_id,
        defaults={"name": data["holder"], "iban": data["iban"], "bic": data["bic"]},
    )
    audit.record(actor, "update", object_type="payer_account", object_id=account.pk,
                 purpose="finance")  # fmt: skip
    return account
