from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import AuditedAdmin
from core.audit import partner_entries
from partners.models import (
    Agreement,
    AgreementDocument,
    Assignment,
    Counterpart,
    Network,
    Partner,
    PartnerAlias,
    Signatory,
    Theme,
)


class PortfolioRights:
    """Object-level rights: change and delete only the partners one may edit.

    The same queryset method (Partner.objects.editable_by) serves the admin and the views.
    """

    def partner_of(self, obj):
        return obj

    def may_edit(self, request, obj):
        if obj is None:
            return True
        partner = self.partner_of(obj)
        return partner is None or Partner.objects.editable_by(request.user).filter(pk=partner.pk).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_edit(request, obj)


class InlineRights(PortfolioRights):
    """Inlines get the parent partner (or agreement) as obj."""

    def partner_of(self, obj):
        return obj if isinstance(obj, Partner) else obj.partner

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.may_edit(request, obj)


class AliasInline(InlineRights, admin.TabularInline):
    model = PartnerAlias
    extra = 0


class AssignmentInline(InlineRights, admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["staff_member"]
    fields = ["staff_member", "source"]
    verbose_name_plural = _("Officers following this partner")


class CounterpartInline(InlineRights, admin.TabularInline):
    model = Counterpart
    extra = 0
    fields = ["name", "office", "email", "phone", "notes"]


class AgreementInline(InlineRights, admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["title", "kind", "signed_on", "valid_until"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FollowedFilter(admin.SimpleListFilter):
    title = _("followed by")
    parameter_name = "followed"

    def lookups(self, request, model_admin):
        return [("me", _("me")), ("nobody", _("nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignments__staff_member__user=request.user)
        if self.value() == "nobody":
            return queryset.unfollowed()
        return queryset


@admin.register(Partner)
class PartnerAdmin(PortfolioRights, AuditedAdmin, TranslationAdmin):
    list_display = ["name", "kind", "country", "state", "officer_names", "agreement_count"]
    list_filter = [FollowedFilter, "assignments__staff_member", "state", "kind", "continent", "themes", "is_sample"]
    search_fields = ["search_text"]
    filter_horizontal = ["themes"]
    readonly_fields = ["continent_name"]
    inlines = [AliasInline, AssignmentInline, AgreementInline, CounterpartInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "state", "country", "continent_name", "themes"]}),
        (_("Public text"), {"fields": ["description"]}),
        (
            _("Location"),
            {
                "fields": ["latitude", "longitude", "geonames_id"],
                "description": _("Leave empty to have the coordinates suggested from GeoNames."),
            },
        ),
        (_("Internal"), {"fields": ["internal_notes", "source", "is_sample"]}),
    ]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(agreement_count=Count("agreements", distinct=True))
            .prefetch_related("assignments__staff_member")
        )

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def audit_entries(self, partner):
        return partner_entries(partner)

    @admin.display(description=_("continent"))
    def continent_name(self, partner):
        return partner.get_continent_display() or "—"

    @admin.display(description=_("officers"))
    def officer_names(self, partner):
        return ", ".join(str(member) for member in partner.officers()) or "—"

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, partner):
        return partner.agreement_count

    def has_add_permission(self, request):
        return request.user.has_perm("partners.change_all_partners") and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        if not obj.has_coordinates:
            place = obj.suggest_coordinates()
            if place:
                obj.latitude, obj.longitude = round(place["latitude"], 5), round(place["longitude"], 5)
                obj.geonames_id = place["geonameid"]
                messages.info(
                    request,
                    _("Coordinates suggested from GeoNames: %(place)s (%(country)s). Check them on the map.")
                    % {"place": place["name"], "country": place["countrycode"]},
                )
        super().save_model(request, obj, form, change)


class SignatoryInline(InlineRights, admin.TabularInline):
    model = Signatory
    extra = 0


class DocumentInline(InlineRights, admin.TabularInline):
    model = AgreementDocument
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(PortfolioRights, AuditedAdmin, TranslationAdmin):
    list_display = ["title", "partner", "kind", "signed_on", "signing_mode", "valid_until"]
    list_filter = ["kind", "signing_mode", "renewal", "themes"]
    list_select_related = ["partner"]
    search_fields = ["title_en", "title_fr", "title_nl", "title_de", "partner__search_text"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["themes"]
    date_hierarchy = "signed_on"
    inlines = [SignatoryInline, DocumentInline]

    def partner_of(self, obj):
        return obj.partner

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partner":
            kwargs["queryset"] = Partner.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_fr", "name_nl", "name_de"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Network)
class NetworkAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "is_member"]
    autocomplete_fields = ["partners"]


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["partner", "staff_member"]
    list_select_related = ["partner", "staff_member"]
    autocomplete_fields = ["partner", "staff_member"]
    search_fields = ["partner__search_text", "staff_member__last_name"]
