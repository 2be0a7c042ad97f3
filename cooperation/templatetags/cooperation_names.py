"""Names of the codes the cooperation pages show: DAC sectors in the reader's language."""

from django import template
from django.db.models import Count, Q
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
    """The back-office home: the applications this user evaluates, and the calls they decide."""
    from cooperation.models import Call, Evaluation

    user = context["request"].user
    counts = (
        Evaluation.objects.filter(evaluator=user)
        .exclude(conflict=Evaluation.Conflict.CONFLICT)
        .aggregate(
            evaluations=Count("pk", distinct=True), to_do=Count("pk", filter=Q(scores__isnull=True), distinct=True)
        )
    )
    calls = []
    if user.has_perm("cooperation.view_application"):
        calls = list(Call.objects.editable_by(user).order_by("-closes_at")[:10])
    return {**counts, "calls": calls}
