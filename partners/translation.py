from modeltranslation.translator import TranslationOptions, register

from partners.models import Agreement, Network, Partner, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ["name"]


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ["name", "description"]


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ["title", "summary"]


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ["name", "description"]
