"""Each partner's last touch point, kept on the partner (`Partner.touched_on`).

A partner's last touch point is the day of its last activity started, agreement signed or
follow-up action done, up to today (PartnerQuerySet.with_last_touch, the definition). The
dormant list sorts every partner by it: computed on each read, that is three correlated
subqueries per partner (3.3 s for 100,000 partners and 320,000 activities on SQLite), so it
is kept on the partner instead and read through an index.

It is computed again, in one UPDATE, for the partners a write concerns: an activity saved,
deleted or linked to partners, an agreement, a follow-up action. A day that passes turns a
planned activity into a touch point: the workers' daily routine (core.routines.touch_points)
computes again the partners of what is dated in the last week. Code that writes activities,
agreements or follow-ups with `bulk_create` or SQL calls `refresh()` itself; with no partner
it computes them all, as after `migrate`.
"""

from django.db.models import Q
from django.utils import timezone

WINDOW_DAYS = 7  # the daily routine's look-back, for a day the workers missed
SLICE = 500


def refresh(partner_ids=None, today=None):
    """Compute again the touch point of these partners (all of them with None)."""
    from partners.models import Partner

    if partner_ids is None:
        return Partner.objects.all().set_touched_on(today)
    ids = sorted(set(partner_ids))
    # In slices: a database takes a bounded number of parameters in one statement.
    return sum(
        Partner.objects.filter(pk__in=ids[start : start + SLICE]).set_touched_on(today)
        for start in range(0, len(ids), SLICE)
    )


def partners_of_activity(activity_id):
    from activities.models import Activity

    return list(Activity.partners.through.objects.filter(activity_id=activity_id).values_list("partner_id", flat=True))


def due(today=None):
    """The partners of what is dated in the last WINDOW_DAYS days, up to today: a planned
    activity (or a date set ahead) becomes a touch point on its day."""
    from activities.models import Activity, FollowUp
    from partners.models import Agreement

    today = today or timezone.localdate()
    since = today - timezone.timedelta(days=WINDOW_DAYS)
    ids = set(
        Activity.partners.through.objects.filter(
            activity__start_date__gt=since, activity__start_date__lte=today
        ).values_list("partner_id", flat=True)
    )
    ids |= set(Agreement.objects.filter(signed_on__gt=since, signed_on__lte=today).values_list("partner_id", flat=True))
    ids |= set(
        FollowUp.objects.filter(Q(done_on__gt=since) & Q(done_on__lte=today)).values_list(
            "activity__partners", flat=True
        )
    )
    ids.discard(None)
    return ids


# Signal receivers (partners.apps): each write computes its partners again.


def after_activity_write(sender, instance, **kwargs):
    refresh(partners_of_activity(instance.pk))


def before_activity_delete(sender, instance, **kwargs):
    instance._touched_partners = partners_of_activity(instance.pk)


def after_activity_delete(sender, instance, **kwargs):
    refresh(getattr(instance, "_touched_partners", []))


def after_links_change(sender, instance, action, reverse, pk_set, **kwargs):
    """Activity.partners changed, from either side."""
    from partners.models import Partner

    if action == "pre_clear":
        instance._touched_partners = [instance.pk] if reverse else partners_of_activity(instance.pk)
    elif action == "post_clear":
        refresh(getattr(instance, "_touched_partners", []))
    elif action in ("post_add", "post_remove"):
        refresh([instance.pk] if isinstance(instance, Partner) else list(pk_set or []))


def after_agreement_write(sender, instance, **kwargs):
    refresh([instance.partner_id])


def after_follow_up_write(sender, instance, **kwargs):
    refresh(partners_of_activity(instance.activity_id))


def after_migrate(sender, using="default", **kwargs):
    refresh()
