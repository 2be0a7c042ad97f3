from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin

from core.models import Organisation
from core.throttle import ThrottledAuthenticationForm

admin.site.login_form = ThrottledAuthenticationForm
admin.site.site_header = "Liaison"
admin.site.site_title = "Liaison"
admin.site.index_template = "admin/liaison_index.html"


class AuditedAdmin(AuditlogHistoryAdminMixin):
    """An admin whose change page links to the record's audit history (who, when, what)."""

    auditlog_history_per_page = 25

    def audit_entries(self, obj):
        return LogEntry.objects.get_for_object(obj)

    def auditlog_history_view(self, request, object_id, extra_context=None):
        # As django-auditlog's own view, with the entries from audit_entries().
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        entries = self.audit_entries(obj).select_related("actor", "content_type").order_by("-timestamp")
        paginator = self.get_paginator(request, entries, self.auditlog_history_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Audit log: %s") % obj,
            "module_name": str(capfirst(self.model._meta.verbose_name_plural)),
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > self.auditlog_history_per_page,
            "object": obj,
            "opts": self.model._meta,
            "log_entries": page,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.auditlog_history_template, context)

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
