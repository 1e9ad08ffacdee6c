"""OCMWs, users and their roles, API tokens, and the append-only audit log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    FLANDERS = "flanders", _("Flemish Region")
    WALLONIA = "wallonia", _("Walloon Region")
    BRUSSELS = "brussels", _("Brussels-Capital Region")


class Ocmw(models.Model):
    """A public centre for social welfare: the tenant that owns every personal record."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    nis_code = models.CharField(
        _("NIS code"),
        max_length=5,
        unique=True,
        help_text=_("The five-digit NIS code of the municipality."),
    )
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    languages = models.CharField(
        _("languages"), max_length=20, default="nl", help_text=_("Comma-separated: nl, fr, de.")
    )
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality_nl = models.CharField(_("municipality (Dutch)"), max_length=100, blank=True)
    municipality_fr = models.CharField(_("municipality (French)"), max_length=100, blank=True)
    # The nine municipalities of the German-speaking Community (Eupen, Kelmis, ...) and the
    # ÖSHZ serving them have an official German name; elsewhere these stay empty.
    name_de = models.CharField(_("name (German)"), max_length=200, blank=True)
    municipality_de = models.CharField(_("municipality (German)"), max_length=100, blank=True)
    # The letterhead (issue 10 §9): on every letter, edited by the OCMW administrator.
    address = models.CharField(_("address of the social service"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    secretary_name = models.CharField(_("general director (secretary)"), max_length=150, blank=True)
    chair_name = models.CharField(_("chair of the council committee"), max_length=150, blank=True)
    iban = models.CharField(_("IBAN of the OCMW"), max_length=34, blank=True)
    payment_day = models.PositiveSmallIntegerField(
        _("day of the month on which aid is paid"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("OCMW")
        verbose_name_plural = _("OCMWs")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name_nl

    def name(self, language: str = "nl") -> str:
        """The name in ``language``. A German reader of an OCMW without a German name reads
        it in the OCMW's own first language ("OCMW Leuven", "CPAS de Namur")."""
        if language == "de":
            if self.name_de:
                return self.name_de
            language = "fr" if self.language_list[:1] == ["fr"] else "nl"
        return self.name_fr if language == "fr" and self.name_fr else self.name_nl

    def municipality(self, language: str = "nl") -> str:
        if language == "fr" and self.municipality_fr:
            return self.municipality_fr
        return self.municipality_nl or self.municipality_fr

    @property
    def language_list(self) -> list[str]:
        return [x.strip() for x in self.languages.split(",") if x.strip()]


# The languages of the interface (settings.LANGUAGES), each named in its own language.
INTERFACE_LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch")]


class User(AbstractUser):
    """A person who works with OpenOCMW. What they may do depends on their memberships."""

    language = models.CharField(
        _("language"),
        max_length=2,
        choices=INTERFACE_LANGUAGES,
        default="nl",
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set by an administrator's reset: the user chooses a new password first."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    TEAM_LEAD = "team_lead", _("team lead")
    COUNCIL_MEMBER = "council_member", _("council member (BCSD)")
    SECURITY_ADVISER = "security_adviser", _("security adviser")
    OCMW_ADMIN = "ocmw_admin", _("OCMW administrator")
    FEDERAL_INSPECTOR = "federal_inspector", _("federal inspector")
    # A hospital or other care provider: only the medical-aid look-up (finance.medical).
    CARE_PROVIDER = "care_provider", _("care provider (hospital)")


class Membership(models.Model):
    """A user's role in one OCMW. A federal inspector belongs to no OCMW."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    ocmw = models.ForeignKey(
        Ocmw, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "ocmw", "role"], name="membership_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(role="federal_inspector", ocmw__isnull=True)
                    | (~models.Q(role="federal_inspector") & models.Q(ocmw__isnull=False))
                ),
                name="membership_ocmw_unless_inspector",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.ocmw or '-'}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")


class AuditAction(models.TextChoices):
    VIEW = "view", _("view")
    SEARCH = "search", _("search")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    EXPORT = "export", _("export")
    DENIED = "denied", _("access denied")
    CALCULATE = "calculate", _("calculation")
    LOGIN = "login", _("login")
    LOGOUT = "logout", _("logout")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOCKED_OUT = "locked_out", _("locked out")
    PASSWORD = "password", _("password changed")
    TOKEN = "token", _("API token")
    CHAIN_START = "chain_start", _("start of the keyed chain")


# Object types and purposes are written into audit entries as English codes: they are part of
# each entry's hash and never change. The pages show these labels instead; when you write a new
# code, add its label here (an unknown code is shown as it is).
AUDIT_OBJECT_TYPES = {
    "person": _("person"),
    "household": _("household"),
    "residence_status": _("residence status"),
    "audit_log": _("audit log"),
    "demo_data": _("demo data"),
    "url": _("page or API address"),
    "user": _("user"),
    "api_token": _("API token"),
    "job": _("background job"),
    # Casework (casework.services writes the model's name) and its documents (issue 10 §6).
    "aidrequest": _("aid request"),
    "investigationitem": _("investigation item"),
    "homevisit": _("home visit"),
    "evidence": _("supporting document"),
    "proposal": _("decision proposal"),
    "decision": _("decision"),
    "meeting": _("council meeting"),
    "agendaitem": _("agenda item"),
    "acknowledgement": _("acknowledgement of receipt"),
    "decision_letter": _("decision letter"),
    "minutes": _("minutes of the meeting"),
    "register": _("register of requests and decisions"),
    "dashboard": _("overview of what is due"),
    "leefloon": _("leefloon calculation"),
    # GPMI
    "gpmi": _("GPMI"),
    "gpmi_contract": _("GPMI contract"),
    "gpmi_evaluation": _("GPMI evaluation"),
    "gpmi_exemption": _("GPMI exemption"),
    "gpmi_breach": _("GPMI breach"),
    "gpmi_hearing": _("GPMI hearing"),
    "gpmi_consent": _("consent for the social report"),
    "gpmi_staff_time": _("GPMI staff time"),
    "gpmi_statistics": _("GPMI statistics"),
    "leefloon_start": _("start of the leefloon"),
    "sanction_proposal": _("sanction proposal"),
    "social_balance": _("social balance"),
    "social_report": _("electronic social report"),
    # Proactive rights
    "right_version": _("version of a right"),
    "rights_outcome": _("outcome of a right"),
    "screening_run": _("rights screening"),
    "worklist_entry": _("worklist entry"),
    # The file's journal, documents and appointments; the administration of users.
    "journal_note": _("journal note"),
    "document": _("document"),
    "document_link": _("link of a document"),
    "appointment": _("appointment"),
    "membership": _("role of a user"),
    "reminder": _("reminder e-mail"),
    "ocmw": _("OCMW settings"),
    "caseload": _("caseload per worker"),
    "letter": _("letter"),
    "queue": _("work queue"),
    "onlinerequest": _("online request"),
    "onlinedocument": _("document of an online request"),
    "prefill": _("value from a data flow"),
}
AUDIT_PURPOSES = {
    "login": _("login"),
    "person search": _("person search"),
    "person list": _("list of persons"),
    "person file": _("consulting the file"),
    "edit person": _("editing the person's data"),
    "record residence status": _("recording a residence status"),
    "found household": _("registering a household"),
    "audit review": _("audit log review"),
    "api": _("via the API"),
    "demo data": _("demo data"),
    "idle timeout": _("logged out after inactivity"),
    "password change": _("password change"),
    "password reset": _("password reset by an administrator"),
    "token issued": _("API token issued"),
    "token revoked": _("API token revoked"),
    "chain check": _("chain check"),
    "background job": _("background job"),
    "duplicate check": _("checking for an earlier registration"),
    "household change": _("recording a household change"),
    # Issue 10 §6: the purposes of casework, GPMI and rights, and of the new pages.
    "api calculation": _("calculation via the API"),
    "casework dashboard": _("overview of what is due"),
    "council agenda": _("council agenda"),
    "register aid request": _("registering an aid request"),
    "register statistics": _("register statistics"),
    "leefloon calculation": _("leefloon calculation"),
    "gpmi file": _("consulting the GPMI file"),
    "gpmi dashboard": _("GPMI overview"),
    "gpmi worklist": _("who needs a GPMI"),
    "gpmi contract pdf": _("GPMI contract as PDF"),
    "gpmi statistics": _("GPMI statistics"),
    "social report": _("electronic social report"),
    "staff time report": _("staff time report"),
    "rights catalogue": _("catalogue of rights"),
    "rights screening": _("rights screening"),
    "rights worklist": _("worklist of rights"),
    "case journal": _("the file's journal"),
    "person documents": _("the file's documents"),
    "my tasks": _("my tasks today"),
    "calendar": _("the worker's calendar"),
    "online requests": _("the queue of online requests"),
    "reminders": _("reminders by e-mail"),
    "user administration": _("administration of users"),
    "request register": _("list of requests and decisions"),
    "letterhead": _("letterhead and opening hours"),
}


class AuditChain(models.Model):
    """The head of one OCMW's audit chain (key ``ocmw:<id>``, or ``global``).

    Appending locks this row, so that entries of one chain are numbered without gaps and
    each entry's hash covers the previous one.
    """

    key = models.CharField(max_length=40, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # The first keyed entry (HMAC); null for a chain written before the audit key, which gets
    # a ``chain_start`` entry on its next append. A cache only: verify reads the entries.
    keyed_from = models.BigIntegerField(null=True, blank=True)


class AuditEntry(models.Model):
    """One append-only line of the audit log. Never updated, never deleted."""

    chain = models.CharField(max_length=40, db_index=True)
    seq = models.BigIntegerField()
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, blank=True)
    ocmw = models.ForeignKey(
        Ocmw, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    subject_person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq")]
        indexes = [
            models.Index(fields=["ocmw", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only.")

    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role

    def object_type_label(self) -> str:
        return str(AUDIT_OBJECT_TYPES.get(self.object_type, self.object_type))

    def purpose_label(self) -> str:
        return str(AUDIT_PURPOSES.get(self.purpose, self.purpose))
