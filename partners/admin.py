from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import RightsAdmin, RightsMixin, TranslatedAdmin, TranslatedTabularInline
from core.languages import localized_fields
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


class AliasInline(RightsMixin, admin.TabularInline):
    model = PartnerAlias
    extra = 0


class AssignmentInline(RightsMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["staff_member"]
    fields = ["staff_member", "source"]
    verbose_name_plural = _("Officers following this partner")


class CounterpartInline(RightsMixin, admin.TabularInline):
    model = Counterpart
    extra = 0
    fields = ["name", "office", "email", "phone", "notes"]


class AgreementInline(RightsMixin, admin.TabularInline):
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


class QuietFilter(admin.SimpleListFilter):
    """The dormant partnerships of the dashboards (Partner.objects.dormant)."""

    title = _("touch points")
    parameter_name = "quiet"

    def lookups(self, request, model_admin):
        return [("dormant", _("dormant: no touch point within the span"))]

    def queryset(self, request, queryset):
        if self.value() == "dormant":
            return queryset.dormant()
        return queryset


@admin.register(Partner)
class PartnerAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "kind", "country", "state", "officer_names", "agreement_count"]
    list_filter = [
        FollowedFilter,
        QuietFilter,
        "assignments__staff_member",
        "state",
        "kind",
        "continent",
        "themes",
        "is_sample",
    ]
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


class SignatoryInline(RightsMixin, TranslatedTabularInline):
    model = Signatory
    extra = 0


class DocumentInline(RightsMixin, admin.TabularInline):
    model = AgreementDocument
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["title", "partner", "kind", "signed_on", "signing_mode", "valid_until"]
    list_filter = ["kind", "signing_mode", "renewal", "themes"]
    list_select_related = ["partner"]
    search_fields = [*localized_fields("title"), "partner__search_text"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["themes"]
    date_hierarchy = "signed_on"
    inlines = [SignatoryInline, DocumentInline]


@admin.register(Theme)
class ThemeAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "slug"]
    search_fields = localized_fields("name")
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Network)
class NetworkAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "acronym", "is_member"]
    autocomplete_fields = ["partners"]


@admin.register(Assignment)
class AssignmentAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["partner", "staff_member"]
    list_select_related = ["partner", "staff_member"]
    autocomplete_fields = ["partner", "staff_member"]
    search_fields = ["partner__search_text", "staff_member__last_name"]
