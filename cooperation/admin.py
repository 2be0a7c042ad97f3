from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cooperation import models
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


class EvaluationInline(RightsMixin, admin.TabularInline):
    model = models.Evaluation
    extra = 0
    fields = ["evaluator", "conflict", "declared_at"]
    readonly_fields = ["conflict", "declared_at"]


@admin.register(models.Application)
class ApplicationAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["reference", "title", "organisation", "call", "state", "decision", "submitted_at", "is_sample"]
    list_filter = ["state", "decision", "call", "is_sample"]
    list_select_related = ["organisation", "call"]
    search_fields = ["reference", "title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["submitted_at", "decided_at"]
    inlines = [BudgetLineInline, AttachmentInline, EvaluationInline]


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
