from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cooperation import models, services
from core.admin import RightsAdmin, RightsMixin


@admin.register(models.Modality)
class ModalityAdmin(RightsAdmin, TranslationAdmin):
    list_display = ["name", "slug", "order", "is_sample"]


@admin.register(models.LegalText)
class LegalTextAdmin(RightsAdmin, TranslationAdmin):
    list_display = ["__str__", "kind", "year", "adopted_on", "order"]
    list_filter = ["kind"]


@admin.register(models.PolicyElement)
class PolicyElementAdmin(RightsAdmin, TranslationAdmin):
    list_display = ["__str__", "kind", "order"]
    list_filter = ["kind"]


@admin.register(models.Appropriation)
class AppropriationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["year", "modality", "amount", "is_sample"]
    list_filter = ["year", "modality", "is_sample"]
    list_select_related = ["modality"]


class CriterionInline(RightsMixin, TranslationTabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.Call)
class CallAdmin(RightsAdmin, TranslationAdmin):
    list_display = ["title", "modality", "opens_at", "closes_at", "is_published", "is_sample"]
    list_filter = ["is_published", "modality", "is_sample"]
    list_select_related = ["modality"]
    search_fields = ["title", "title_en", "title_fr", "title_nl", "title_de"]
    filter_horizontal = ["themes", "officers"]
    autocomplete_fields = ["partners"]
    inlines = [CriterionInline]


@admin.register(models.ApplicantOrganisation)
class ApplicantOrganisationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["name", "legal_form", "enterprise_number", "is_sample"]
    search_fields = ["name", "enterprise_number"]
    filter_horizontal = ["members"]


class BudgetLineInline(RightsMixin, admin.TabularInline):
    model = models.BudgetLine
    extra = 0


class AttachmentInline(RightsMixin, admin.TabularInline):
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


class EvaluationFormSet(BaseInlineFormSet):
    """An evaluator added here is assigned as services.evaluator_assign does: by the call's
    officers (or the head of unit), never to a draft, and an assignment is never re-pointed."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            if form.instance.pk and "evaluator" in form.changed_data:
                form.add_error("evaluator", _("Remove this evaluation and add another one instead."))
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
    inlines = [BudgetLineInline, AttachmentInline, EvaluationInline]
    actions = ["decide_selected", "decide_reserve", "decide_rejected"]

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
    model = models.Score
    extra = 0


@admin.register(models.Evaluation)
class EvaluationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["application", "evaluator", "conflict"]
    list_select_related = ["application", "evaluator"]
    inlines = [ScoreInline]


class TrancheInline(RightsMixin, admin.TabularInline):
    model = models.Tranche
    extra = 0


class ReportInline(RightsMixin, admin.TabularInline):
    model = models.Report
    extra = 0


@admin.register(models.Grant)
class GrantAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "amount", "awarded_on", "closed_on", "is_sample"]
    list_select_related = ["application"]
    inlines = [TrancheInline, ReportInline]


class PaymentInline(RightsMixin, admin.TabularInline):
    model = models.Payment
    extra = 0


@admin.register(models.Tranche)
class TrancheAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "grant", "amount"]
    list_select_related = ["grant__application"]
    inlines = [PaymentInline]

    def get_readonly_fields(self, request, obj=None):
        # Finance changes a tranche only to record its payments; its terms belong to the grant.
        if request.user.has_perm("cooperation.change_grant"):
            return super().get_readonly_fields(request, obj)
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
class ProjectAdmin(RightsAdmin, TranslationAdmin):
    list_display = ["title", "reference", "partner", "starts_on", "budget", "status", "is_public", "is_sample"]
    list_filter = ["status", "is_public", "is_sample"]
    list_select_related = ["partner"]
    search_fields = ["reference", "title_en", "title_fr", "title_nl", "title_de"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["officers"]
    inlines = [DisbursementInline]

    def get_readonly_fields(self, request, obj=None):
        # Finance opens a project only to record its disbursements; its terms belong to its officers.
        if request.user.has_perm("cooperation.add_project"):
            return super().get_readonly_fields(request, obj)
        return [field.name for field in models.Project._meta.fields if field.editable] + ["officers"]
