"""Development cooperation: the policy frame, budgets, calls, applications, evaluation and grants.

Who may see and change what is declared once per model (core.rights, docs/rights.md). Two roots
hold the records: a call is held by its contact officers; an applicant organisation by its
members, who see their own applications, attachments and grants (holders_see) without any staff
permission. Figures are never typed twice: what is committed and paid comes from grants and
payments.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cooperation import codelists, identifiers
from core import dac
from core.models import ChangeStamped, ChoiceLabels, Sourced
from core.numbers import money
from core.rights import Rights, RightsQuerySet
from core.rules import Ruled
from core.uploads import UploadValidator

MONEY = {"max_digits": 13, "decimal_places": 2}
HANDLE_ALL = "cooperation.handle_all_applications"
CHANGE_ALL_CALLS = "cooperation.change_all_calls"
LANGUAGE_CHOICES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English")), ("de", _("German"))]
# The languages an application may be written in (ISO 639-1, as IATI's Language codelist): the
# Region's, and those of the partner countries' administrations.
TEXT_LANGUAGE_CHOICES = [*LANGUAGE_CHOICES, ("es", _("Spanish")), ("pt", _("Portuguese"))]


# The policy frame


class Modality(Sourced):
    """One of the four ways the Region cooperates, e.g. "indirect bilateral cooperation"."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("modality")
        verbose_name_plural = _("modalities")

    def __str__(self):
        return self.name


class LegalText(Sourced):
    """The framework ordinance and its implementation decrees, with dates and links where known."""

    class Kind(models.TextChoices):
        ORDINANCE = "ordinance", _("framework ordinance")
        DECREE = "decree", _("implementation decree")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Left empty where the source gives no title.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=100, unique=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")

    def __str__(self):
        return self.title or f"{self.get_kind_display()} {self.order}"


