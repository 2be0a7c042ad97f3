from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext_lazy, gettext_noop, ngettext
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.fields import TranslationField
from modeltranslation.translator import translator

from core import audit, people, seeds
from core.languages import localized_fields
from core.models import Organisation, Routine, SeedCorrection
from core.throttle import ThrottledAuthenticationForm

# Django's admin titles as this project's French says them ("Modification : accord", not
# "Modification de accord"): named here so that makemessages keeps them in locale/.
ADMIN_TITLES = [gettext_noop("Add %s"), gettext_noop("Change %s"), gettext_noop("View %s")]

admin.site.login_form = ThrottledAuthenticationForm
admin.site.site_header = "Liaison"
admin.site.site_title = "Liaison"
admin.site.index_template = "admin/liaison_index.html"


def choices_for(model, db_field, user):
    """What a link of `model` may point to: its owner link only to owners the user may edit,
    any other link to records the user may see; None for a model that declares no rights."""
    related = db_field.related_model
    if getattr(related, "rights", None) is None:
        return None
    rights = getattr(model, "rights", None)
    if rights and rights.owner_field is not None and rights.owner_field.name == db_field.name:
        return related._default_manager.editable_by(user)
    return related._default_manager.visible_to(user)


class RightsMixin:
    """What every admin and inline of a governed model gets from its Rights declaration:
    the rows the user may see, and links that offer only what the user may pick.

    An inline needs no rule of its own: Django offers no adding, changing or deleting in an
    inline whose parent the user may not change, and RightsAdmin makes that an object right.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.visible_to(request.user) if hasattr(self.model, "rights") else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = choices_for(self.model, db_field, request.user)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        return people.named(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = choices_for(self.model, db_field, request.user)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        return people.named(super().formfield_for_manytomany(db_field, request, **kwargs))


class RightsAdmin(RightsMixin):
    """The admin of a governed model: rights on each object, bulk actions, autocompletes, and
    the record's audit timeline in place of Django's history."""

    audit_per_page = 25

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms show every rule of the model (core.rules); a rule broken between the form's
        # check and the write (another user's write, a rule over the inlines together) is refused
        # by save(), and Django's transaction has undone the whole change: say why, never a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        offered = self.autocomplete_choices(request)
        # Django's autocomplete view checks only that the user may view this model.
        return queryset if offered is None else queryset.filter(pk__in=offered.values("pk"))

    def autocomplete_choices(self, request):
        match = request.resolver_match
        if not match or match.url_name != "autocomplete":
            return None
        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            field = model._meta.get_field(request.GET["field_name"])
        except (KeyError, LookupError, FieldDoesNotExist):
            return None  # Django's view answers 403 to these
        if field.related_model is not self.model:
            return None
        return choices_for(model, field, request.user)

    def save_related(self, request, form, formsets, change):
        """Whoever creates a record held by named users (a call, a project: `holders` is a link to
        users) holds it, unless a permission already reaches every record: else they would lose
        it the moment they saved it."""
        super().save_related(request, form, formsets, change)
        rights = self.model.rights
        if change or not rights.holders or "__" in rights.holders:
            return
        if rights.everything and request.user.has_perm(rights.everything):
            return
        field = self.model._meta.get_field(rights.holders)
        if field.many_to_many and field.related_model is get_user_model():
            getattr(form.instance, rights.holders).add(request.user)

    def may(self, request, obj, action):
        if obj is None:
            return True
        if action == "view":
            return self.model.rights.is_visible(obj, request.user)
        return self.model.rights.is_editable(obj, request.user, action)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.may(request, obj, "view")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may(request, obj, "delete")

    def response_action(self, request, queryset):
        # A bulk action acts only on records the user may change (or delete): one refused
        # record refuses the whole action.
        if request.POST.get("select_across") != "1":
            try:
                selected = [
                    self.model._meta.pk.to_python(pk) for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
                ]
            except ValidationError:
                self.message_user(
                    request, _("The selection holds an unknown record: nothing was done."), messages.ERROR
                )
                return HttpResponseRedirect(request.get_full_path())
            queryset = queryset.filter(pk__in=selected)
        manager = self.model._default_manager
        if request.POST.get("action") == "delete_selected":
            allowed = manager.deletable_by(request.user)
        else:
            allowed = manager.editable_by(request.user)
        if queryset.exclude(pk__in=allowed.values("pk")).exists():
            raise PermissionDenied
        return super().response_action(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Says which facts of a seed record the data file only infers (core.seeds.unconfirmed):
        the public site does not show them until staff set them."""
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        for name, why in (seeds.unconfirmed(obj) if obj is not None else {}).items():
            label = capfirst(self.model._meta.get_field(name).verbose_name)
            self.message_user(
                request, _("%(field)s is inferred, not stated by a source: %(why)s") % {"field": label, "why": why}
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Django's own history names inline records (a counterpart) to anyone who may read the
        # parent; this one shows the audit entries the user may see, of the record and all it owns.
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        entries = audit.visible_entries(audit.timeline(obj), request.user)
        entries = entries.select_related("actor", "content_type").order_by("-timestamp")
        paginator = self.get_paginator(request, entries, self.audit_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        for entry in page:
            entry.changes_shown = audit.changes_html(entry, request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "module_name": str(capfirst(self.model._meta.verbose_name_plural)),
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > self.audit_per_page,
            "object": obj,
            "opts": self.model._meta,
            "log_entries": page,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/audit_history.html", context)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class GlobalAuditAdmin(LogEntryAdmin):
    """The log of every change: the head of unit only (auditlog.view_logentry), long values shortened."""

    def get_queryset(self, request):
        return audit.visible_entries(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("auditlog.view_logentry")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=gettext_lazy("Changes"))
    def msg(self, entry):
        return audit.changes_html(entry, self.request.user)


class AnyLanguageMixin:
    """Content may be entered in any one language: no language's field is required by itself
    (modeltranslation's admin would require the default language's), and a required translated
    field is refused only when it is empty in every language (any_language_form)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, TranslationField):
            field.required = False
        return field


def any_language_form(form_class, model):
    """`form_class` refusing a required translated field only when it is empty in every language;
    the message goes to the field in the user's language, and so does a model rule's message on a
    translated field (the form has its languages' fields, not the field itself)."""
    options = translator.get_options_for_model(model)
    required = [name for name in options.all_fields if not model._meta.get_field(name).blank]

    class AnyLanguageForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            for name in required:
                fields = self.shown_fields(name)
                if fields and not any(cleaned_data.get(field) for field in fields):
                    self.add_error(name, _("Fill this in at least one language."))
            return cleaned_data

        def shown_fields(self, name):
            return [field for field in localized_fields(name) if field in self.fields]

        def add_error(self, field, error):
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                shown = {}
                for name, errors in error.error_dict.items():
                    shown.setdefault(self.shown_field(name), []).extend(errors)
                error = ValidationError(shown)
            return super().add_error(field and self.shown_field(field), error)

        def shown_field(self, name):
            if name not in options.all_fields or name in self.fields or not self.shown_fields(name):
                return name
            mine = f"{name}_{get_language()}"
            return mine if mine in self.fields else self.shown_fields(name)[0]

    AnyLanguageForm.__name__ = form_class.__name__
    return AnyLanguageForm


class TranslatedAdmin(AnyLanguageMixin, TranslationAdmin):
    """The admin of a model with translated content: any one language is enough, and the
    site shows the others as marked fallbacks. Every admin of a translated model is one."""

    def get_form(self, request, obj=None, **kwargs):
        return any_language_form(super().get_form(request, obj, **kwargs), self.model)


class TranslatedInlineMixin(AnyLanguageMixin):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = any_language_form(formset.form, self.model)
        return formset


class TranslatedTabularInline(TranslatedInlineMixin, TranslationTabularInline):
    pass


class TranslatedStackedInline(TranslatedInlineMixin, TranslationStackedInline):
    pass


@admin.register(Organisation)
class OrganisationAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "region"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()


@admin.register(SeedCorrection)
class SeedCorrectionAdmin(admin.ModelAdmin):
    """What the data file now says of fields staff had changed: "the source now says …", to
    accept or dismiss. Each user sees and decides the corrections of the records they may
    change (core.models.SeedCorrectionQuerySet.reviewable_by): the head of unit and the record's
    editors."""

    # Four columns: on a phone the values stay readable; the state is the filter, the date the order.
    list_display = ["record_link", "field_name", "current_value", "source_value"]
    list_filter = ["state"]
    list_select_related = ["record__content_type", "decided_by"]
    actions = ["accept", "dismiss"]
    fields = ["record_link", "field_name", "current_value", "source_value", "state", "decided_by", "decided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).reviewable_by(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided through the two actions, not edited

    def has_delete_permission(self, request, obj=None):
        return False

    def response_action(self, request, queryset):
        # A selection with one correction the user may not decide, or that is no correction's
        # number at all, refuses the whole action.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(value.isdigit() for value in selected):
            raise PermissionDenied
        chosen = queryset.model.objects.filter(pk__in=selected)
        if len(selected) != chosen.count() or chosen.exclude(pk__in=self.get_queryset(request).values("pk")).exists():
            raise PermissionDenied
        return super().response_action(request, queryset)

    def _decide(self, request, queryset, accept):
        done = 0
        for correction in queryset.pending():
            try:
                seeds.correction_decide(correction=correction, accept=accept, user=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{correction}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            message = ngettext("%(count)d correction decided.", "%(count)d corrections decided.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Accept: the record takes the source's value"))
    def accept(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=gettext_lazy("Dismiss: keep the record as it is"))
    def dismiss(self, request, queryset):
        self._decide(request, queryset, accept=False)

    @admin.display(description=gettext_lazy("record"))
    def record_link(self, correction):
        obj = correction.target
        if obj is None:
            return correction.record.key
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        return format_html('<a href="{}">{}: {}</a>', url, capfirst(obj._meta.verbose_name), obj)

    @admin.display(description=gettext_lazy("field"))
    def field_name(self, correction):
        if not correction.field:
            return _("the whole record")
        model = correction.record.content_type.model_class()
        return capfirst(model._meta.get_field(correction.field).verbose_name)

    @admin.display(description=gettext_lazy("now"))
    def current_value(self, correction):
        obj = correction.target
        if obj is None:
            return _("deleted")
        if not correction.field:
            return str(obj)
        return Truncator(obj._meta.get_field(correction.field).value_from_object(obj) or "").chars(300)

    @admin.display(description=gettext_lazy("the source now says"))
    def source_value(self, correction):
        if not correction.field:
            return _("The source no longer holds this record: delete it?")
        return Truncator(correction.value if correction.value not in (None, "") else "—").chars(300)


@admin.register(Routine)
class OperationsAdmin(admin.ModelAdmin):
    """The operations page: workers, sending backlog, routines, last backup, database and cache
    (core.operations, as /health/?deep=1 reports them). Read only, for `core.view_operations`."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm("core.view_operations")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        from django.urls import path

        return [path("", self.admin_site.admin_view(self.changelist_view), name="core_routine_changelist")]

    def changelist_view(self, request, extra_context=None):
        from core import operations

        if not self.has_view_permission(request):
            raise PermissionDenied
        status = operations.status()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Operations"),
            "status": status,
            "problems": operations.problems_in_words(status),
            "heartbeat": settings.WORKER_HEARTBEAT_SECONDS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/operations.html", context)
