"""Activities: missions, visits, events and exchanges, with their delegation, programme and outcomes.

An activity is its own root in the rights layer (core.rights): it is held by the officers of
its partners' portfolios, and the protocol officer and the head of unit change them all
(`activities.change_all_activities`). Everything else here belongs to an activity, except
people, organisations and funding programmes, which are shared across activities.
"""

import datetime
import secrets
import zoneinfo
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.languages import localized_fields
from core.models import ChoiceLabels, Sourced
from core.rights import Rights, RightsQuerySet
from core.uploads import UploadValidator
from partners.models import Agreement

CAN_CHANGE_ALL = "activities.change_all_activities"
PUBLIC = Q(visibility="public")
# A feed holds the past year and everything upcoming, so its size does not grow with the history.
FEED_PAST_DAYS = 365


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone, such as Europe/Brussels."), params={"value": value}
        )


class FundingProgramme(Sourced):
    """A programme that funds activities, such as the EU programme LEONARDO."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True, help_text=_("e.g. European Union."))

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")

    def __str__(self):
        return self.name


class Person(Sourced):
    """One person, reused across the activities they take part in (Rudi Vervoort is in three seeds)."""

    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=300, blank=True, help_text=_("e.g. Minister-President."))
    is_public = models.BooleanField(
        _("may be named on the public site"), default=True, help_text=_("Public figures acting in office.")
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q(is_public=True))

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class Organisation(Sourced):
    """A company, institution or association that takes part in activities (MCE, UMEM Centre...)."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        PUBLIC_BODY = "public_body", _("public body")
        UNIVERSITY = "university", _("university or school")
        CULTURAL = "cultural", _("cultural institution")
        ASSOCIATION = "association", _("association")
        INTERNATIONAL = "international", _("international organisation")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    other_names = models.TextField(
        _("other names and spellings"),
        blank=True,
        help_text=_("One a line, as sources write it, e.g. Management Centre Europe."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self):
        return self.name


# An activity's last day: its end, or its start when it has no end (indexed with the visibility).
LAST_DAY = Coalesce("end_date", "start_date")


class ActivityQuerySet(RightsQuerySet):
    def upcoming(self, today=None):
        """Not over yet: its last day (the end, or the start) is today or later; read from the
        index on that expression, not by walking every past activity in date order."""
        today = today or timezone.localdate()
        return self.alias(last_day=LAST_DAY).filter(last_day__gte=today)

    def in_start_order(self):
        """The first to start first. Ordered on an expression (the start, or the end when the start
        is unknown) so that SQLite filters upcoming activities on LAST_DAY's index and sorts the few
        it finds, instead of walking the whole history in start order."""
        return self.order_by(Coalesce("start_date", "end_date"), "pk")

    def past(self, today=None):
        """What is not upcoming: over before today, or undated (known only from an account of it)."""
        today = today or timezone.localdate()
        return self.alias(last_day=LAST_DAY).filter(Q(last_day__lt=today) | Q(last_day__isnull=True))

    def in_feed_window(self, today=None):
        """What a calendar feed holds: the past year and what is upcoming, known to the day (an
        activity known to the month only would show as a month-long event)."""
        today = today or timezone.localdate()
        since = today - datetime.timedelta(days=FEED_PAST_DAYS)
        return self.filter(start_date__gte=since, date_precision=Activity.Precision.DAY)

    def in_month(self, first, last):
        """Activities that start in the month, or began before it and run into it."""
        return self.filter(start_date__lte=last).filter(Q(start_date__gte=first) | Q(end_date__gte=first))

    def for_list(self):
        return self.select_related("funding_programme").prefetch_related("partners")

    def with_page_flags(self):
        """Each activity with `has_public_documents` and `has_public_parts`. Most activities have
        neither, and its page then reads neither list: two Exists in this query cost less than
        two queries of their own (about 2 ms of a 40 ms page on PostgreSQL)."""
        return self.annotate(
            has_public_documents=Exists(ActivityDocument.objects.public().filter(activity=OuterRef("pk"))),
            has_public_parts=Exists(Activity.objects.public().filter(parent=OuterRef("pk"))),
        )

    def for_timeline(self):
        return self.only(*Activity.LIST_FIELDS).order_by(F("start_date").desc(nulls_last=True), "-pk")

    def years(self, today=None):
        """The years of the past activities, from the latest to the earliest: two index lookups
        (the first start, the last start before today) rather than a scan."""
        today = today or timezone.localdate()
        first = self.aggregate(first=Min("start_date"))["first"]
        last = self.filter(start_date__lt=today).aggregate(last=Max("start_date"))["last"]
        if first is None or last is None:
            return []
        return list(range(last.year, first.year - 1, -1))


class Activity(Sourced):
    class Kind(models.TextChoices):
        MISSION = "mission", _("mission abroad")
        INCOMING_VISIT = "incoming_visit", _("incoming visit")
        STATE_VISIT = "state_visit", _("state visit")
        EXCHANGE = "exchange", _("exchange programme")
        EXHIBITION = "exhibition", _("exhibition")
        CITY_DAYS = "city_days", _("city days (Brussels Days, Berlin Days)")
        ANNIVERSARY = "anniversary", _("anniversary")
        CONCERT = "concert", _("concert")
        SPORTS = "sports", _("sports event")
        RECEPTION = "reception", _("reception")
        CULTURAL_PROJECT = "cultural_project", _("cultural project")
        PANEL = "panel", _("panel discussion")
        VIDEOCONFERENCE = "videoconference", _("videoconference")
        QUESTIONNAIRE = "questionnaire", _("questionnaire exchanged between cities")
        BUSINESS_FORUM = "business_forum", _("business forum")
        FIELD_VISIT = "field_visit", _("field visit")
        MEETING = "meeting", _("political meeting")
        SIGNING = "signing", _("signing ceremony")
        WREATH_LAYING = "wreath_laying", _("wreath-laying")
        OTHER = "other", _("other")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month only")
        YEAR = "year", _("year only")
        UNKNOWN = "unknown", _("date not known")

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        HELD = "held", _("held")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")
        # What seed 000 says of the joint projects planned before the pandemic, as a whole.
        CANCELLED_OR_POSTPONED = "cancelled_or_postponed", _("cancelled or postponed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal")

    LIST_FIELDS = [
        "slug",
        "kind",
        "state",
        "start_date",
        "end_date",
        "date_precision",
        "start_time",
        "end_time",
        "time_zone",
        "country",
        "is_sample",
        *localized_fields("title"),
        *localized_fields("city"),
    ]

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("The larger activity this one belongs to, e.g. an anniversary programme."),
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("When only the month is known, enter the first day of that month and choose “month only”."),
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the dates"), max_length=7, choices=Precision.choices, default=Precision.DAY
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Brussels",
        validators=[validate_time_zone],
        help_text=_("Of the place where it happens, e.g. Europe/Istanbul."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="activities", verbose_name=_("partners")
    )
    themes = models.ManyToManyField("partners.Theme", blank=True, related_name="activities", verbose_name=_("themes"))
    networks = models.ManyToManyField(
        "partners.Network", blank=True, related_name="activities", verbose_name=_("city networks")
    )
    funding_programme = models.ForeignKey(
        FundingProgramme,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("funding programme"),
    )
    state = models.CharField(_("state"), max_length=25, choices=State.choices, default=State.PLANNED)
    state_reason = models.CharField(
        _("reason for the state"), max_length=300, blank=True, help_text=_("e.g. the pandemic.")
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    responsible = models.ForeignKey(
        "directory.StaffMember",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("responsible officer"),
    )
    attendance = models.PositiveIntegerField(
        _("number of guests"), null=True, blank=True, help_text=_("Approximate, as known.")
    )
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown on the public site."))
    followers = models.ManyToManyField(
        "auth.User", blank=True, related_name="followed_activities", verbose_name=_("followed by")
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, editable=False, help_text=_("Raised when dates or state change (iCalendar SEQUENCE).")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()
    rights = Rights(
        holders="partners__assignments__staff_member__user",
        everything=CAN_CHANGE_ALL,
        public=PUBLIC,
        private=["internal_notes", "followers", "sequence"],
    )

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        permissions = [("change_all_activities", _("Can change the activities of every partner"))]
        indexes = [
            models.Index(fields=["visibility", "start_date"], name="activity_public_date"),
            models.Index(F("visibility"), LAST_DAY, name="activity_public_last_day"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity-detail", args=[self.slug])

    def clean(self):
        errors = {}
        if (self.start_date is None) != (self.date_precision == self.Precision.UNKNOWN):
            errors["start_date"] = _("Give a start date, or choose “date not known” and leave it empty.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot come before the start.")
        elif self.start_date == self.end_date and self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("The end cannot come before the start.")
        if self.date_precision != self.Precision.DAY and (self.start_time or self.end_time):
            errors["start_time"] = _("A time needs a date known to the day.")
        if self.is_cancelled_or_postponed and not self.state_reason:
            errors["state"] = _("Say why it was postponed or cancelled.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Subscribed calendars replace an event only when its SEQUENCE rises (RFC 5545, 3.8.7.4).
        if self.pk:
            before = Activity.objects.filter(pk=self.pk).values(*self.SCHEDULE_FIELDS).first()
            if before and any(before[field] != getattr(self, field) for field in self.SCHEDULE_FIELDS):
                self.sequence += 1
        super().save(*args, **kwargs)

    SCHEDULE_FIELDS = [
        "start_date",
        "end_date",
        "date_precision",
        "start_time",
        "end_time",
        "time_zone",
        "state",
        "venue",
        "city",
    ]

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        """The start as an aware datetime, or None when only the date is known."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self):
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.end_date or self.start_date, self.end_time, tzinfo=self.zone)

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_in_calendars(self):
        """Only an activity known to the day goes into calendar files: one known to the month or
        the year would show as an event lasting the whole month or year."""
        return self.start_date is not None and self.date_precision == self.Precision.DAY

    @property
    def is_over(self):
        """Whether its last possible day (the end of its month, for one known to the month) is past."""
        last = self.end_date or self.start_date
        if last is None:
            return False
        if self.date_precision == self.Precision.MONTH:
            last = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        elif self.date_precision == self.Precision.YEAR:
            last = last.replace(month=12, day=31)
        return last < timezone.localdate()

    @property
    def is_cancelled_or_postponed(self):
        return self.state in (self.State.POSTPONED, self.State.CANCELLED, self.State.CANCELLED_OR_POSTPONED)

    @property
    def is_month_only(self):
        return self.date_precision == self.Precision.MONTH

    @property
    def schema_status(self):
        """schema.org's eventStatus; None when it is not known which (cancelled or postponed)."""
        return {
            self.State.CANCELLED: "https://schema.org/EventCancelled",
            self.State.POSTPONED: "https://schema.org/EventPostponed",
            self.State.CANCELLED_OR_POSTPONED: None,
        }.get(self.state, "https://schema.org/EventScheduled")


class ProgrammeItemQuerySet(RightsQuerySet):
    def for_page(self):
        """Each item with its public people and its organisations as lists (`public_people`,
        `organisation_list`): a page that reads them builds no queryset per item."""
        return self.prefetch_related(
            Prefetch("people", queryset=Person.objects.public(), to_attr="public_people"),
            Prefetch("organisations", to_attr="organisation_list"),
        )


class ProgrammeItem(ChoiceLabels, models.Model):
    """One item of an activity's day-by-day programme: a meeting, a field visit, a signing..."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="programme", verbose_name=_("activity"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Activity.Kind.choices, default=Activity.Kind.MEETING)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty when the day is not known."))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="programme_items", verbose_name=_("people"))
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="programme_items", verbose_name=_("organisations")
    )
    order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The programme is shown in this order, the smallest first.")
    )

    objects = ProgrammeItemQuerySet.as_manager()
    rights = Rights(owner="activity", public=Q(activity__visibility="public"))

    class Meta:
        # By position alone: by date first, an item known to the day sorted apart from the others,
        # and differently on SQLite (empty dates first) and PostgreSQL (last).
        ordering = ["order", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": _("The end cannot come before the start.")})


class Participant(ChoiceLabels, models.Model):
    """Someone in an activity, with their role: a person, an organisation, a person for an
    organisation, or an unnamed group counted (the 17 company representatives of 2021)."""

    class Role(models.TextChoices):
        HEAD = "head", _("head of delegation")
        POLITICIAN = "politician", _("politician")
        ADVISOR = "advisor", _("advisor")
        OFFICIAL = "official", _("official")
        AMBASSADOR = "ambassador", _("ambassador")
        COUNTERPART = "counterpart", _("counterpart")
        HOST = "host", _("host")
        SPEAKER = "speaker", _("speaker")
        COMPANY = "company", _("company")
        COMPANY_REPRESENTATIVE = "company_representative", _("company representative")
        ORGANISATION = "organisation", _("organisation")
        ARTIST = "artist", _("artist")
        GUEST = "guest", _("guest")

    class Side(models.TextChoices):
        OURS = "ours", _("Brussels delegation")
        PARTNER = "partner", _("partner's side")
        OTHER = "other", _("other")

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="participants", verbose_name=_("activity"))
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="participations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("An unnamed person or group, e.g. Brussels-based companies."),
    )
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, default=Side.OURS)
    office = models.CharField(
        _("office in this activity"), max_length=300, blank=True, help_text=_("When it differs from the person's.")
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Participants are listed in this order, the smallest first.")
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="activity", public=Q(activity__visibility="public", is_public=True))

    class Meta:
        # By position alone: by side first, "other" sorted before "ours" (an ambassador before the
        # head of the delegation).
        ordering = ["order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("delegation and participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False) | ~Q(group=""),
                name="participant_is_someone",
            )
        ]

    def __str__(self):
        names = [str(part) for part in (self.person, self.organisation) if part] or [self.group]
        return " – ".join(names)

    def clean(self):
        if not (self.person_id or self.organisation_id or self.group):
            raise ValidationError(_("Name a person, an organisation or a group."))


class OutcomeQuerySet(RightsQuerySet):
    def with_agreement_page(self):
        """Each outcome with `agreement_partner_slug`: the partner whose public page shows the
        agreement signed, or None when the public may not see that agreement."""
        public = Agreement.objects.public().filter(pk=OuterRef("agreement_id"))
        return self.annotate(agreement_partner_slug=Subquery(public.values("partner__slug")[:1]))


class Outcome(ChoiceLabels, models.Model):
    """What came of an activity: an agreement signed (linked to its record), a third-party
    agreement (MCE with Istanbul Technical University), or another result."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("agreement signed")
        THIRD_PARTY = "third_party", _("third-party agreement")
        OTHER = "other", _("other result")

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="outcomes", verbose_name=_("activity"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    agreement = models.ForeignKey(
        "partners.Agreement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("agreement"),
    )
    parties = models.ManyToManyField(
        Organisation, blank=True, related_name="outcomes", verbose_name=_("parties (third-party agreement)")
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)

    objects = OutcomeQuerySet.as_manager()
    rights = Rights(owner="activity", public=Q(activity__visibility="public", is_public=True))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == self.Kind.AGREEMENT and not self.agreement_id:
            raise ValidationError({"agreement": _("Link the agreement that was signed.")})


class FollowUpQuerySet(RightsQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def for_dashboard(self, user):
        """The open actions owned by the user's staff member, soonest due first."""
        return self.open().filter(owner__user=user).select_related("activity").order_by("due_on", "pk")


class FollowUp(models.Model):
    """An action that follows an activity, with an owner and a due date; internal."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="follow_ups", verbose_name=_("activity"))
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "directory.StaffMember", models.PROTECT, related_name="follow_ups", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()
    rights = Rights(owner="activity")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self):
        return self.title


def activity_file_path(document, filename):
    return f"activities/{document.activity_id}/{Path(filename).name}"


class ActivityDocument(models.Model):
    """A document or a photo of an activity, with its caption."""

    FILE_KINDS = ["pdf", "odt", "docx", "png", "jpeg"]
    IMAGE_KINDS = ["png", "jpeg"]

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="documents", verbose_name=_("activity"))
    caption = models.CharField(_("caption"), max_length=300)
    file = models.FileField(_("file"), upload_to=activity_file_path, validators=[UploadValidator(FILE_KINDS)])
    is_photo = models.BooleanField(_("photo"), default=False)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=False)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="activity", public=Q(activity__visibility="public", is_public=True))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document or photo")
        verbose_name_plural = _("documents and photos")

    def __str__(self):
        return self.caption

    def clean(self):
        if self.is_photo and self.file:
            try:
                UploadValidator(self.IMAGE_KINDS)(self.file)
            except ValidationError as error:
                raise ValidationError({"file": _("A photo must be a PNG or JPEG image.")}) from error


class FeedToken(models.Model):
    """The secret in a staff member's private calendar address; revoking it ends the feed."""

    user = models.ForeignKey("auth.User", models.CASCADE, related_name="activity_feed_tokens", verbose_name=_("user"))
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=100, help_text=_("Where it is used, e.g. phone, laptop."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = RightsQuerySet.as_manager()
    # Each user sees their own tokens; the head of unit may revoke any.
    rights = Rights(holders="user", holders_see=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)