class PolicyElement(Sourced):
    """A point of the policy: its focus, a key pillar, a theme, a principle or an aim.

    The seed announces two key pillars and three themes but the page cuts their lists off: they
    are recorded with an empty text, for staff to fill in.
    """

    class Kind(models.TextChoices):
        FOCUS = "focus", _("focus")
        AIM = "aim", _("aim")
        PILLAR = "pillar", _("key pillar")
        THEME = "theme", _("theme")
        PRINCIPLE = "principle", _("principle")

    key = models.SlugField(_("key"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True, help_text=_("Empty until staff fill it in."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["kind", "order"]
        verbose_name = _("policy element")
        verbose_name_plural = _("policy elements")

    def __str__(self):
        if self.text:
            return self.text
        return _("%(kind)s %(order)s (to write)") % {"kind": self.get_kind_display(), "order": self.order}


class Appropriation(Sourced):
    """The budget voted for a modality in a year; what is committed and paid is computed."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    modality = models.ForeignKey(Modality, models.PROTECT, related_name="appropriations", verbose_name=_("modality"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["-year", "modality__order"]
        verbose_name = _("appropriation")
        verbose_name_plural = _("appropriations")
        constraints = [models.UniqueConstraint(fields=["year", "modality"], name="one_appropriation_a_year")]

    def __str__(self):
        return f"{self.year} {self.modality}"


# Calls for projects


class CallQuerySet(RightsQuerySet):
    def open_at(self, moment):
        return self.public().filter(opens_at__lte=moment, closes_at__gt=moment)


def validate_country_codes(value):
    unknown = [code for code in value.split() if not dac.is_recipient(code)]
    if unknown:
        raise ValidationError(
            _("Not on the OECD DAC list of ODA recipients: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class Call(Ruled, Sourced):
    """A call for projects, held by its contact officers."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    criteria = models.TextField(_("eligibility criteria"), blank=True)
    required_documents = models.TextField(_("required documents"), blank=True)
    modality = models.ForeignKey(Modality, models.PROTECT, related_name="calls", verbose_name=_("modality"))
    themes = models.ManyToManyField("partners.Theme", blank=True, related_name="calls", verbose_name=_("themes"))
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="calls", verbose_name=_("eligible partners")
    )
    eligible_countries = models.CharField(
        _("eligible countries"),
        max_length=1000,
        blank=True,
        validators=[validate_country_codes],
        help_text=_("ISO codes separated by spaces, all on the OECD DAC list; empty: any country on it."),
    )
    envelope = models.DecimalField(_("envelope (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    maximum_grant = models.DecimalField(_("maximum grant (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    cofunding_percent = models.DecimalField(
        _("minimum co-funding (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the project's budget the applicant must fund from other sources."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), help_text=_("Brussels time. A submission after it is refused."))
    threshold = models.DecimalField(
        _("score threshold"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A weighted total under it is flagged."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cooperation_calls", verbose_name=_("contact officers")
    )
    signatory = models.CharField(
        _("signatory of the decision letters"),
        max_length=300,
        blank=True,
        help_text=_("Name and title, as the letters are signed, e.g. the Minister-President or a director."),
    )

    objects = CallQuerySet.as_manager()
    rights = Rights(holders="officers", everything=CHANGE_ALL_CALLS, public=Q(is_published=True))

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        permissions = [("change_all_calls", _("Can change every call for projects"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(envelope__gte=0, maximum_grant__gte=0, maximum_grant__lte=F("envelope")),
                name="call_amounts_within_envelope",
            ),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_it_opens"),
        ]

    def __str__(self):
        return self.title

    def broken_rules(self):
        broken = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            broken["closes_at"] = _("A call closes after it opens.")
        if self.envelope is not None and self.maximum_grant is not None and self.maximum_grant > self.envelope:
            broken["maximum_grant"] = _("The maximum grant cannot exceed the envelope.")
        if self.pk and self.envelope is not None and self.selected_amount() > self.envelope:
            broken["envelope"] = _(
                "The envelope cannot be less than the %(selected)s its selected applications already commit."
            ) % {"selected": money(self.selected_amount())}
        return broken

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.is_published and self.opens_at <= moment < self.closes_at

    def country_codes(self):
        return self.eligible_countries.split()

    def grid_weight(self):
        return sum(criterion.weight for criterion in self.grid.all())

    def selected_amount(self, excluding=None):
        selected = self.applications.filter(decision=Application.Decision.SELECTED)
        if excluding is not None:
            selected = selected.exclude(pk=excluding.pk)
        total = selected.aggregate(total=Sum("requested_amount"))["total"] or Decimal(0)
        return Decimal(total).quantize(Decimal("0.01"))


class Criterion(models.Model):
    """A line of a call's evaluation grid; the weights of a grid total 100."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="grid", verbose_name=_("call"))
    name = models.CharField(_("criterion"), max_length=300)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="call", public=Q(call__is_published=True))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation grid")

    def __str__(self):
        return f"{self.name} ({self.weight} %)"


# Applicants and their applications


class ApplicantAccountQuerySet(models.QuerySet):
    def expired(self, now):
        """Registrations never confirmed within the confirmation time (cooperation.accounts)."""
        cutoff = now - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        return self.filter(verified_at__isnull=True, registered_at__lt=cutoff)


class ApplicantAccount(models.Model):
    """The applicant's side of a login: when its e-mail address was confirmed. Until then it is a
    registration: it expires, and a new registration with the same address replaces it, so an
    unconfirmed one never blocks anybody."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="applicant_account", verbose_name=_("user")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    verified_at = models.DateTimeField(_("e-mail address confirmed at"), null=True, blank=True)

    objects = ApplicantAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("applicant account")
        verbose_name_plural = _("applicant accounts")

    def __str__(self):
        return self.user.email


class ApplicantOrganisation(ChangeStamped, Sourced):
    """An NGO or association that applies: held by its members, who see their own records."""

    class LegalForm(models.TextChoices):
        NONPROFIT = "asbl", _("non-profit association (ASBL/VZW)")
        INTERNATIONAL_NONPROFIT = "aisbl", _("international non-profit association (AISBL/IVZW)")
        FOUNDATION = "foundation", _("foundation")
        COOPERATIVE = "cooperative", _("cooperative")
        PUBLIC = "public", _("public body")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        validators=[identifiers.validate_enterprise_number],
        help_text=_("The Belgian enterprise number (BCE/KBO), e.g. 0123.456.749."),
    )
    address = models.TextField(_("address"))
    iban = models.CharField(_("IBAN"), max_length=42, validators=[identifiers.validate_iban])
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="applicant_organisations", verbose_name=_("members")
    )

    objects = RightsQuerySet.as_manager()
    # A grant holder's name is public, as public money is: the organisations with a selected
    # application (a subquery, so that an organisation with two is listed once).
    rights = Rights(
        holders="members",
        everything=HANDLE_ALL,
        holders_see=True,
        public=lambda: Q(Exists(Application.objects.filter(organisation=OuterRef("pk"), decision="selected"))),
        private=["address", "iban", "email", "members"],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("applicant organisation")
        verbose_name_plural = _("applicant organisations")
        permissions = [("handle_all_applications", _("Can handle every applicant's applications and grants"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.enterprise_number = identifiers.compact_enterprise_number(self.enterprise_number)
        self.iban = identifiers.compact_iban(self.iban)
        super().save(*args, **kwargs)


def undeclared_or_conflicted(user):
    """The applications withheld from a user who evaluates them: before their declaration of a
    conflict of interest (they see the title and applicant on their evaluation page only) and
    after declaring one, whatever their role."""
    return Q(evaluations__evaluator=user, evaluations__conflict__in=["undeclared", "conflict"])


def unsent(user):
    """A draft is its applicant's until they submit it: no one else reads it, whatever their role
    (as in Hypha, where staff see a submission once it is submitted)."""
    return Q(state="draft") & ~Q(organisation__members=user)


def withheld_applications(user):
    return undeclared_or_conflicted(user) | unsent(user)


def cleared_to_evaluate(path=""):
    """Rows an evaluator reads once they declared no conflict with the application at `path`."""
    return lambda user: Q(**{f"{path}evaluations__evaluator": user, f"{path}evaluations__conflict": "none"})


class ApplicationQuerySet(RightsQuerySet):
    def held_by(self, user):
        """The applications of the organisations the user is a member of, by the Rights declaration."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.model.rights.holder_path(): user})

    def for_ranking(self, call):
        return self.filter(call=call, state__in=Application.EVALUATED_STATES).select_related("organisation")


class Application(Ruled, ChangeStamped, Sourced):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        DECIDED = "decided", _("decided")

    class Decision(models.TextChoices):
        SELECTED = "selected", _("selected")
        RESERVE = "reserve", _("reserve")
        REJECTED = "rejected", _("rejected")

    EVALUATED_STATES = [State.SUBMITTED, State.DECIDED]

    call = models.ForeignKey(Call, models.PROTECT, related_name="applications", verbose_name=_("call"))
    organisation = models.ForeignKey(
        ApplicantOrganisation, models.PROTECT, related_name="applications", verbose_name=_("organisation")
    )
    reference = models.CharField(_("reference"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("project title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    # The language the applicant wrote in, which is not always the organisation's: the IATI file
    # says it of the title, summary and objectives. Empty for applications from before it was asked.
    language = models.CharField(
        _("language of the texts"),
        max_length=2,
        choices=TEXT_LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language the title, summary, objectives and results are written in."),
    )
    country = models.CharField(_("country"), max_length=2, validators=[validate_country_codes])
    city = models.CharField(_("city"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    sectors = models.CharField(
        _("OECD DAC sectors"),
        max_length=200,
        validators=[codelists.validate_sector_codes],
        help_text=_("5-digit DAC sector codes separated by spaces, e.g. 43030."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    results = models.TextField(_("expected results"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    requested_amount = models.DecimalField(
        _("amount requested (EUR)"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    deadline_exception = models.TextField(
        _("reason for accepting it after the deadline"),
        blank=True,
        help_text=_("Set by staff only; a late submission is accepted only with a reason (audited)."),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()
    rights = Rights(owner="organisation", readers=cleared_to_evaluate(), withheld_from=withheld_applications)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="application_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(state="decided", decision__in=["selected", "reserve", "rejected"])
                | (~Q(state="decided") & Q(decision="")),
                name="application_decided_with_a_decision",
            ),
        ]

    def __str__(self):
        return f"{self.reference or _('draft')}: {self.title}"

    # The moves of `state`, each made by one method (and one service): submit(), decide().
    TRANSITIONS = {
        (State.DRAFT, State.SUBMITTED): "submit",
        (State.SUBMITTED, State.DECIDED): "decide",
        (State.DECIDED, State.DECIDED): "decide",
    }

    def submit(self, *, now, reference):
        self.state, self.submitted_at, self.reference = self.State.SUBMITTED, now, reference
        self.transition = "submit"

    def decide(self, *, decision, now):
        self.state, self.decision, self.decided_at = self.State.DECIDED, decision, now
        self.transition = "decide"

    # What the applicant wrote stays as they submitted it, whoever edits (the amount has its own rule).
    AS_SUBMITTED = [
        "title",
        "summary",
        "language",
        "country",
        "city",
        "sectors",
        "duration_months",
        "starts_on",
        "objectives",
        "results",
        "indicators",
    ]

    def broken_rules(self):
        broken = {}
        before = self.stored("call_id", "organisation_id", "state", "decision", "requested_amount", *self.AS_SUBMITTED)
        if before and before["state"] != self.State.DRAFT:
            for name in self.AS_SUBMITTED:
                if before[name] != getattr(self, name):
                    broken[name] = _("The application is submitted: it stays as the applicant sent it.")
        if before and before["call_id"] != self.call_id:
            broken["call"] = _("An application never moves to another call.")
        if before and before["organisation_id"] != self.organisation_id:
            broken["organisation"] = _("An application never moves to another organisation.")
        if before:
            moved = (before["state"], self.state)
            allowed = self.TRANSITIONS.get(moved)
            if (moved[0] != moved[1] or before["decision"] != self.decision) and (
                allowed is None or allowed != self.transition
            ):
                broken["state"] = _(
                    "An application is submitted by its applicant and decided on by the call's officers."
                )
        if bool(self.decision) != (self.state == self.State.DECIDED):
            broken["decision"] = _("A decided application has a decision, and only a decided one.")
        if before and before["decision"] and before["requested_amount"] != self.requested_amount:
            broken["requested_amount"] = _("The amount was decided on: it no longer changes.")
        if before and before["decision"] != self.decision and Grant.objects.filter(application=self.pk).exists():
            broken["decision"] = _("A grant was awarded on this decision: it no longer changes.")
        if self.decision == self.Decision.SELECTED and self.call_id and self.requested_amount is not None:
            selected = self.call.selected_amount(excluding=self if self.pk else None) + self.requested_amount
            if selected > self.call.envelope:
                broken[None] = _(
                    "Selecting it would commit %(selected)s, more than the call's envelope of %(envelope)s."
                ) % {"selected": money(selected), "envelope": money(self.call.envelope)}
        return broken

    def sector_codes(self):
        return self.sectors.split()

    def total_budget(self):
        return sum((line.amount for line in self.lines.all()), Decimal(0))

    def cofunding(self):
        return sum((line.cofunding for line in self.lines.all()), Decimal(0))

    def is_editable_by_applicant(self):
        return self.state == self.State.DRAFT

    def budget_errors(self):
        """What keeps the budget table from being submitted, as messages."""
        errors = []
        total = self.total_budget()
        if total <= 0:
            errors.append(_("The budget table has no lines."))
            return errors
        if self.requested_amount > self.call.maximum_grant:
            errors.append(_("The amount requested exceeds the call's maximum grant."))
        if self.requested_amount + self.cofunding() != total:
            errors.append(_("The amount requested and the co-funding must add up to the total budget."))
        if self.cofunding() * 100 < total * self.call.cofunding_percent:
            errors.append(
                _("The co-funding must be at least %(percent)s %% of the budget.")
                % {"percent": self.call.cofunding_percent}
            )
        return errors


class SubmittedAsIs(Ruled):
    """What an applicant submits (the budget table, the documents) stays as submitted: it is
    written only while the application is a draft, whoever writes."""

    FIXED = _("The application is submitted: its budget table and documents stay as the applicant sent them.")

    def _submitted(self):
        return (
            self.application_id
            and Application.objects.filter(pk=self.application_id).exclude(state=Application.State.DRAFT).exists()
        )

    def broken_rules(self):
        broken = dict(super().broken_rules())
        if self._submitted():
            broken[None] = self.FIXED
        return broken

    def delete(self, *args, **kwargs):
        if self._submitted():
            raise ValidationError(self.FIXED)
        return super().delete(*args, **kwargs)


class BudgetLine(SubmittedAsIs, models.Model):
    """A line of an application's budget table: its cost and what other funders pay of it."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="lines", verbose_name=_("application"))
    label = models.CharField(_("budget line"), max_length=300)
    amount = models.DecimalField(_("cost (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    cofunding = models.DecimalField(_("co-funding (EUR)"), **MONEY, default=0, validators=[MinValueValidator(0)])

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="application", readers=cleared_to_evaluate("application__"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.label

    def broken_rules(self):
        broken = dict(super().broken_rules())
        if self.amount is not None and self.cofunding is not None and self.cofunding > self.amount:
            broken["cofunding"] = _("The co-funding of a line cannot exceed its cost.")
        return broken


def attachment_path(instance, filename):
    # Outside any static folder; served only by cooperation.views.attachment after a rights check.
    return f"cooperation/applications/{instance.application_id}/{filename}"


class Attachment(SubmittedAsIs, models.Model):
    FILE_KINDS = ["pdf"]

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    label = models.CharField(_("document"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to=attachment_path, validators=[UploadValidator(FILE_KINDS)])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="application", readers=cleared_to_evaluate("application__"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.label


# Evaluation


class Evaluation(Ruled, ChoiceLabels, models.Model):
    """An evaluator's work on one application: the conflict-of-interest declaration, then scores."""

    class Conflict(models.TextChoices):
        UNDECLARED = "undeclared", _("not declared yet")
        NONE = "none", _("no conflict of interest")
        CONFLICT = "conflict", _("conflict of interest")

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="evaluations", verbose_name=_("application")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="cooperation_evaluations", verbose_name=_("evaluator")
    )
    conflict = models.CharField(
        _("conflict of interest"), max_length=20, choices=Conflict.choices, default=Conflict.UNDECLARED
    )
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    correction_reason = models.TextField(_("reason for correcting the declaration"), blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declaration corrected by"),
    )
    corrected_at = models.DateTimeField(_("declaration corrected at"), null=True, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="application")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["application", "evaluator"], name="one_evaluation_each")]

    def __str__(self):
        return f"{self.application} / {self.evaluator}"

    def may_read_application(self):
        return self.conflict == self.Conflict.NONE

    def declare(self, *, has_conflict, now):
        self.conflict = self.Conflict.CONFLICT if has_conflict else self.Conflict.NONE
        self.declared_at = now
        self.transition = "declare"

    def correct(self, *, conflict, reason, corrected_by, now):
        self.conflict, self.correction_reason = conflict, reason
        self.corrected_by, self.corrected_at = corrected_by, now
        self.transition = "correct"

    def broken_rules(self):
        broken = {}
        before = self.stored("application_id", "evaluator_id", "conflict")
        if before and (before["application_id"], before["evaluator_id"]) != (self.application_id, self.evaluator_id):
            broken["evaluator"] = _("Remove this evaluation and add another one instead.")
        if before and before["conflict"] != self.conflict:
            if before["conflict"] == self.Conflict.UNDECLARED and self.transition != "declare":
                broken["conflict"] = _("Only the evaluator declares a conflict of interest.")
            elif before["conflict"] != self.Conflict.UNDECLARED and self.transition != "correct":
                broken["conflict"] = _(
                    "A declaration is final: the call's officers may correct it, with a reason, as a new declaration."
                )
        if not before and self.evaluator_id:
            broken["evaluator"] = self.evaluator_refusal()
        return broken

    def delete(self, *args, **kwargs):
        if self.stored("conflict") and self.stored("conflict")["conflict"] != self.Conflict.UNDECLARED:
            raise ValidationError(self.DECLARED_STAYS)
        return super().delete(*args, **kwargs)

    DECLARED_STAYS = _(
        "An evaluation is removed only before its declaration: a declaration stays, and is corrected with a reason."
    )

    def evaluator_refusal(self):
        """Why this evaluator may not evaluate this application, or None."""
        evaluator = self.evaluator
        if not evaluator.is_staff or not evaluator.is_active:
            return _("Evaluators are staff accounts; an applicant's account never evaluates.")
        if (
            self.application_id
            and ApplicantOrganisation.objects.filter(
                members=evaluator, applications__call=self.application.call_id
            ).exists()
        ):
            return _("This person belongs to an organisation that applied to this call.")
        if evaluator.groups.exists() and not evaluator.has_perm("cooperation.view_application"):
            # An outside expert has no role; a colleague evaluates only if their role reads applications.
            return _("This person's role never reads applications (communication, protocol…): choose another.")
        if self.application_id and self.application.decision:
            return _("The application is decided: it takes no new evaluator.")
        return None

    def total(self):
        """The weighted total out of 100, from scores out of 10 on the call's grid."""
        return sum((score.score * score.criterion.weight / 10 for score in self.scores.all()), Decimal(0))


class Score(Ruled, models.Model):
    MAXIMUM = 10

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="scores", verbose_name=_("evaluation"))
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="scores", verbose_name=_("criterion"))
    score = models.DecimalField(
        _("score (0 to 10)"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="evaluation")

    class Meta:
        ordering = ["criterion__order", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_score_a_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=10), name="score_from_0_to_10"),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.score}"

    def broken_rules(self):
        if self.evaluation_id and not self.evaluation.may_read_application():
            return {None: _("Scores are given only by an evaluator who declared no conflict of interest.")}
        if self.evaluation_id and self.evaluation.application.state == Application.State.DECIDED:
            return {None: _("The application is decided on: its scores no longer change.")}
        return {}


# Grants


class ActivityStatus(models.TextChoices):
    # IATI ActivityStatus codes 1, 2, 3 and 4.
    PIPELINE = "1", _("in preparation")
    IMPLEMENTATION = "2", _("under way")
    FINALISATION = "3", _("being completed")
    CLOSED = "4", _("closed")


class GrantQuerySet(RightsQuerySet):
    def for_projects_page(self):
        return self.public().select_related("application__organisation", "application__call__modality")

    def for_iati(self):
        return self.select_related("application__organisation", "application__call__modality").prefetch_related(
            "tranches__payments"
        )


class Grant(Ruled, ChangeStamped, Sourced):
    application = models.OneToOneField(Application, models.PROTECT, related_name="grant", verbose_name=_("application"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    awarded_on = models.DateField(_("awarded on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # What the IATI file says of the activity; kept true by `manage.py update_activity_status`
    # (daily): past its planned end it is being completed, closed once its reports are approved.
    activity_status = models.CharField(
        _("status"), max_length=1, choices=ActivityStatus.choices, default=ActivityStatus.IMPLEMENTATION
    )

    objects = GrantQuerySet.as_manager()
    rights = Rights(owner="application", public=Q(application__decision="selected"), private=["note"])

    class Meta:
        ordering = ["-awarded_on", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="grant_amount_not_negative")]

    def __str__(self):
        return f"{_('Grant')} {self.application.reference}"

    def paid(self):
        return sum((p.amount for t in self.tranches.all() for p in t.payments.all()), Decimal(0))

    def broken_rules(self):
        broken = {}
        before = self.stored("application_id", "amount")
        if before and before["application_id"] != self.application_id:
            broken["application"] = _("A grant never moves to another application.")
        if before and before["amount"] != self.amount:
            broken["amount"] = _("A grant's amount is the amount decided on: it never changes.")
        if self.application_id and not before:
            application = self.application
            if application.decision != Application.Decision.SELECTED:
                broken["application"] = _("Only a selected application gets a grant.")
            elif self.amount is not None and self.amount > application.requested_amount:
                broken["amount"] = _("A grant cannot exceed the amount decided on (%(amount)s).") % {
                    "amount": money(application.requested_amount)
                }
        return broken

    def tranches_total(self):
        return self.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)

    def starts_on(self):
        """The planned start: the application's, or the award's day when it gave none."""
        return self.application.starts_on or self.awarded_on

    def ends_on(self):
        """The planned end: the last day of the duration (24 months from 1 April end on 31 March)."""
        return self.starts_on() + relativedelta(months=self.application.duration_months) - datetime.timedelta(days=1)

    def status_on(self, today, reports_approved):
        """The activity's status as the dates and reports make it: being completed once past its
        planned end, closed once every report is approved too (or the grant is closed)."""
        if self.closed_on or self.activity_status == ActivityStatus.CLOSED:
            return ActivityStatus.CLOSED
        if today <= self.ends_on():
            return self.activity_status
        return ActivityStatus.CLOSED if reports_approved else ActivityStatus.FINALISATION


class ReportQuerySet(RightsQuerySet):
    def held_by(self, user):
        """The reports of the grants of the organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.model.rights.holder_path(): user})

    def to_remind_before(self, today, days):
        """Missing reports due within `days`, not yet reminded of it."""
        return self.filter(
            submitted_on__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=days),
            reminded_before_on__isnull=True,
        )

    def to_remind_after(self, today):
        """Missing reports past their due date, not reminded since."""
        return self.filter(submitted_on__isnull=True, due_on__lt=today, reminded_after_on__isnull=True)


def report_path(instance, filename):
    # Outside any static folder; served only by cooperation.views.report_file after a rights check.
    return f"cooperation/grants/{instance.grant_id}/reports/{filename}"


class Report(Ruled, ChangeStamped, ChoiceLabels, models.Model):
    """A narrative or financial report due on a date that never moves once set."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("narrative report")
        FINANCIAL = "financial", _("financial report")

    grant = models.ForeignKey(Grant, models.CASCADE, related_name="reports", verbose_name=_("grant"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    file = models.FileField(_("report (PDF)"), upload_to=report_path, blank=True, validators=[UploadValidator(["pdf"])])
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    reminded_before_on = models.DateField(_("reminded before the due date on"), null=True, blank=True)
    reminded_after_on = models.DateField(_("reminded after the due date on"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()
    rights = Rights(owner="grant")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.get_kind_display()} ({date_format(self.due_on)})" if self.due_on else self.get_kind_display()

    FILE_KINDS = ["pdf"]

    def broken_rules(self):
        before = self.stored("due_on", "grant_id")
        if self.approved_on and not self.submitted_on:
            return {"approved_on": _("A report is approved once it has been submitted.")}
        if before and before["due_on"] != self.due_on:
            return {"due_on": _("A report's due date never shifts once set.")}
        if before and before["grant_id"] != self.grant_id:
            return {"grant": _("A report never moves to another grant.")}
        return {}

    def is_approved(self):
        return self.approved_on is not None


class Tranche(Ruled, ChangeStamped, models.Model):
    grant = models.ForeignKey(Grant, models.CASCADE, related_name="tranches", verbose_name=_("grant"))
    order = models.PositiveSmallIntegerField(_("tranche"), default=1)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    label = models.CharField(_("label"), max_length=200, blank=True)
    after_report = models.ForeignKey(
        Report,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="released_tranches",
        verbose_name=_("paid once this report is approved"),
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="grant", public=Q(grant__application__decision="selected"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="tranche_amount_not_negative")]

    def __str__(self):
        return f"{_('Tranche')} {self.order}"

    def broken_rules(self):
        broken = {}
        if self.order and self.order > 1 and self.after_report_id is None:
            broken["after_report"] = _("A tranche after the first depends on a report.")
        if self.after_report_id and self.grant_id and self.after_report.grant_id != self.grant_id:
            broken["after_report"] = _("The report must be one of this grant's.")
        before = self.stored("grant_id")
        if before and before["grant_id"] != self.grant_id:
            broken["grant"] = _("A tranche never moves to another grant.")
        if self.grant_id and self.amount is not None:
            others = self.grant.tranches.exclude(pk=self.pk).aggregate(total=Sum("amount"))["total"] or 0
            if others + self.amount > self.grant.amount:
                broken["amount"] = _("The tranches cannot add up to more than the grant (%(amount)s).") % {
                    "amount": money(self.grant.amount)
                }
        if self.pk and self.amount is not None and self.paid() > self.amount:
            broken["amount"] = _("%(paid)s is already paid on this tranche.") % {"paid": money(self.paid())}
        return broken

    def paid(self):
        return sum((payment.amount for payment in self.payments.all()), Decimal(0))


class Payment(Ruled, ChangeStamped, models.Model):
    tranche = models.ForeignKey(Tranche, models.PROTECT, related_name="payments", verbose_name=_("tranche"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="tranche", public=Q(tranche__grant__application__decision="selected"))

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self):
        return f"{money(self.amount)} ({date_format(self.paid_on)})" if self.paid_on else money(self.amount)

    def broken_rules(self):
        broken = {}
        if self.recorded_by_id is None:
            broken["recorded_by"] = _("A payment names who recorded it.")
        before = self.stored("tranche_id")
        if before and before["tranche_id"] != self.tranche_id:
            broken["tranche"] = _("A payment never moves to another tranche.")
        if self.amount is None or self.tranche_id is None:
            return broken
        tranche = self.tranche
        report = tranche.after_report
        if tranche.order > 1 and report is not None and not report.is_approved():
            broken[None] = _("This tranche is paid only once its report (%(report)s) is approved.") % {"report": report}
        others = Payment.objects.exclude(pk=self.pk)
        on_tranche = others.filter(tranche=tranche).aggregate(total=Sum("amount"))["total"] or 0
        on_grant = others.filter(tranche__grant=tranche.grant_id).aggregate(total=Sum("amount"))["total"] or 0
        if on_grant + self.amount > tranche.grant.amount:
            broken["amount"] = _("Payments cannot exceed the grant (%(amount)s).") % {
                "amount": money(tranche.grant.amount)
            }
        elif on_tranche + self.amount > tranche.amount:
            broken["amount"] = _("Payments cannot exceed the tranche (%(amount)s).") % {"amount": money(tranche.amount)}
        return broken


# Letters


def letter_path(instance, filename):
    # Outside any static folder; served only by cooperation.views.letter after a rights check.
    return f"cooperation/applications/{instance.application_id}/letters/{filename}"


class Letter(ChoiceLabels, models.Model):
    """A letter sent to an applicant (the decision), kept as sent: its holders read it in their
    space, staff in the back office."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision letter")

    application = models.ForeignKey(Application, models.CASCADE, related_name="letters", verbose_name=_("application"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("letter (PDF)"), upload_to=letter_path)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    FILE_KINDS = ["pdf"]
    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="application")

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self):
        return f"{self.get_kind_display()} {self.application.reference}"


# Direct bilateral projects

CHANGE_ALL_PROJECTS = "cooperation.change_all_projects"


class ProjectQuerySet(RightsQuerySet):
    def for_iati(self):
        return self.select_related("partner").prefetch_related("disbursements")


class Project(ChangeStamped, Sourced):
    """A direct bilateral project: the Region's own project with a partner city or region in a
    country of the DAC list, run without a call or a grant; held by its officers."""

    Status = ActivityStatus

    reference = models.SlugField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("Part of the IATI identifier; never changed once published."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    partner = models.ForeignKey(
        "partners.Partner", models.PROTECT, related_name="cooperation_projects", verbose_name=_("partner")
    )
    city = models.CharField(_("city or area"), max_length=200, blank=True)
    sectors = models.CharField(
        _("OECD DAC sectors"),
        max_length=200,
        validators=[codelists.validate_sector_codes],
        help_text=_("5-digit DAC sector codes separated by spaces, e.g. 43030."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("planned end"))
    committed_on = models.DateField(_("committed on"), help_text=_("The day the Region committed the budget."))
    budget = models.DecimalField(_("budget (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=1, choices=Status.choices, default=Status.IMPLEMENTATION)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Shown on the site and in the IATI file."))
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cooperation_projects", verbose_name=_("officers")
    )

    objects = ProjectQuerySet.as_manager()
    rights = Rights(holders="officers", everything=CHANGE_ALL_PROJECTS, public=Q(is_public=True))

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("direct bilateral project")
        verbose_name_plural = _("direct bilateral projects")
        permissions = [("change_all_projects", _("Can change every direct bilateral project"))]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A project ends after it starts.")
        if self.partner_id and not dac.is_recipient(self.partner.country):
            errors["partner"] = _("A direct bilateral project is with a partner in a country of the OECD DAC list.")
        if errors:
            raise ValidationError(errors)

    @property
    def country(self):
        return self.partner.country.code

    def sector_codes(self):
        return self.sectors.split()

    def paid(self):
        return sum((disbursement.amount for disbursement in self.disbursements.all()), Decimal(0))


class Disbursement(ChangeStamped, models.Model):
    """Money paid out for a direct bilateral project (an IATI disbursement); never beyond its budget."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="disbursements", verbose_name=_("project"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    paid_on = models.DateField(_("paid on"))
    receiver = models.CharField(_("paid to"), max_length=300, blank=True)
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="project", public=Q(project__is_public=True))

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self):
        return f"{money(self.amount)} ({date_format(self.paid_on)})" if self.paid_on else money(self.amount)

    def clean(self):
        if self.amount is None or self.project_id is None:
            return
        others = self.project.disbursements.exclude(pk=self.pk).aggregate(total=Sum("amount"))["total"] or 0
        if others + self.amount > self.project.budget:
            raise ValidationError(
                {
                    "amount": _("Disbursements cannot exceed the budget (%(amount)s).")
                    % {"amount": money(self.project.budget)}
                }
            )


# Publication


class IatiPublisher(models.Model):
    """The reporting organisation's IATI identifier: an org-id.guide prefix and a registration number.

    The seeds give none, so none is invented: the export refuses to run until staff set it.
    """

    organisation = models.OneToOneField(
        "core.Organisation", models.CASCADE, related_name="iati_publisher", verbose_name=_("organisation")
    )
    prefix = models.CharField(_("org-id.guide prefix"), max_length=20, help_text=_('e.g. "BE-BCE_KBO".'))
    registration_number = models.CharField(_("registration number"), max_length=50)
    organisation_type = models.CharField(
        _("IATI organisation type"), max_length=3, default="10", validators=[codelists.validator("OrganisationType")]
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        verbose_name = _("IATI publisher")
        verbose_name_plural = _("IATI publisher")

    def __str__(self):
        return self.identifier

    @property
    def identifier(self):
        return f"{self.prefix}-{self.registration_number}"


def annual_report_path(instance, filename):
    return f"cooperation/reports/{instance.year}/{filename}"


class AnnualReport(Ruled, models.Model):
    """The development cooperation report of a year as the Region publishes it: an introduction
    staff write in each language, previewed as a PDF, then published once. Publishing keeps the
    PDF of each language as a file; a published report never changes and is never deleted."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1961), MaxValueValidator(2100)]
    )
    introduction = models.TextField(_("introduction"), blank=True)
    pdf = models.FileField(_("published PDF"), upload_to=annual_report_path, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q(published_at__isnull=False))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        permissions = [("publish_annualreport", _("Can publish an annual report"))]

    def __str__(self):
        return str(_("Annual report %(year)s") % {"year": self.year})

    def is_published(self):
        return self.published_at is not None

    def broken_rules(self):
        before = self.stored("published_at")
        if before and before["published_at"] is not None:
            return {None: _("A published report never changes.")}
        return {}

    def publish(self, *, files, published_by, now):
        """Set the published PDF of each language ({language: ContentFile}); saved by the service."""
        for language, content in files.items():
            getattr(self, f"pdf_{language}").save(f"annual-report-{self.year}-{language}.pdf", content, save=False)
        self.published_at, self.published_by = now, published_by

    def delete(self, *args, **kwargs):
        if self.stored("published_at") and self.stored("published_at")["published_at"] is not None:
            raise ValidationError(_("A published report never changes."))
        return super().delete(*args, **kwargs)


# Who may be linked to what: an organisation's members are applicants, a call's officers staff.
# Checked when the link is made, whatever makes it (the back office, a shell, an import).

MEMBERS_ARE_APPLICANTS = _("An organisation's members are applicants: a staff account never joins one.")
OFFICERS_ARE_STAFF = _("A call's contact officers are staff accounts.")


def _linked_users(instance, reverse, pk_set):
    User = get_user_model()
    return User.objects.filter(pk=instance.pk) if reverse else User.objects.filter(pk__in=pk_set or [])


def members_are_applicants(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_add" and _linked_users(instance, reverse, pk_set).filter(is_staff=True).exists():
        raise ValidationError(MEMBERS_ARE_APPLICANTS)


def officers_are_staff(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_add" and _linked_users(instance, reverse, pk_set).filter(is_staff=False).exists():
        raise ValidationError(OFFICERS_ARE_STAFF)
