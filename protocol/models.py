"""Protocol: the file of an occasion, its guests, precedence, seating and the gifts register.

A protocol file belongs to an activity (core.rights: it is held as the activity is, and the
protocol officer and the head of unit change them all through `activities.change_all_activities`).
Guests belong to a file; what is private about a guest (diet, accessibility, security data,
contact details) is a record of its own, `GuestPrivate`, that only the protocol role may see.
Venues, titles with their forms of address and orders of precedence are shared data the office
keeps; none is invented: the office fills them in.
"""

import datetime
import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabels, Organisation, Sourced
from core.rights import Rights, RightsQuerySet
from core.rules import Ruled
from core.uploads import UploadValidator

LANGUAGE_CHOICES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English"), ("de", "Deutsch")]


class Venue(Sourced):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    security_fields = models.JSONField(
        _("fields of the security list"),
        default=list,
        blank=True,
        help_text=_("What the venue's security asks to know of each guest; nothing more is exported."),
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights()

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, models.CASCADE, related_name="rooms", verbose_name=_("venue"))
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="venue")

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self):
        return f"{self.venue} – {self.name}"


class Title(models.Model):
    """A title a guest is addressed by (ambassador, mayor, minister...), with its forms of address."""

    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Ambassador, Mayor."))

    objects = RightsQuerySet.as_manager()
    rights = Rights()

    class Meta:
        ordering = ["name"]
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        constraints = [models.UniqueConstraint(fields=["name"], name="title_name_unique")]

    def __str__(self):
        return self.name


