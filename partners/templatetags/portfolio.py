from django import template
from django.db.models import Count

from directory.models import StaffMember
from partners.models import CAN_CHANGE_ALL, Agreement, Partner

register = template.Library()
# The staff home stays light at any size: longer lists link to the filtered admin list.
SHOWN = 50


@register.inclusion_tag("partners/my_portfolio.html", takes_context=True)
def my_portfolio(context):
    """The staff home: my partners, and for the head of unit every portfolio and the gaps."""
    user = context["request"].user
    member = StaffMember.objects.filter(user=user).first()
    overview = {"member": member, "request": context["request"], "sees_everything": user.has_perm(CAN_CHANGE_ALL)}
    if member:
        my_partners = Partner.objects.followed_by(member)
        overview["my_partners"] = my_partners.for_portfolio()[:SHOWN]
        overview["my_partner_count"] = my_partners.count()
        overview["my_subjects"] = member.subjects.all()
        overview["my_renewals"] = (
            Agreement.objects.due_for_renewal().filter(partner__in=my_partners).select_related("partner")[:SHOWN]
        )
    if overview["sees_everything"]:
        overview["portfolios"] = (
            StaffMember.objects.annotate(partner_count=Count("assignments"))
            .filter(partner_count__gt=0)
            .order_by("last_name")
        )
        unfollowed = Partner.objects.unfollowed()
        overview["unfollowed"] = unfollowed.order_by("slug")[:SHOWN]
        overview["unfollowed_count"] = unfollowed.count()
        overview["due_for_renewal"] = Agreement.objects.due_for_renewal().select_related("partner")[:SHOWN]
    return overview
