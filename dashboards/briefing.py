"""A briefing pack before a visit or a mission: what Liaison holds on a partner, read with the
reader's rights (each part through its model's `visible_to`), in the reader's language.

Staff-only parts come only from the querysets: a reader without `partners.view_counterpart`
(a communication officer) gets no counterpart, with no rule of this module's own.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from activities.models import Activity, FollowUp, Outcome
from cooperation.models import Grant
from partners.models import Agreement, Assignment, Counterpart, Partner, PartnerAlias
from protocol.models import Gift

LAST_ACTIVITIES = 20
PLANNED = 20
GRANTS = 20


def partner_pack(partner, user, today=None):
    """Everything one partner's section shows, each list with what the user may see."""
    today = today or timezone.localdate()
    activities = Activity.objects.visible_to(user).filter(partners=partner)
    outcomes = Prefetch(
        "outcomes", Outcome.objects.visible_to(user).select_related("agreement"), to_attr="outcome_list"
    )
    agreements = list(Agreement.objects.visible_to(user).filter(partner=partner).order_by("-signed_on", "pk"))
    for agreement in agreements:
        agreement.in_force = agreement.is_in_force(today)
        agreement.due_for_renewal = agreement.is_due_for_renewal(today=today)
    return {
        "partner": partner,
        "aliases": list(PartnerAlias.objects.visible_to(user).filter(partner=partner)),
        "themes": list(partner.themes.all()),
        "agreements": agreements,
        "last_activities": list(
            activities.past(today).prefetch_related(outcomes).order_by("-start_date", "-pk")[:LAST_ACTIVITIES]
        ),
        "planned": list(activities.upcoming(today).in_start_order()[:PLANNED]),
        "follow_ups": list(
            FollowUp.objects.visible_to(user)
            .open()
            .filter(activity__partners=partner)
            .select_related("activity", "owner")
            .order_by("due_on", "pk")
        ),
        "officers": [
            a.staff_member
            for a in Assignment.objects.visible_to(user).filter(partner=partner).select_related("staff_member")
        ],
        "counterparts": list(Counterpart.objects.visible_to(user).filter(partner=partner)),
        "gifts": list(
            Gift.objects.visible_to(user).filter(activity__partners=partner).select_related("activity").distinct()
        ),
        "grants": list(
            Grant.objects.visible_to(user)
            .filter(application__country=partner.country.code)
            .select_related("application__organisation")
            .order_by("-awarded_on", "pk")[:GRANTS]
        ),
    }


def partner_for(slug, user):
    return Partner.objects.visible_to(user).filter(slug=slug).first()


def mission_partners(activity, user):
    return list(Partner.objects.visible_to(user).filter(activities=activity).order_by("slug"))


def render_pdf(html, base_url):
    return HTML(string=html, base_url=base_url).write_pdf()


def pack_html(context, request=None):
    return render_to_string("dashboards/briefing_print.html", context, request=request)
