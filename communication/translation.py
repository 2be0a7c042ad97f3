from modeltranslation.translator import TranslationOptions, register

from communication.models import Article, ArticleImage, Campaign


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ["title", "summary", "body"]


@register(ArticleImage)
class ArticleImageTranslation(TranslationOptions):
    fields = ["alt_text", "caption"]


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ["subject", "introduction"]
