"""Major events the Region organises, or whose participation it coordinates (seed 004: World
exhibitions, international conferences, the Brussels Days, the international aspects of
eat! BRUSSELS, international symposia, State visits), run as projects.

A major event is held through an activity (its dates, partners, outcomes and visibility), so
it is in the partner's timeline and the retrospective as any activity is; the event adds the
project: its kind, the Region's part in it, a team and budget lines."""

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.models import Sourced
from core.rights import Rights, RightsQuerySet


class MajorEvent(Sourced):
    class Kind(models.TextChoices):
        WORLD_EXHIBITION = "world_exhibition", _("World exhibition")
        CONFERENCE = "conference", _("international conference")
        CITY_DAYS = "city_days", _("Brussels Days")
        FESTIVAL = "festival", _("festival (e.g. eat! BRUSSELS)")
        SYMPOSIUM = "symposium", _("international symposium")
        STATE_VISIT = "state_visit", _("State visit")

    class Part(models.TextChoices):
        ORGANISES = "organises", _("the Region organises it")
        COORDINATES = "coordinates", _("the office coordinates the Region's participation")

    activity = models.OneToOneField(
        "activities.Activity", models.CASCADE, related_name="major_event", verbose_name=_("activity")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    part = models.CharField(_("the Region's part"), max_length=12, choices=Part.choices)
    team = models.ManyToManyField(
        "directory.StaffMember", blank=True, related_name="major_events", verbose_name=_("team")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="activity")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("major event")
        verbose_name_plural = _("major events")

    def __str__(self):
        return str(self.activity)

    def budget(self):
        """(planned, spent) over the event's budget lines."""
        totals = self.budget_lines.aggregate(planned=Sum("planned"), spent=Sum("spent"))
        return totals["planned"], totals["spent"]


class EventBudgetLine(models.Model):
    event = models.ForeignKey(MajorEvent, models.CASCADE, related_name="budget_lines", verbose_name=_("major event"))
    label = models.CharField(_("budget line"), max_length=200)
    planned = models.DecimalField(_("planned (EUR)"), max_digits=13, decimal_places=2)
    spent = models.DecimalField(_("spent (EUR)"), max_digits=13, decimal_places=2, null=True, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="event")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.label
