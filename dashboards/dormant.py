"""Dormant partnerships: partners with no touch point (activity, agreement, follow-up) for a span."""

from django.conf import settings
from django.db.models import Count, Window

from dashboards.figures import shared
from partners.models import EARLIEST_DATE, Partner

SHOWN = 50  # the home stays light; the admin list has them all (?touch=dormant)


def dormant_partners(user, today=None):
    """The partners this user looks after (those they may change: an officer's portfolio, every
    partner for the head of unit) that went quiet, the quietest first, with how many there are.

    Three queries for the rows (with their count, through the kept touch points: partners.touch),
    their officers and what their last touch points were, whatever the data's size,
    kept until the next change for every reader who looks after the same partners."""
    editable = Partner.objects.editable_by(user)

    def compute():
        # The count comes with the rows (COUNT(*) OVER ()): one pass over every partner, not two.
        shown = list(editable.dormant(today=today).annotate(total=Window(Count("pk")))[:SHOWN])
        # What the last touch point was, for the rows shown only.
        points = Partner.objects.filter(pk__in=[partner.pk for partner in shown]).with_last_touch(today)
        points = {partner.pk: touch_point(partner) for partner in points}
        for partner in shown:
            partner.touch_point = points[partner.pk]
        return {"dormant": shown, "dormant_count": shown[0].total if shown else 0}

    found = shared(f"dormant-{settings.DORMANT_AFTER_MONTHS}-{today}", [editable], compute)
    return {**found, "dormant_months": settings.DORMANT_AFTER_MONTHS}


def touch_point(partner):
    """(kind, day) of the partner's last touch point, or None when there was never any."""
    if partner.last_touch == EARLIEST_DATE:
        return None
    for kind in ("activity", "agreement", "follow_up"):
        if getattr(partner, f"last_{kind}") == partner.last_touch:
            return kind, partner.last_touch
    return None
