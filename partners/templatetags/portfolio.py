from django import template
from django.db.models import Prefetch

from directory.models import StaffMember
from partners.models import CAN_CHANGE_ALL, Agreement, Assignment, Partner

register = template.Library()


@register.inclusion_tag("partners/my_portfolio.html", takes_context=True)
def my_portfolio(context):
    """The staff home: my partners, and for the head of unit every portfolio and the gaps."""
    user = context["request"].user
    member = StaffMember.objects.filter(user=user).first()
    overview = {"member": member, "request": context["request"], "sees_everything": user.has_perm(CAN_CHANGE_ALL)}
    if member:
        overview["my_partners"] = Partner.objects.followed_by(member).for_portfolio()
        overview["my_subjects"] = member.subjects.all()
    if overview["sees_everything"]:
        overview["portfolios"] = (
            StaffMember.objects.filter(assignments__isnull=False)
            .distinct()
            .prefetch_related(
                Prefetch("assignments", Assignment.objects.select_related("partner").order_by("partner__slug"))
            )
        )
        overview["unfollowed"] = Partner.objects.unfollowed().order_by("slug")
        overview["due_for_renewal"] = Agreement.objects.due_for_renewal().select_related("partner")
    return overview
