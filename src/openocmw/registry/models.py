"""Persons, their residence status history, and households with dated memberships.

Nothing here is overwritten: a new residence status or a household change is a new dated
row; closing an open period sets its end date, and a mistaken row is cancelled with a reason
(kept, and hidden from the current view), never deleted.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")
    UNKNOWN = "X", _("unknown")


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    DE = "de", _("German")


class ResidenceStatusCode(models.TextChoices):
    """Residence situations that decide which aid applies (law of 26 May 2002, art. 3, 3°)."""

    BELGIAN = "belgian", _("Belgian")
    EU_CITIZEN = "eu_citizen", _("EU citizen (or family member) with a right of residence")
    RECOGNISED_REFUGEE = "recognised_refugee", _("recognised refugee")
    SUBSIDIARY_PROTECTION = "subsidiary_protection", _("subsidiary protection")
    STATELESS = "stateless", _("stateless person")
    POPULATION_REGISTER = "population_register", _("foreigner in the population register")
    FOREIGNERS_REGISTER = "foreigners_register", _("foreigner in the foreigners' register")
    ASYLUM_SEEKER = "asylum_seeker", _("asylum seeker (waiting register)")
    NO_LEGAL_RESIDENCE = "no_legal_residence", _("no legal residence")


class Relation(models.TextChoices):
    """A member's relation to the household's reference person."""

    REFERENCE = "reference", _("reference person")
    PARTNER = "partner", _("partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("brother or sister")
    GRANDPARENT = "grandparent", _("grandparent")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER_RELATIVE = "other_relative", _("other relative")
    OTHER = "other", _("other (not related)")


class ChangeReason(models.TextChoices):
    MOVED_IN = "moved_in", _("moved in")
    BIRTH = "birth", _("birth")
    MOVED_OUT = "moved_out", _("moved out")
    DEATH = "death", _("death")
    FOUNDED = "founded", _("household founded")
    CORRECTION = "correction", _("correction")


class Person(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="persons")
    insz = models.CharField(
        _("national number (INSZ)"), max_length=11, blank=True, help_text=_("11 digits")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    nationality = models.CharField(_("nationality"), max_length=2, help_text=_("ISO 3166 code"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    box = models.CharField(_("box"), max_length=10, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Lower-case, accent-free "last first" for fast prefix search on both databases.
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    # The same for the first name alone ("jan" finds Jan Peeters, issue 10 §1).
    search_first = models.CharField(max_length=100, editable=False, blank=True, default="")
    # The street the same way, for "who lives at Kerkstraat 12" served by an index.
    search_street = models.CharField(max_length=150, editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ocmw", "insz"], condition=~Q(insz=""), name="person_insz_unique_per_ocmw"
            )
        ]
        indexes = [
            models.Index(fields=["ocmw", "search_name"], name="person_ocmw_search"),
            models.Index(fields=["ocmw", "insz"], name="person_ocmw_insz"),
            models.Index(fields=["ocmw", "search_first"], name="person_ocmw_search_first"),
            models.Index(fields=["ocmw", "birth_date"], name="person_ocmw_birth_date"),
            models.Index(fields=["ocmw", "search_street"], name="person_ocmw_search_street"),
            models.Index(
                fields=["ocmw", "postal_code", "search_name"], name="person_ocmw_postal_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def address_line(self) -> str:
        street = " ".join(x for x in [self.street, self.house_number] if x)
        if self.box:
            street += f" {_('box')} {self.box}"
        place = " ".join(x for x in [self.postal_code, self.municipality] if x)
        return ", ".join(x for x in [street, place] if x)


class ResidenceStatus(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(
        _("residence status"), max_length=24, choices=ResidenceStatusCode.choices
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.CharField(
        _("document or source"),
        max_length=200,
        blank=True,
        help_text=_("e.g. residence card type, decision of the Immigration Office"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    # The open status this one closed when it was recorded; cancelling this one reopens it.
    closed_previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="status_period_ordered",
            )
        ]


class Household(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="households")
    reference_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("reference person")
    )
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    box = models.CharField(_("box"), max_length=10, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")


class Membership(models.Model):
    """One person's stay in one household, in one relation, over one period."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="household_memberships"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    start_reason = models.CharField(_("reason"), max_length=12, choices=ChangeReason.choices)
    end_reason = models.CharField(
        _("end reason"), max_length=12, choices=ChangeReason.choices, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        ordering = ["valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_period_ordered",
            )
        ]
        indexes = [models.Index(fields=["person", "valid_from"])]


class PersonVersion(models.Model):
    """A frozen copy of a person's identity and contact facts after each change."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    reason = models.CharField(max_length=40)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="person_version_unique")
        ]
