from modeltranslation.translator import TranslationOptions, register

from activities.models import Activity, ActivityDocument, FundingProgramme, Outcome, ProgrammeItem


@register(FundingProgramme)
class FundingProgrammeTranslation(TranslationOptions):
    fields = ["name"]


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ["title", "description", "state_reason"]


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ["title", "description"]


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ["title", "description"]


@register(ActivityDocument)
class ActivityDocumentTranslation(TranslationOptions):
    fields = ["caption"]
