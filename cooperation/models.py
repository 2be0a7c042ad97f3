"""Development cooperation: the policy frame, budgets, calls, applications, evaluation and grants.

Who may see and change what is declared once per model (core.rights, docs/rights.md). Two roots
hold the records: a call is held by its contact officers; an applicant organisation by its
members, who see their own applications, attachments and grants (holders_see) without any staff
permission. Figures are never typed twice: what is committed and paid comes from grants and
payments.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation import codelists, identifiers
from core import dac
from core.models import ChoiceLabels, Sourced
from core.rights import Rights, RightsQuerySet
from core.uploads import UploadValidator

MONEY = {"max_digits": 13, "decimal_places": 2}
HANDLE_ALL = "cooperation.handle_all_applications"
CHANGE_ALL_CALLS = "cooperation.change_all_calls"
LANGUAGE_CHOICES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English")), ("de", _("German"))]


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
        return self.text or f"{self.get_kind_display()} {self.order} ({_('to be filled in')})"


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


class Call(Sourced):
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

    objects = CallQuerySet.as_manager()
    rights = Rights(holders="officers", everything=CHANGE_ALL_CALLS, public=Q(is_published=True))

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        permissions = [("change_all_calls", _("Can change every call for projects"))]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call closes after it opens.")})
        if self.envelope is not None and self.maximum_grant is not None and self.maximum_grant > self.envelope:
            raise ValidationError({"maximum_grant": _("The maximum grant cannot exceed the envelope.")})

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
        return selected.aggregate(total=Sum("requested_amount"))["total"] or Decimal(0)


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


class ApplicantOrganisation(Sourced):
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
    rights = Rights(holders="members", everything=HANDLE_ALL, holders_see=True)

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


class ConflictAwareQuerySet(RightsQuerySet):
    """Rows the Rights declaration lets a user see, less the applications they declared a conflict with."""

    conflict_path = None

    def visible_to(self, user):
        visible = super().visible_to(user)
        if not user.is_authenticated:
            return visible
        return visible.exclude(
            **{f"{self.conflict_path}__evaluator": user, f"{self.conflict_path}__conflict": "conflict"}
        )


class ApplicationQuerySet(ConflictAwareQuerySet):
    conflict_path = "evaluations"

    def held_by(self, user):
        """The applications of the organisations the user is a member of, by the Rights declaration."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.model.rights.holder_path(): user})

    def for_ranking(self, call):
        return self.filter(call=call, state__in=Application.EVALUATED_STATES).select_related("organisation")


class Application(Sourced):
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
    rights = Rights(owner="organisation")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.reference or _('draft')}: {self.title}"

    def clean(self):
        # The back office may set a decision too: the envelope holds there as in the service.
        if self.decision == self.Decision.SELECTED and self.call_id:
            selected = self.call.selected_amount(excluding=self if self.pk else None) + (self.requested_amount or 0)
            if selected > self.call.envelope:
                message = _("Selecting it would exceed the call's envelope of %(envelope)s EUR.")
                raise ValidationError({"decision": ValidationError(message, params={"envelope": self.call.envelope})})

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


class BudgetLine(models.Model):
    """A line of an application's budget table: its cost and what other funders pay of it."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="lines", verbose_name=_("application"))
    label = models.CharField(_("budget line"), max_length=300)
    amount = models.DecimalField(_("cost (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    cofunding = models.DecimalField(_("co-funding (EUR)"), **MONEY, default=0, validators=[MinValueValidator(0)])

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="application")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.label

    def clean(self):
        if self.amount is not None and self.cofunding is not None and self.cofunding > self.amount:
            raise ValidationError({"cofunding": _("The co-funding of a line cannot exceed its cost.")})


def attachment_path(instance, filename):
    # Outside any static folder; served only by cooperation.views.attachment after a rights check.
    return f"cooperation/applications/{instance.application_id}/{filename}"


class AttachmentQuerySet(ConflictAwareQuerySet):
    conflict_path = "application__evaluations"


class Attachment(models.Model):
    FILE_KINDS = ["pdf"]

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    label = models.CharField(_("document"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to=attachment_path, validators=[UploadValidator(FILE_KINDS)])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()
    rights = Rights(owner="application")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.label


# Evaluation


class Evaluation(ChoiceLabels, models.Model):
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

    def total(self):
        """The weighted total out of 100, from scores out of 10 on the call's grid."""
        return sum((score.score * score.criterion.weight / 10 for score in self.scores.all()), Decimal(0))


class Score(models.Model):
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


# Grants


