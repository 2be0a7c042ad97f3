from modeltranslation.translator import TranslationOptions, register

from partners.models import Agreement, Network, Partner, Signatory, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ["name"]


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ["name", "description"]


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ["title", "summary", "signed_at"]


@register(Signatory)
class SignatoryTranslation(TranslationOptions):
    fields = ["office"]


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ["name", "description"]
