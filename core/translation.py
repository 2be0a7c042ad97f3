from modeltranslation.translator import TranslationOptions, register

from core.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ["name", "region", "description"]
