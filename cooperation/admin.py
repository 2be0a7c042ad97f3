from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperation import letters, models, services
from core.admin import RightsAdmin, RightsMixin, TranslatedAdmin, TranslatedTabularInline
from core.languages import localized_fields
from core.numbers import money


@admin.register(models.Modality)
class ModalityAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "slug", "order", "is_sample"]


@admin.register(models.LegalText)
class LegalTextAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["__str__", "kind", "year", "adopted_on", "order"]
    list_filter = ["kind"]


@admin.register(models.PolicyElement)
class PolicyElementAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["__str__", "kind", "order"]
    list_filter = ["kind"]


@admin.register(models.Appropriation)
class AppropriationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["year", "modality", "amount", "is_sample"]
    list_filter = ["year", "modality", "is_sample"]
    list_select_related = ["modality"]


class GridFormSet(BaseInlineFormSet):
    """An evaluation grid's weights total 100 %, or the scores cannot be weighted."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        total = sum(f.cleaned_data.get("weight") or 0 for f in kept)
        if kept and total != 100:
            message = _("The weights of the grid must total 100 %%: they total %(total)s %%.")
            raise ValidationError(message % {"total": total})


class CriterionInline(RightsMixin, TranslatedTabularInline):
    model = models.Criterion
    formset = GridFormSet
    extra = 0


@admin.register(models.Call)
class CallAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["title", "modality", "opens_at", "closes_at", "is_published", "is_sample"]
    list_filter = ["is_published", "modality", "is_sample"]
    list_select_related = ["modality"]
    search_fields = ["title", *localized_fields("title")]
    filter_horizontal = ["themes", "officers"]
    autocomplete_fields = ["partners"]
    inlines = [CriterionInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "officers":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(models.ApplicantOrganisation)
class ApplicantOrganisationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["name", "legal_form", "enterprise_number", "is_sample"]
    search_fields = ["name", "enterprise_number"]
    filter_horizontal = ["members"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members":  # applicants only (models.members_are_applicants)
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=False).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SubmittedAsIsInline(RightsMixin, admin.TabularInline):
    """The budget table and documents of a submitted application are read as sent (models.SubmittedAsIs)."""

    def _draft(self, obj):
        return obj is None or obj.state == models.Application.State.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class BudgetLineInline(SubmittedAsIsInline):
    model = models.BudgetLine
    extra = 0


class AttachmentInline(SubmittedAsIsInline):
    model = models.Attachment
    extra = 0
    fields = ["label", "file", "download"]
    readonly_fields = ["download"]

    @admin.display(description=_("Read"))
    def download(self, obj):
        # Attachments are served only by cooperation.views.attachment, which checks who reads them.
        if not obj.pk:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("cooperation:attachment", args=[obj.pk]), obj.label)


class LetterInline(RightsMixin, admin.TabularInline):
    """The letters sent about the application, as sent: written by the decision service only."""

    model = models.Letter
    extra = 0
    fields = ["kind", "language", "sent_at", "read"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Read"))
    def read(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("cooperation:letter", args=[obj.pk]), _("PDF"))


class EvaluationFormSet(BaseInlineFormSet):
    """An evaluator added here is assigned as services.evaluator_assign does: by the call's
    officers (or the head of unit), never to a draft, and an assignment is never re-pointed."""

    def clean(self):
        super().clean()
        declared = models.Evaluation.Conflict.UNDECLARED
        if any(self._should_delete_form(f) and f.instance.pk and f.instance.conflict != declared for f in self.forms):
            raise ValidationError(models.Evaluation.DECLARED_STAYS)  # a deleted form's own errors are not shown
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            if form.instance.pk and "evaluator" in form.changed_data:
                form.add_error("evaluator", _("Add another evaluator instead."))
            elif not form.instance.pk:
                call = self.instance.call
                if not call.rights.is_editable(call, self.request.user):
                    form.add_error("evaluator", _("Only the call's officers assign its evaluators."))
                elif self.instance.state == models.Application.State.DRAFT:
                    form.add_error("evaluator", _("A draft cannot be evaluated."))


class EvaluationInline(RightsMixin, admin.TabularInline):
    model = models.Evaluation
    formset = EvaluationFormSet
    extra = 0
    fields = ["evaluator", "conflict", "declared_at"]
    readonly_fields = ["conflict", "declared_at"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "evaluator":
            # Evaluators are staff (Evaluation.evaluator_refusal says who else is refused).
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.Application)
class ApplicationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["reference", "title", "organisation", "call", "state", "decision", "submitted_at", "is_sample"]
    list_filter = ["state", "decision", "call", "is_sample"]
    list_select_related = ["organisation", "call"]
    search_fields = ["reference", "title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    # The state and the decision change only through the services: the submission (with its
    # deadline) and the decision (with the envelope check and the letter), here as actions.
    readonly_fields = ["state", "decision", "submitted_at", "decided_at"]
    inlines = [BudgetLineInline, AttachmentInline, EvaluationInline, LetterInline]
    actions = ["decide_selected", "decide_reserve", "decide_rejected"]

    def get_readonly_fields(self, request, obj=None):
        # An application never moves to another call or organisation; a decided amount stays.
        fixed = ["call", "organisation"] if obj else []
        if obj and obj.state != models.Application.State.DRAFT:
            fixed += models.Application.AS_SUBMITTED  # as the applicant sent it (Application.broken_rules)
        if obj and obj.decision:
            fixed.append("requested_amount")
        return [*super().get_readonly_fields(request, obj), *fixed]

    def save_formset(self, request, form, formset, change):
        if formset.model is not models.Evaluation:
            return super().save_formset(request, form, formset, change)
        for evaluation in formset.save(commit=False):
            if evaluation.pk:
                evaluation.save()
            else:
                services.evaluator_assign(
                    application=form.instance, evaluator=evaluation.evaluator, assigned_by=request.user
                )
        for evaluation in formset.deleted_objects:
            evaluation.delete()

    def _decide(self, request, queryset, decision):
        decided = 0
        for application in queryset.select_related("organisation"):
            try:
                services.application_decide(application=application, decision=decision, decided_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{application.reference}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied:
                message = _("%(reference)s: only the call's officers decide on its applications.")
                self.message_user(request, message % {"reference": application.reference}, messages.ERROR)
            else:
                decided += 1
        if decided:
            message = ngettext(
                "%(count)s decision recorded; the applicant is sent the decision letter.",
                "%(count)s decisions recorded; each applicant is sent the decision letter.",
                decided,
            )
            self.message_user(request, message % {"count": decided}, messages.SUCCESS)

    @admin.action(description=_("Decide: selected"), permissions=["change"])
    def decide_selected(self, request, queryset):
        self._decide(request, queryset, models.Application.Decision.SELECTED)

    @admin.action(description=_("Decide: reserve"), permissions=["change"])
    def decide_reserve(self, request, queryset):
        self._decide(request, queryset, models.Application.Decision.RESERVE)

    @admin.action(description=_("Decide: rejected"), permissions=["change"])
    def decide_rejected(self, request, queryset):
        self._decide(request, queryset, models.Application.Decision.REJECTED)


class ScoreInline(RightsMixin, admin.TabularInline):
    """Scores are the evaluator's, given on their own page: the back office reads them."""

    model = models.Score
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CorrectionForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Corrected declaration"),
        choices=[c for c in models.Evaluation.Conflict.choices if c[0] != models.Evaluation.Conflict.UNDECLARED],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


