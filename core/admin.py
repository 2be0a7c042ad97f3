from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.urls import reverse
from modeltranslation.admin import TranslationAdmin

from core.models import Organisation
from core.throttle import ThrottledAuthenticationForm

admin.site.login_form = ThrottledAuthenticationForm
admin.site.site_header = "Liaison"
admin.site.site_title = "Liaison"
admin.site.index_template = "admin/liaison_index.html"


class AuditedAdmin(AuditlogHistoryAdminMixin):
    """An admin whose change page links to the record's audit history (who, when, what)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "auditlog_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_auditlog", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "region"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()
