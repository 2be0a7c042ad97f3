"""The file of an occasion: its checklist, guests (and what is private about them) and seating."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabels, Sourced
from core.rights import Rights, RightsQuerySet
from core.rules import Ruled
from protocol.models.shared import LANGUAGE_CHOICES, FormOfAddress, Office, PrecedenceList, Room, Title, Venue


class Occasion(models.TextChoices):
    STATE_VISIT = "state_visit", _("State visit")
    DELEGATION = "delegation", _("incoming delegation")
    RECEPTION = "reception", _("reception")
    SIGNING = "signing", _("signing ceremony")
    CONFERENCE = "conference", _("conference")


class ChecklistTemplateItem(models.Model):
    """An item every file of a kind of occasion starts with; the office writes them."""

    occasion = models.CharField(_("kind of occasion"), max_length=20, choices=Occasion.choices)
    title = models.CharField(_("item"), max_length=300)
    is_mandatory = models.BooleanField(_("mandatory"), default=False)
    order = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights()

    class Meta:
        ordering = ["occasion", "order", "pk"]
        verbose_name = _("checklist item for a kind of occasion")
        verbose_name_plural = _("checklists per kind of occasion")

    def __str__(self):
        return self.title


class ProtocolFileQuerySet(RightsQuerySet):
    def for_list(self):
        return self.select_related("activity", "venue", "room")


class ProtocolFile(Ruled, Sourced):
    class State(models.TextChoices):
        PREPARING = "preparing", _("in preparation")
        READY = "ready", _("ready")
        HELD = "held", _("held")

    class Press(models.TextChoices):
        UNKNOWN = "", _("not decided")
        NONE = "none", _("no press")
        INVITED = "invited", _("press invited")
        PHOTO = "photo", _("photo opportunity only")

    class Security(models.TextChoices):
        UNKNOWN = "", _("not decided")
        STANDARD = "standard", _("standard")
        ENHANCED = "enhanced", _("enhanced")
        HIGH = "high", _("high")

    activity = models.ForeignKey(
        "activities.Activity", models.CASCADE, related_name="protocol_files", verbose_name=_("activity")
    )
    programme_item = models.ForeignKey(
        "activities.ProgrammeItem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="protocol_files",
        verbose_name=_("item of the programme"),
        help_text=_("The occasion within the activity, e.g. a signing during a mission."),
    )
    occasion = models.CharField(_("kind of occasion"), max_length=20, choices=Occasion.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("The day of the occasion; the order of precedence is the one in force then."),
    )
    host = models.CharField(_("host"), max_length=300, blank=True)
    guest_of_honour = models.CharField(_("guest of honour"), max_length=300, blank=True)
    venue = models.ForeignKey(
        Venue, models.PROTECT, null=True, blank=True, related_name="protocol_files", verbose_name=_("venue")
    )
    room = models.ForeignKey(
        Room, models.PROTECT, null=True, blank=True, related_name="protocol_files", verbose_name=_("room")
    )
    expected_guests = models.PositiveIntegerField(_("expected guests"), null=True, blank=True)
    dress_code = models.CharField(_("dress code"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    interpreters = models.TextField(_("interpreters"), blank=True)
    press = models.CharField(_("press"), max_length=10, choices=Press.choices, blank=True, default=Press.UNKNOWN)
    security_level = models.CharField(
        _("security level"), max_length=10, choices=Security.choices, blank=True, default=Security.UNKNOWN
    )
    precedence_host = models.CharField(
        _("order of precedence of"),
        max_length=200,
        blank=True,
        help_text=_("The host whose order of precedence, in force on the date, ranks the guests."),
    )
    flag_order = models.TextField(
        _("flags, in the order the venue needs"),
        blank=True,
        help_text=_("One country or entity a line; filled in from the guests with “Order the flags”."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREPARING)
    notes = models.TextField(_("notes"), blank=True)

    objects = ProtocolFileQuerySet.as_manager()
    # Read by the officers of the activity's partners, and by the roles that reach every activity
    # (the protocol officer, the head of unit): the guest list of one partner's visit is not the
    # whole role's.
    rights = Rights(owner="activity", held_only=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("protocol file")
        verbose_name_plural = _("protocol files")

    def __str__(self):
        return self.title

    def broken_rules(self):
        broken = {}
        if self.state != self.State.PREPARING and self._has_open_mandatory_item():
            broken["state"] = _(
                "A mandatory item of the checklist is still open: mark it done and save, then mark the file ready."
            )
        if self.room_id and self.room.venue_id != self.venue_id:
            broken["room"] = _("The room must be in the venue.")
        return broken

    def _has_open_mandatory_item(self):
        if self._state.adding or self.pk is None:  # its checklist will be the occasion's
            return ChecklistTemplateItem.objects.filter(occasion=self.occasion, is_mandatory=True).exists()
        return self.checklist.filter(is_mandatory=True, done_on=None).exists()

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:  # one save each, so that the audit has them
            for item in ChecklistTemplateItem.objects.filter(occasion=self.occasion):
                ChecklistItem.objects.create(
                    protocol_file=self, title=item.title, is_mandatory=item.is_mandatory, order=item.order
                )

    def precedence_list(self):
        if not (self.precedence_host and self.date):
            return None
        return PrecedenceList.objects.in_force(self.precedence_host, self.date)


class ChecklistItem(Ruled, models.Model):
    protocol_file = models.ForeignKey(
        ProtocolFile, models.CASCADE, related_name="checklist", verbose_name=_("protocol file")
    )
    title = models.CharField(_("item"), max_length=300)
    is_mandatory = models.BooleanField(_("mandatory"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="protocol_file")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")

    def __str__(self):
        return self.title

    def broken_rules(self):
        if self.is_mandatory and self.done_on is None and self.protocol_file.state != ProtocolFile.State.PREPARING:
            return {"done_on": _("The file is ready: a mandatory item cannot be open.")}
        return {}


def _token():
    return secrets.token_urlsafe(32)


class GuestQuerySet(RightsQuerySet):
    def confirmed(self):
        return self.filter(rsvp__in=[Guest.Rsvp.ACCEPTED, Guest.Rsvp.REPRESENTED])

    def for_list(self):
        return self.select_related("office", "representing_office", "title")


class Guest(Ruled, ChoiceLabels, models.Model):
    class Role(models.TextChoices):
        GUEST = "guest", _("guest")
        HOST = "host", _("host")
        GUEST_OF_HONOUR = "guest_of_honour", _("guest of honour")

    class Rsvp(models.TextChoices):
        INVITED = "invited", _("no answer yet")
        ACCEPTED = "accepted", _("accepts")
        DECLINED = "declined", _("declines")
        REPRESENTED = "represented", _("sends a representative")

    protocol_file = models.ForeignKey(
        ProtocolFile, models.CASCADE, related_name="guests", verbose_name=_("protocol file")
    )
    person = models.ForeignKey(
        "activities.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("person"),
        help_text=_("The person's record, when they take part in activities."),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.CharField(_("function"), max_length=300, blank=True, help_text=_("As the place card shows it."))
    title = models.ForeignKey(
        Title, models.PROTECT, null=True, blank=True, related_name="guests", verbose_name=_("title")
    )
    office = models.ForeignKey(
        Office, models.PROTECT, null=True, blank=True, related_name="guests", verbose_name=_("office")
    )

    class MissionClass(models.IntegerChoices):
        # Vienna Convention on Diplomatic Relations, art. 14.
        AMBASSADOR = 1, _("ambassador or nuncio accredited to the Head of State")
        ENVOY = 2, _("envoy, minister or internuncio accredited to the Head of State")
        CHARGE = 3, _("chargé d'affaires accredited to the Minister for Foreign Affairs")

    mission_class = models.PositiveSmallIntegerField(
        _("class of head of mission"), choices=MissionClass.choices, null=True, blank=True
    )
    took_up_functions_on = models.DateField(
        _("took up functions on"), null=True, blank=True, help_text=_("For heads of diplomatic missions.")
    )
    representing_office = models.ForeignKey(
        Office,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_by",
        verbose_name=_("representing"),
        help_text=_("A guest who represents someone takes that person's rank."),
    )
    representing_name = models.CharField(_("name of the person represented"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country or entity (flag)"), max_length=100, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The invitation and the answer page are in this language; empty when it is not known."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.GUEST)
    rsvp = models.CharField(_("answer"), max_length=12, choices=Rsvp.choices, default=Rsvp.INVITED)
    representative_name = models.CharField(_("representative named in the answer"), max_length=200, blank=True)
    plus_ones_allowed = models.PositiveSmallIntegerField(_("accompanying persons allowed"), default=0)
    plus_ones = models.PositiveSmallIntegerField(_("accompanying persons"), default=0)
    token = models.CharField(_("personal link"), max_length=64, unique=True, default=_token, editable=False)
    link_expires_at = models.DateTimeField(_("personal link expires at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    security_approved_at = models.DateTimeField(_("approved by security at"), null=True, blank=True)
    badge_issued_at = models.DateTimeField(_("badge issued at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    objects = GuestQuerySet.as_manager()
    rights = Rights(owner="protocol_file")

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def broken_rules(self):
        broken = {}
        if self.plus_ones > self.plus_ones_allowed:
            broken["plus_ones"] = _("More accompanying persons than allowed.")
        if self.badge_issued_at and not self.security_approved_at:
            broken["badge_issued_at"] = _("No badge before security has approved the guest.")
        if self.rsvp == self.Rsvp.REPRESENTED and not self.representative_name:
            broken["representative_name"] = _("Name the representative.")
        return broken

    @property
    def ranking_office(self):
        return self.representing_office or self.office

    @property
    def shown_name(self):
        """The name as lists show it, "… representing …" for a representative."""
        if self.rsvp == self.Rsvp.REPRESENTED:
            return _("%(representative)s, representing %(guest)s") % {
                "representative": self.representative_name,
                "guest": self,
            }
        if self.representing_office_id:
            represented = self.representing_name or self.representing_office
            return _("%(guest)s, representing %(represented)s") % {"guest": self, "represented": represented}
        return str(self)

    @property
    def is_confirmed(self):
        return self.rsvp in (self.Rsvp.ACCEPTED, self.Rsvp.REPRESENTED)

    @property
    def is_locked(self):
        return self.answered_at is not None

    def link_is_open(self, now=None):
        now = now or timezone.now()
        return not self.is_locked and self.link_expires_at is not None and now < self.link_expires_at

    def get_rsvp_url(self):
        return reverse("protocol:rsvp", args=[self.token])

    def form_of_address(self):
        if self.title_id is None:
            return None
        return FormOfAddress.objects.filter(title_id=self.title_id, language=self.language).first()


class GuestPrivate(models.Model):
    """What only the protocol role may see of a guest, and never leaves the back office except
    the caterer's list (diet, accessibility) and the venue's security list (what it asks for)."""

    PRIVATE_FIELDS = ["email", "phone", "diet", "accessibility", "nationality", "date_of_birth", "document_number"]

    guest = models.OneToOneField(Guest, models.CASCADE, related_name="private", verbose_name=_("guest"))
    provided_by = models.CharField(
        _("provided by"), max_length=200, blank=True, help_text=_("Who gave these data, e.g. the guest, an embassy.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    diet = models.CharField(_("diet"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    document_number = models.CharField(_("identity document number"), max_length=50, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="guest")

    class Meta:
        verbose_name = _("private data of a guest")
        verbose_name_plural = _("private data of the guest")

    def __str__(self):
        return str(_("Private data of %(guest)s") % {"guest": self.guest})


# What the venue's security may ask for, and how each is read from a guest.
SECURITY_FIELDS = {
    "last_name": (_("last name"), lambda guest: guest.last_name),
    "first_name": (_("first name"), lambda guest: guest.first_name),
    "organisation": (_("organisation"), lambda guest: guest.organisation),
    "nationality": (_("nationality"), lambda guest: guest.private.nationality if _has_private(guest) else ""),
    "date_of_birth": (
        _("date of birth"),
        lambda guest: (
            guest.private.date_of_birth.isoformat() if _has_private(guest) and guest.private.date_of_birth else ""
        ),
    ),
    "document_number": (
        _("identity document number"),
        lambda guest: guest.private.document_number if _has_private(guest) else "",
    ),
}


def _has_private(guest):
    try:
        return guest.private is not None
    except GuestPrivate.DoesNotExist:
        return False


class SeatingPlan(models.Model):
    class Layout(models.TextChoices):
        TOP_TABLE = "top_table", _("a top table")
        ROUND_TABLES = "round_tables", _("round tables")
        ROW = "row", _("a row of chairs")

    protocol_file = models.ForeignKey(
        ProtocolFile, models.CASCADE, related_name="seating_plans", verbose_name=_("protocol file")
    )
    name = models.CharField(_("name"), max_length=200)
    layout = models.CharField(_("layout"), max_length=15, choices=Layout.choices)
    tables = models.PositiveSmallIntegerField(_("tables"), default=1)
    seats_per_table = models.PositiveSmallIntegerField(_("seats per table"))

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="protocol_file")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")

    def __str__(self):
        return self.name


class Seat(Ruled, models.Model):
    """A guest at a place. `position` counts from the head of the table: 0 is the head (the host,
    at table 1), 1 the place at the head's right, -1 at their left, 2 the next at the right..."""

    plan = models.ForeignKey(SeatingPlan, models.CASCADE, related_name="seats", verbose_name=_("seating plan"))
    table = models.PositiveSmallIntegerField(_("table"), default=1)
    position = models.SmallIntegerField(_("place"))
    guest = models.ForeignKey(Guest, models.CASCADE, related_name="seats", verbose_name=_("guest"))
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For the staff who seat the guests."))

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="plan")

    class Meta:
        ordering = ["table", "position"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["plan", "table", "position"], name="seat_used_once"),
            models.UniqueConstraint(fields=["plan", "guest"], name="guest_seated_once"),
        ]

    def __str__(self):
        return f"{self.table}/{self.position}: {self.guest}"

    def broken_rules(self):
        if self.guest_id and not self.guest.is_confirmed:
            return {"guest": _("Only guests who accepted are seated.")}
        if self.guest_id and self.guest.protocol_file_id != self.plan.protocol_file_id:
            return {"guest": _("The guest is not on this file's list.")}
        return {}
