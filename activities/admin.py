from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from activities.models import (
    CAN_CHANGE_ALL,
    Activity,
    ActivityDocument,
    FeedToken,
    FollowUp,
    FundingProgramme,
    Organisation,
    Outcome,
    Participant,
    Person,
    ProgrammeItem,
)
from activities.services import similar_names
from core.admin import RightsAdmin, RightsMixin, TranslatedAdmin, TranslatedStackedInline, TranslatedTabularInline
from core.languages import localized_fields
from partners.models import Partner

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NAME_FIELDS = [f"name_{code}" for code in LANGUAGES]


class ParticipantInline(RightsMixin, TranslatedTabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "group", "headcount", "role", "side", "office", "is_public", "order"]


class ProgrammeInline(RightsMixin, TranslatedStackedInline):
    model = ProgrammeItem
    extra = 0
    autocomplete_fields = ["people", "organisations"]
    fields = [
        ("date", "start_time", "end_time"),
        "title",
        "kind",
        ("venue", "city"),
        "description",
        "people",
        "organisations",
        "order",
    ]


class OutcomeInline(RightsMixin, TranslatedStackedInline):
    model = Outcome
    extra = 0
    autocomplete_fields = ["agreement", "parties"]


class FollowUpInline(RightsMixin, admin.TabularInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ["owner"]


class DocumentInline(RightsMixin, TranslatedTabularInline):
    model = ActivityDocument
    extra = 0


class ActivityForm(forms.ModelForm):
    def clean_partners(self):
        partners = self.cleaned_data["partners"]
        user = self.request.user
        if not user.has_perm(CAN_CHANGE_ALL) and not partners.filter(pk__in=Partner.objects.editable_by(user)).exists():
            raise ValidationError(_("Choose at least one partner of your portfolio."))
        return partners


@admin.register(Activity)
class ActivityAdmin(RightsAdmin, TranslatedAdmin):
    form = ActivityForm
    list_display = ["title", "kind", "start_date", "state", "visibility", "city"]
    list_filter = ["kind", "state", "visibility", "date_precision", "themes"]
    search_fields = ["slug", *[f"{field}_{code}" for field in ("title", "city", "venue") for code in LANGUAGES]]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["partners", "themes", "funding_programme", "responsible", "parent"]
    exclude = ["followers"]
    inlines = [ParticipantInline, ProgrammeInline, OutcomeInline, FollowUpInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "parent", "description"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("start_date", "end_date", "date_precision"),
                    ("start_time", "end_time", "time_zone"),
                    ("venue", "city", "country"),
                ]
            },
        ),
        (
            _("Partners and frame"),
            {"fields": ["partners", "themes", "networks", "funding_programme", "responsible", "attendance"]},
        ),
        (_("State and visibility"), {"fields": ["state", "state_reason", "visibility", "internal_notes"]}),
        (_("Source"), {"fields": ["source", "is_sample"], "classes": ["collapse"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form


class SimilarNameForm(forms.ModelForm):
    """Warns once when a new record's name is close to an existing one; saving again confirms."""

    confirm_new = forms.BooleanField(
        label=_("This is a different one: create it anyway"), required=False, widget=forms.CheckboxInput
    )

    def clean(self):
        cleaned = super().clean()
        # The name as typed, in whichever language (an organisation's name is translatable).
        name = next((cleaned[field] for field in ("name", *NAME_FIELDS) if cleaned.get(field)), "")
        if name and self.instance.pk is None and not cleaned.get("confirm_new"):
            close = similar_names(type(self.instance), name)
            if close:
                raise ValidationError(
                    _("Close to an existing record: %(names)s. Check it is not the same, then tick the box."),
                    params={"names": ", ".join(close)},
                )
        return cleaned


@admin.register(Person)
class PersonAdmin(RightsAdmin, TranslatedAdmin):
    form = SimilarNameForm
    list_display = ["name", "office", "is_public"]
    search_fields = ["name", *[f"office_{code}" for code in LANGUAGES]]
    fields = ["name", "office", "is_public", "source", "confirm_new"]


@admin.register(Organisation)
class OrganisationAdmin(RightsAdmin, TranslatedAdmin):
    form = SimilarNameForm
    list_display = ["name", "kind", "city", "country"]
    list_filter = ["kind"]
    search_fields = ["other_names", *[f"{field}_{code}" for field in ("name", "city") for code in LANGUAGES]]
    fields = ["name", "other_names", "kind", "city", "country", "source", "confirm_new"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "acronym", "funder"]
    search_fields = [*localized_fields("name"), "acronym"]


@admin.register(FeedToken)
class FeedTokenAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["user", "label", "created_at", "revoked_at"]
    fields = ["user", "label", "revoked_at"]
    readonly_fields = ["user"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False
