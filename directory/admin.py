from django.contrib import admin

from core.admin import RightsAdmin, RightsMixin, TranslatedAdmin
from directory.models import StaffMember, Subject, Unit
from partners.models import Assignment


@admin.register(Unit)
class UnitAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Subject)
class SubjectAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name_en"]}


class AssignmentInline(RightsMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["partner", "source"]


@admin.register(StaffMember)
class StaffMemberAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["full_name", "title", "unit", "phone", "email", "user"]
    list_filter = ["unit", "subjects", "is_public"]
    list_select_related = ["unit", "user"]
    search_fields = ["first_name", "last_name", "email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["subjects"]
    inlines = [AssignmentInline]
