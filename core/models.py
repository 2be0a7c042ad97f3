from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from core.rights import Rights, RightsQuerySet
from core.uploads import UploadValidator


class ChoiceLabels:
    """`get_<field>_display()` that translates the label it shows, and no other.

    Django's own hashes every label of the field's choices on each call, and hashing a lazy
    label translates it: an activity's kind has 20 labels, so a programme of ten items cost
    200 translations. Mixed into every model with choices (through Sourced for most).
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = next((label for choice, label in field.flatchoices if choice == value), value)
        return force_str(label, strings_only=True)


class Sourced(ChoiceLabels, models.Model):
    """Where a record comes from: a seed document, a person's entry, or sample data."""

    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("The document this record was taken from, e.g. a seed document."),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Generated for benchmarks or demonstrations; not real."),
    )

    class Meta:
        abstract = True


class ChangeStamped(models.Model):
    """When the record last changed, for what publishes it (an IATI activity's
    last-updated-datetime): set by every save(). Code that writes with QuerySet.update() sets
    it itself; a record changed before the field existed has none (None)."""

    changed_at = models.DateTimeField(_("last changed at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.changed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at"}
        super().save(*args, **kwargs)


class Organisation(Sourced):
    """The office that runs this Liaison: one row, shown in every page's header."""

    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region or city"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Filled in by staff: the public directory shows what is there and invents nothing.
    address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="organisation/",
        blank=True,
        validators=[UploadValidator(["png", "jpeg"])],
        help_text=_("PNG or JPEG, shown on the documents the office publishes (the annual report)."),
    )
    # No default: a threshold is the organisation's own rule, and none is invented; without
    # one, no gift is listed in the public register.
    gift_threshold = models.DecimalField(
        _("threshold for gifts (EUR)"),
        max_digits=13,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A gift received above it belongs to the institution and is listed in the public register."),
    )
    # No default either: the licence of the open data is the organisation's decision. Until it
    # is set, the open-data page says so and offers no file (api.opendata).
    open_data_licence = models.CharField(
        _("licence of the open data"),
        max_length=200,
        blank=True,
        help_text=_("Its name as published with every dataset, e.g. Creative Commons Attribution 4.0."),
    )
    open_data_licence_id = models.CharField(
        _("licence identifier"),
        max_length=50,
        blank=True,
        help_text=_("Its SPDX identifier, if it has one, e.g. CC-BY-4.0."),
    )
    open_data_licence_url = models.URLField(_("licence text"), blank=True, help_text=_("The address of its text."))
    wikidata_id = models.CharField(
        _("Wikidata item"),
        max_length=20,
        blank=True,
        help_text=_(
            "The Wikidata item of the region or city the office works for: the subject of the "
            "partnership statements (P190) of the open data."
        ),
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=models.Q())

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self):
        return self.name

    @property
    def has_open_data_licence(self):
        return bool(self.open_data_licence and self.open_data_licence_url)

    @property
    def has_contact(self):
        return any([self.address, self.phone, self.email])


class SeedRecord(models.Model):
    """A record of the data file that the import has loaded, with what it loaded.

    From its first load a record belongs to the database: staff may edit or delete it, and the
    import never creates it again. For each field it keeps a digest of the value the file gave
    (`fields`): on a later start, a field whose value still has that digest was never changed
    by staff, and takes the file's corrected value; a field staff changed is left as it is and
    the file's new value is offered to them (SeedCorrection). `inferred` names the fields the
    file gives as a reasonable inference, not as a statement of a source, with why.
    """

    key = models.CharField(_("key"), max_length=300, unique=True, help_text=_('e.g. "partners.partner:berlin".'))
    content_type = models.ForeignKey(
        "contenttypes.ContentType", models.CASCADE, null=True, blank=True, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("row id"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("first loaded at"), auto_now_add=True)
    fields = models.JSONField(_("digests of the values loaded"), default=dict, blank=True)
    inferred = models.JSONField(_("inferred fields"), default=dict, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn by the source at"), null=True, blank=True)

    class Meta:
        verbose_name = _("loaded seed record")
        verbose_name_plural = _("loaded seed records")
        indexes = [models.Index(fields=["content_type", "object_id"], name="seedrecord_row")]

    def __str__(self):
        return self.key


class SeedCorrectionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=SeedCorrection.State.PENDING)

    def reviewable_by(self, user):
        """The corrections of records the user may change (or delete, for a record the source
        withdrew), by each model's Rights declaration: the head of unit and the record's editors."""
        from django.contrib.contenttypes.models import ContentType

        rule = models.Q(pk__in=[])
        kinds = self.order_by().values("record__content_type").distinct()
        for kind in ContentType.objects.filter(pk__in=kinds):
            model = kind.model_class()
            rights = getattr(model, "rights", None)
            if rights is None:
                continue
            manager = model._default_manager
            editable = rights.editable(manager.all(), user).values("pk")
            deletable = rights.editable(manager.all(), user, action="delete").values("pk")
            rule |= models.Q(record__content_type=kind) & (
                (~models.Q(field="") & models.Q(record__object_id__in=editable))
                | (models.Q(field="") & models.Q(record__object_id__in=deletable))
            )
        return self.filter(rule)


class SeedCorrection(models.Model):
    """What the data file now says of a field that staff had changed: "the source now says …",
    for staff to accept or dismiss. An empty `field` means the source no longer holds the record."""

    class State(models.TextChoices):
        PENDING = "pending", _("to review")
        ACCEPTED = "accepted", _("accepted")
        DISMISSED = "dismissed", _("dismissed")

    record = models.ForeignKey(SeedRecord, models.CASCADE, related_name="corrections", verbose_name=_("record"))
    field = models.CharField(_("field"), max_length=100, blank=True)
    value = models.JSONField(_("value the source now gives"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )

    objects = SeedCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "pk"]
        verbose_name = _("correction from the source")
        verbose_name_plural = _("corrections from the source")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "field"], condition=models.Q(state="pending"), name="one_pending_correction_a_field"
            )
        ]

    def __str__(self):
        return f"{self.record}: {self.field or _('withdrawn')}"

    @property
    def target(self):
        """The row the correction is about, or None if it is gone."""
        model = self.record.content_type.model_class() if self.record.content_type_id else None
        if model is None:
            return None
        return model._default_manager.filter(pk=self.record.object_id).first()


class Routine(ChoiceLabels, models.Model):
    """One of the office's periodic chores (core.routines), run by whichever worker leases it first.

    The lease works as the newsletter's deliveries do: a conditional update takes the routine
    only when it is due and nobody holds it, or the holder's lease expired (a killed worker).
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(_("routine"), max_length=50, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    leased_by = models.CharField(_("worker"), max_length=100, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    last_result = models.CharField(_("what it did"), max_length=1000, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        permissions = [("view_operations", _("Can see the state of the workers, routines and backups"))]

    def __str__(self):
        return self.name


class WorkerBeat(models.Model):
    """The last sign of life of one worker process (`manage.py worker`), written every heartbeat."""

    name = models.CharField(_("worker"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last heartbeat"))
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    doing = models.CharField(_("doing"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.name