@admin.register(models.Evaluation)
class EvaluationAdmin(RightsAdmin, admin.ModelAdmin):
    """An evaluation is the evaluator's: the back office reads it. Its declaration is final; the
    call's officers correct it, with a reason, on its own page."""

    list_display = ["application", "evaluator", "conflict", "declared_at", "corrected_at"]
    list_select_related = ["application", "evaluator"]
    inlines = [ScoreInline]
    readonly_fields = [
        "application",
        "evaluator",
        "conflict",
        "declared_at",
        "comment",
        "correction_reason",
        "corrected_by",
        "corrected_at",
    ]

    def has_add_permission(self, request):
        return False  # assigned from the application's page, by the call's officers

    def has_delete_permission(self, request, obj=None):
        declared = obj is not None and obj.conflict != models.Evaluation.Conflict.UNDECLARED
        return not declared and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.exclude(conflict=models.Evaluation.Conflict.UNDECLARED).exists():
            raise PermissionDenied  # a declaration stays (Evaluation.delete)
        for evaluation in queryset:
            evaluation.delete()

    def get_urls(self):
        correct = self.admin_site.admin_view(self.correct_view)
        return [path("<path:object_id>/correct/", correct, name="cooperation_evaluation_correct"), *super().get_urls()]

    def correct_view(self, request, object_id):
        evaluation = self.get_object(request, unquote(object_id))
        if evaluation is None or not self.has_view_permission(request, evaluation):
            raise PermissionDenied
        form = CorrectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.conflict_correct(
                    evaluation=evaluation,
                    conflict=form.cleaned_data["conflict"],
                    reason=form.cleaned_data["reason"],
                    corrected_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The declaration is corrected; the history keeps both."), messages.SUCCESS)
                return redirect("admin:cooperation_evaluation_change", evaluation.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Correct the declaration: %s") % evaluation,
            "opts": self.model._meta,
            "original": evaluation,
            "form": form,
        }
        return TemplateResponse(request, "admin/cooperation/evaluation_correct.html", context)


class TrancheFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        total = sum((f.cleaned_data.get("amount") or 0 for f in kept), Decimal(0))
        if kept and self.instance.amount is not None and total != self.instance.amount:
            raise ValidationError(
                _("The tranches must add up to the grant (%(amount)s): they add up to %(total)s.")
                % {"amount": money(self.instance.amount), "total": money(total)}
            )


class TrancheInline(RightsMixin, admin.TabularInline):
    model = models.Tranche
    formset = TrancheFormSet
    extra = 0


class ReportInline(RightsMixin, admin.TabularInline):
    model = models.Report
    extra = 0


@admin.register(models.Grant)
class GrantAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "amount", "awarded_on", "closed_on", "is_sample"]
    list_select_related = ["application"]
    # The dashboards' figures link here by state, modality and year.
    list_filter = ["activity_status", "application__call__modality", "is_sample"]
    date_hierarchy = "awarded_on"
    inlines = [TrancheInline, ReportInline]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["application", "amount"] if obj else []  # a grant is the amount decided on
        return [*super().get_readonly_fields(request, obj), *fixed]


