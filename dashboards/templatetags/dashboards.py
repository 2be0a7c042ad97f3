"""The back office's home per role (templates/admin/liaison_index.html): each panel reads only
what its reader may see, through the rights declarations, in a fixed number of queries."""

from django import template
from django.utils import timezone

from dashboards import dormant, figures
from partners.models import CAN_CHANGE_ALL

register = template.Library()


@register.inclusion_tag("dashboards/dormant.html", takes_context=True)
def dormant_partners(context):
    user = context["request"].user
    if not user.has_perm("partners.change_partner"):
        return {}
    return {"request": context["request"], **dormant.dormant_partners(user)}


@register.inclusion_tag("dashboards/overview.html", takes_context=True)
def overview(context):
    """The head of unit's and the director's charts: whoever changes every partner."""
    user = context["request"].user
    if not user.has_perm(CAN_CHANGE_ALL):
        return {}
    return {"request": context["request"], "charts": figures.overview_charts(user)}


@register.inclusion_tag("dashboards/my_work.html", takes_context=True)
def my_work(context):
    """An officer's next activities and the grant reports due on their calls."""
    user = context["request"].user
    return {
        "request": context["request"],
        "upcoming": figures.my_upcoming_activities(user),
        "reports_due": figures.my_reports_due(user),
        "today": timezone.localdate(),
    }
