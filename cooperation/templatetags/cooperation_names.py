"""Names of the codes the cooperation pages show: DAC sectors in the reader's language."""

from django import template
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import get_language

from cooperation import codelists

register = template.Library()


@register.filter
def sector_name(code):
    """A DAC sector's name; in English, marked with its language, where the list has no translation."""
    name, language = codelists.name_in("Sector", code, get_language())
    if language != get_language():
        return format_html('<span lang="{}">{}</span>', language, name)
    return name


@register.inclusion_tag("admin/cooperation/my_grant_work.html", takes_context=True)
def my_grant_work(context):
    """The back-office home: the applications this user evaluates, the calls they decide, the
    reports waiting for their approval and the tranches finance may pay now."""
    from cooperation.models import Call, Evaluation, Report, Tranche

    user = context["request"].user
    counts = (
        Evaluation.objects.filter(evaluator=user)
        .exclude(conflict=Evaluation.Conflict.CONFLICT)
        .aggregate(
            evaluations=Count("pk", distinct=True), to_do=Count("pk", filter=Q(scores__isnull=True), distinct=True)
        )
    )
    calls, reports, tranches = [], [], []
    if user.has_perm("cooperation.view_application"):
        calls = list(Call.objects.editable_by(user).order_by("-closes_at")[:10])
    if user.has_perm("cooperation.change_report"):
        reports = list(
            Report.objects.editable_by(user)
            .filter(submitted_on__isnull=False, approved_on__isnull=True)
            .select_related("grant__application")
            .order_by("submitted_on", "pk")[:10]
        )
    if user.has_perm("cooperation.add_payment"):
        nothing = Value(0, output_field=DecimalField(max_digits=13, decimal_places=2))
        tranches = list(
            Tranche.objects.editable_by(user)
            .filter(grant__closed_on__isnull=True)
            .filter(Q(after_report__isnull=True) | Q(after_report__approved_on__isnull=False))
            .annotate(paid=Coalesce(Sum("payments__amount"), nothing))
            .filter(paid__lt=F("amount"))
            .select_related("grant__application")
            .order_by("grant__awarded_on", "order")[:10]
        )
    return {**counts, "calls": calls, "reports": reports, "tranches": tranches}
