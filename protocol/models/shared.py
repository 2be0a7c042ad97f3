"""Shared data the office keeps: venues and rooms, titles and their forms of address, offices and
orders of precedence. None is invented: the office fills them in."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Sourced
from core.rights import Rights, RightsQuerySet

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
