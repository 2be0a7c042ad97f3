from modeltranslation.translator import TranslationOptions, register

from activities.models import (
    Activity,
    ActivityDocument,
    FundingProgramme,
    Organisation,
    Outcome,
    Participant,
    Person,
    ProgrammeItem,
)


@register(FundingProgramme)
class FundingProgrammeTranslation(TranslationOptions):
    fields = ["name"]


@register(Activity)
class ActivityTranslation(TranslationOptions):
    # Places too: "Brussels" is Bruxelles, Brussel and Brüssel on the other pages.
    fields = ["title", "description", "state_reason", "venue", "city"]


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ["title", "description", "venue", "city"]


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ["office"]  # a name is the person's own; the office is said in the reader's language


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ["name", "city"]


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ["office", "group"]


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ["title", "description"]


@register(ActivityDocument)
class ActivityDocumentTranslation(TranslationOptions):
    fields = ["caption"]