class GrantQuerySet(RightsQuerySet):
    def for_projects_page(self):
        return self.public().select_related("application__organisation", "application__call__modality")

    def for_iati(self):
        return self.select_related("application__organisation", "application__call__modality").prefetch_related(
            "tranches__payments"
        )


class Grant(Sourced):
    application = models.OneToOneField(Application, models.PROTECT, related_name="grant", verbose_name=_("application"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    awarded_on = models.DateField(_("awarded on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = GrantQuerySet.as_manager()
    rights = Rights(owner="application", public=Q(application__decision="selected"))

    class Meta:
        ordering = ["-awarded_on", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self):
        return f"{_('Grant')} {self.application.reference}"

    def paid(self):
        return sum((p.amount for t in self.tranches.all() for p in t.payments.all()), Decimal(0))

    def tranches_total(self):
        return self.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)


class ReportQuerySet(RightsQuerySet):
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


class Report(ChoiceLabels, models.Model):
    """A narrative or financial report due on a date that never moves once set."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("narrative report")
        FINANCIAL = "financial", _("financial report")

    grant = models.ForeignKey(Grant, models.CASCADE, related_name="reports", verbose_name=_("grant"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
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
        return f"{self.get_kind_display()} ({self.due_on})"

    def clean(self):
        if self.pk:
            before = Report.objects.filter(pk=self.pk).values_list("due_on", flat=True).first()
            if before and before != self.due_on:
                raise ValidationError({"due_on": _("A report's due date never shifts once set.")})

    def is_approved(self):
        return self.approved_on is not None


class Tranche(models.Model):
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
    rights = Rights(owner="grant")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")

    def __str__(self):
        return f"{_('Tranche')} {self.order}"

    def clean(self):
        if self.order and self.order > 1 and self.after_report_id is None:
            raise ValidationError({"after_report": _("A tranche after the first depends on a report.")})
        if self.after_report_id and self.grant_id and self.after_report.grant_id != self.grant_id:
            raise ValidationError({"after_report": _("The report must be one of this grant's.")})

    def paid(self):
        return sum((payment.amount for payment in self.payments.all()), Decimal(0))


class Payment(models.Model):
    tranche = models.ForeignKey(Tranche, models.PROTECT, related_name="payments", verbose_name=_("tranche"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="tranche")

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self):
        return f"{self.amount} EUR ({self.paid_on})"

    def clean(self):
        if self.amount is None or self.tranche_id is None:
            return
        tranche = self.tranche
        report = tranche.after_report
        if tranche.order > 1 and report is not None and not report.is_approved():
            raise ValidationError(
                _("This tranche is paid only once its report (%(report)s) is approved."), params={"report": report}
            )
        grant = tranche.grant
        others = Payment.objects.filter(tranche__grant=grant).exclude(pk=self.pk).aggregate(total=Sum("amount"))
        if (others["total"] or 0) + self.amount > grant.amount:
            raise ValidationError(
                {"amount": _("Payments cannot exceed the grant (%(amount)s EUR).") % {"amount": grant.amount}}
            )


# Direct bilateral projects

CHANGE_ALL_PROJECTS = "cooperation.change_all_projects"


class ProjectQuerySet(RightsQuerySet):
    def for_iati(self):
        return self.select_related("partner").prefetch_related("disbursements")


class Project(Sourced):
    """A direct bilateral project: the Region's own project with a partner city or region in a
    country of the DAC list, run without a call or a grant; held by its officers."""

    class Status(models.TextChoices):
        # IATI ActivityStatus codes 1, 2, 3 and 4.
        PIPELINE = "1", _("in preparation")
        IMPLEMENTATION = "2", _("under way")
        FINALISATION = "3", _("being completed")
        CLOSED = "4", _("closed")

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


class Disbursement(models.Model):
    """Money paid out for a direct bilateral project (an IATI disbursement); never beyond its budget."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="disbursements", verbose_name=_("project"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    paid_on = models.DateField(_("paid on"))
    receiver = models.CharField(_("paid to"), max_length=300, blank=True)
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="project")

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self):
        return f"{self.amount} EUR ({self.paid_on})"

    def clean(self):
        if self.amount is None or self.project_id is None:
            return
        others = self.project.disbursements.exclude(pk=self.pk).aggregate(total=Sum("amount"))["total"] or 0
        if others + self.amount > self.project.budget:
            raise ValidationError(
                {
                    "amount": _("Disbursements cannot exceed the budget (%(amount)s EUR).")
                    % {"amount": self.project.budget}
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