class PaymentFormSet(BaseInlineFormSet):
    """Payments entered together stay within the tranche, as each one does alone (Payment.broken_rules).
    Who recorded a new payment is who saves it, never typed."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            form.instance.recorded_by = self.request.user
        return form

    def clean(self):
        super().clean()
        tranche = self.instance
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        total = sum((f.cleaned_data.get("amount") or 0 for f in kept), Decimal(0))
        if tranche.amount is not None and total > tranche.amount:
            raise ValidationError(
                _("Payments cannot exceed the tranche (%(amount)s).") % {"amount": money(tranche.amount)}
            )


class PaymentInline(RightsMixin, admin.TabularInline):
    model = models.Payment
    formset = PaymentFormSet
    extra = 0
    readonly_fields = ["recorded_by"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset


@admin.register(models.Tranche)
class TrancheAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "grant", "amount"]
    list_select_related = ["grant__application"]
    inlines = [PaymentInline]

    def has_add_permission(self, request):
        return False  # tranches are added on their grant's page

    def get_readonly_fields(self, request, obj=None):
        # A tranche is opened to record its payments; its terms are set with the others on the
        # grant's page, which checks that they add up to the grant.
        return ["grant", "order", "amount", "label", "after_report"]


@admin.register(models.IatiPublisher)
class IatiPublisherAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["identifier", "organisation", "is_sample"]

    @admin.display(description=_("IATI identifier"))
    def identifier(self, obj):
        return obj.identifier


class DisbursementInline(RightsMixin, admin.TabularInline):
    model = models.Disbursement
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["title", "reference", "partner", "starts_on", "budget", "status", "is_public", "is_sample"]
    list_filter = ["status", "is_public", "is_sample"]
    list_select_related = ["partner"]
    search_fields = ["reference", *localized_fields("title")]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["officers"]
    inlines = [DisbursementInline]

    def get_readonly_fields(self, request, obj=None):
        # Finance opens a project only to record its disbursements; its terms belong to its officers.
        if request.user.has_perm("cooperation.add_project"):
            return super().get_readonly_fields(request, obj)
        return [field.name for field in models.Project._meta.fields if field.editable] + ["officers"]


@admin.register(models.AnnualReport)
class AnnualReportAdmin(RightsAdmin, TranslatedAdmin):
    """The year's report: staff write its introduction in each language, preview the PDF in each,
    then publish it. Once published it is read-only here and never deleted (AnnualReport.broken_rules)."""

    list_display = ["year", "published_at", "published_by"]
    fields = ["year", "introduction", "published_at", "published_by"]
    readonly_fields = ["published_at", "published_by"]
    change_form_template = "admin/cooperation/annualreport/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published():
            return [*self.fields, *localized_fields("introduction")]
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_published())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_published())

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        publish = self.admin_site.admin_view(self.publish_view)
        return [
            path("<path:object_id>/preview/<str:language>/", preview, name="cooperation_annualreport_preview"),
            path("<path:object_id>/publish/", publish, name="cooperation_annualreport_publish"),
            *super().get_urls(),
        ]

    def _editable(self, request, object_id):
        report = self.get_object(request, unquote(object_id))
        if report is None or not self.has_change_permission(request, report):
            raise PermissionDenied
        return report

    def preview_view(self, request, object_id, language):
        """The PDF as it would be published, in one language, marked as a preview on every page."""
        report = self._editable(request, object_id)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        pdf = letters.annual_report_pdf(report.year, language, report, preview=True)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="preview-{report.year}-{language}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    def publish_view(self, request, object_id):
        report = self._editable(request, object_id)
        if not request.user.has_perm("cooperation.publish_annualreport"):
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.annual_report_publish(report=report, published_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("The annual report %(year)s is published.") % {"year": report.year}, messages.SUCCESS
                )
            return redirect("admin:cooperation_annualreport_change", report.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish the annual report %(year)s") % {"year": report.year},
            "opts": self.model._meta,
            "original": report,
            "languages": settings.LANGUAGES,
        }
        return TemplateResponse(request, "admin/cooperation/annualreport_publish.html", context)