class FormOfAddress(models.Model):
    """How a title is addressed in one language: "Excellence", "Mijnheer de Burgemeester"..."""

    title = models.ForeignKey(Title, models.CASCADE, related_name="forms", verbose_name=_("title"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    salutation = models.CharField(_("salutation"), max_length=200, help_text=_("The opening of a letter."))
    address = models.CharField(_("form of address"), max_length=200, blank=True, help_text=_("On an envelope."))

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="title")

    class Meta:
        verbose_name = _("form of address")
        verbose_name_plural = _("forms of address")
        constraints = [models.UniqueConstraint(fields=["title", "language"], name="one_form_per_title_language")]

    def __str__(self):
        return f"{self.title} ({self.language}): {self.salutation}"


class Office(models.Model):
    """A position that ranks in an order of precedence: a minister-president, the heads of
    diplomatic missions..."""

    name = models.CharField(_("name"), max_length=200)

    objects = RightsQuerySet.as_manager()
    rights = Rights()

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [models.UniqueConstraint(fields=["name"], name="office_name_unique")]

    def __str__(self):
        return self.name


class PrecedenceListQuerySet(RightsQuerySet):
    def in_force(self, host, on):
        """The list of `host` in force on the day `on`: the latest that began by then and has not ended."""
        lists = self.filter(host=host, valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        return lists.order_by("-valid_from", "-pk").first()


class PrecedenceList(Sourced):
    """An order of precedence of a host, from a date: the Belgian federal order, the Region's own,
    or one the office keeps for an occasion. Its source is cited; none is loaded without one."""

    host = models.CharField(_("host"), max_length=200, help_text=_("Whose order it is, e.g. the Region."))
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)

    objects = PrecedenceListQuerySet.as_manager()
    rights = Rights()

    class Meta:
        ordering = ["host", "-valid_from"]
        verbose_name = _("order of precedence")
        verbose_name_plural = _("orders of precedence")

    def __str__(self):
        return f"{self.name} ({self.valid_from:%Y-%m-%d})"

    def ranks(self, on):
        """{office id: rank} on the day `on`, rotations applied in their order."""
        ranks = {entry.office_id: (entry.rank, entry.tie_rule) for entry in self.entries.all()}
        for rotation in self.rotations.filter(on__lte=on).order_by("on", "pk"):
            first, second = ranks.get(rotation.first_id), ranks.get(rotation.second_id)
            if first and second:
                ranks[rotation.first_id], ranks[rotation.second_id] = second, first
        return ranks


class PrecedenceEntry(models.Model):
    class TieRule(models.TextChoices):
        NAME = "name", _("by name")
        # Vienna Convention on Diplomatic Relations, art. 16: by class, then by the date and time
        # of taking up functions.
        VIENNA = "vienna", _("heads of mission: by class, then by the date they took up their functions")

    precedence_list = models.ForeignKey(
        PrecedenceList, models.CASCADE, related_name="entries", verbose_name=_("order of precedence")
    )
    rank = models.PositiveIntegerField(_("rank"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="entries", verbose_name=_("office"))
    tie_rule = models.CharField(
        _("among holders of the same rank"), max_length=10, choices=TieRule.choices, default=TieRule.NAME
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("e.g. the article of the source."))

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="precedence_list")

    class Meta:
        ordering = ["precedence_list", "rank"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(fields=["precedence_list", "office"], name="office_once_per_precedence_list")
        ]

    def __str__(self):
        return f"{self.rank}. {self.office}"


class Rotation(models.Model):
    """Two offices that exchange their ranks on a fixed date (a presidency that rotates)."""

    precedence_list = models.ForeignKey(
        PrecedenceList, models.CASCADE, related_name="rotations", verbose_name=_("order of precedence")
    )
    first = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    second = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("exchanges its rank with"))
    on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Why, e.g. a presidency that rotates."))

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="precedence_list")

    class Meta:
        ordering = ["on"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")

    def __str__(self):
        return f"{self.first} ⇄ {self.second} ({self.on:%Y-%m-%d})"


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
    rights = Rights(owner="activity")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("protocol file")
        verbose_name_plural = _("protocol files")

    def __str__(self):
        return self.title

    def broken_rules(self):
        broken = {}
        if self.state != self.State.PREPARING and self._has_open_mandatory_item():
            broken["state"] = _("A mandatory item of the checklist is still open.")
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
        if adding:
            self.checklist.bulk_create(
                ChecklistItem(protocol_file=self, title=item.title, is_mandatory=item.is_mandatory, order=item.order)
                for item in ChecklistTemplateItem.objects.filter(occasion=self.occasion)
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


class GiftQuerySet(RightsQuerySet):
    def for_register(self):
        return self.public().select_related("activity").order_by("-received_on", "-pk")


def _public_gifts():
    """Gifts received above the organisation's threshold; none while no threshold is set."""
    threshold = Organisation.objects.values_list("gift_threshold", flat=True).first()
    if threshold is None:
        return Q(pk__in=[])
    return Q(direction=Gift.Direction.RECEIVED, estimated_value__gt=threshold)


def gift_photo_path(gift, filename):
    return f"gifts/{datetime.date.today():%Y}/{secrets.token_hex(8)}-{filename.rsplit('/', 1)[-1]}"


class Gift(Ruled, Sourced):
    class Direction(models.TextChoices):
        GIVEN = "given", _("given")
        RECEIVED = "received", _("received")

    class Disposition(models.TextChoices):
        NONE = "", _("none yet")
        KEPT = "kept", _("kept by the institution")
        DISPLAYED = "displayed", _("displayed on the institution's premises")
        DONATED = "donated", _("given to a charity")
        RETURNED = "returned", _("returned to the giver")

    direction = models.CharField(_("given or received"), max_length=10, choices=Direction.choices)
    activity = models.ForeignKey(
        "activities.Activity",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("occasion"),
    )
    giver = models.CharField(_("giver"), max_length=300)
    receiver = models.CharField(_("receiver"), max_length=300)
    description = models.TextField(_("description"))
    estimated_value = models.DecimalField(
        _("estimated value (EUR)"), max_digits=13, decimal_places=2, null=True, blank=True
    )
    received_on = models.DateField(_("date"), null=True, blank=True)
    photo = models.FileField(
        _("photo"), upload_to=gift_photo_path, blank=True, validators=[UploadValidator(["png", "jpeg"])]
    )
    disposition = models.CharField(
        _("disposition"), max_length=10, choices=Disposition.choices, blank=True, default=Disposition.NONE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = GiftQuerySet.as_manager()
    rights = Rights(public=_public_gifts)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")

    def __str__(self):
        return self.description[:80]

    def is_above_threshold(self):
        threshold = Organisation.objects.values_list("gift_threshold", flat=True).first()
        return threshold is not None and self.estimated_value is not None and self.estimated_value > threshold

    def broken_rules(self):
        if self.closed_on and not self.disposition and self.direction == self.Direction.RECEIVED:
            if self.is_above_threshold():
                return {
                    "disposition": _(
                        "A gift received above the threshold belongs to the institution: "
                        "record its disposition before closing it."
                    )
                }
        return {}
