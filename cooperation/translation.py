from modeltranslation.translator import TranslationOptions, register

from cooperation.models import AnnualReport, Call, Criterion, LegalText, Modality, PolicyElement, Project


@register(Modality)
class ModalityTranslation(TranslationOptions):
    fields = ["name", "description"]


@register(LegalText)
class LegalTextTranslation(TranslationOptions):
    fields = ["title"]


@register(PolicyElement)
class PolicyElementTranslation(TranslationOptions):
    fields = ["text"]


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ["title", "description", "criteria", "required_documents"]


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ["name"]


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ["title", "description", "city"]


@register(AnnualReport)
class AnnualReportTranslation(TranslationOptions):
    fields = ["introduction", "pdf"]
