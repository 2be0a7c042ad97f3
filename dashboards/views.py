"""Briefing packs, as a page and as an A4 PDF: staff only (a visitor is sent to the login)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from activities.models import Activity
from core.languages import fallback
from dashboards import briefing


def _reader(user):
    return user.get_full_name() or user.get_username()


def _respond(request, context, pdf, filename):
    context = {**context, "today": timezone.localdate(), "reader": _reader(request.user), "language": get_language()}
    if not pdf:
        return render(request, "dashboards/briefing.html", context)
    html = briefing.pack_html(context, request)
    response = HttpResponse(briefing.render_pdf(html, request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@staff_member_required
def partner_briefing(request, slug, pdf=False):
    partner = briefing.partner_for(slug, request.user)
    if partner is None:
        raise Http404
    context = {
        "title": _("Briefing pack: %(name)s") % {"name": fallback(partner, "name")[0]},
        "packs": [briefing.partner_pack(partner, request.user)],
        "pdf_url": reverse("dashboards:partner-briefing-pdf", args=[slug]),
    }
    return _respond(request, context, pdf, f"briefing-{slug}")


@require_safe
@staff_member_required
def activity_briefing(request, slug, pdf=False):
    """Every partner of a mission (or any activity), one after the other."""
    activity = Activity.objects.visible_to(request.user).filter(slug=slug).first()
    if activity is None:
        raise Http404
    context = {
        "title": _("Briefing pack: %(name)s") % {"name": fallback(activity, "title")[0]},
        "activity": activity,
        "packs": [briefing.partner_pack(p, request.user) for p in briefing.mission_partners(activity, request.user)],
        "pdf_url": reverse("dashboards:activity-briefing-pdf", args=[slug]),
    }
    return _respond(request, context, pdf, f"briefing-{slug}")
