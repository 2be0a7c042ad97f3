"""The gifts register, and the major events the Region takes part in."""

import datetime
import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, Sourced
from core.rights import Rights, RightsQuerySet
from core.rules import Ruled
from core.uploads import UploadValidator


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
