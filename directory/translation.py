from modeltranslation.translator import TranslationOptions, register

from directory.models import StaffMember, Subject, Unit


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ["name", "description"]


@register(Subject)
class SubjectTranslation(TranslationOptions):
    fields = ["name"]


@register(StaffMember)
class StaffMemberTranslation(TranslationOptions):
    fields = ["title"]
