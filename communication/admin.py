import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from communication import mail, services
from communication.models import Article, ArticleImage, Campaign, Consent, Delivery, Subscriber
from core.admin import RightsAdmin, RightsMixin, TranslatedAdmin, TranslatedTabularInline

DRAFT_STATES = [Article.State.DRAFT, Article.State.REVIEW]


class ImageInline(RightsMixin, TranslatedTabularInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "alt_text", "caption", "position"]


class ArticleForm(forms.ModelForm):
    may_publish = True  # set per request by ArticleAdmin.get_form

    def clean_state(self):
        state = self.cleaned_data["state"]
        if state not in DRAFT_STATES and not self.may_publish:
            raise forms.ValidationError(_("Only the communication officer and the head of unit publish news."))
        return state


@admin.register(Article)
class ArticleAdmin(RightsAdmin, TranslatedAdmin):
    form = ArticleForm
    list_display = ["title", "state", "publish_at", "author", "is_sample"]
    list_filter = ["state", "is_sample", "themes"]
    list_select_related = ["author"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["partners", "activities"]
    filter_horizontal = ["themes"]
    readonly_fields = ["author"]
    inlines = [ImageInline]
    date_hierarchy = "publish_at"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_publish = Article.may_publish(request.user)
        return form

    def has_change_permission(self, request, obj=None):
        # Once published, an article is the publishers' to change.
        if obj is not None and obj.state not in DRAFT_STATES and not Article.may_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        obj.clean()
        super().save_model(request, obj, form, change)


class ConsentInline(RightsMixin, admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["given_at", "language", "method", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["email", "language", "state", "confirmed_at", "bounces"]
    list_filter = ["state", "language", "is_sample"]
    search_fields = ["email"]
    fields = ["email", "language", "topics", "state", "bounces", "confirmed_at", "unsubscribed_at"]
    readonly_fields = ["bounces", "confirmed_at", "unsubscribed_at"]
    filter_horizontal = ["topics"]
    inlines = [ConsentInline]
    actions = ["export"]
    show_full_result_count = False

    @admin.action(description=_("Export the data of the selected subscribers"), permissions=["view"])
    def export(self, request, queryset):
        data = [services.subscriber_export(subscriber) for subscriber in queryset.prefetch_related("topics")]
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="subscribers.json"'
        return response


@admin.register(Campaign)
class CampaignAdmin(RightsAdmin, TranslatedAdmin):
    list_display = ["subject", "state", "send_at", "progress"]
    list_filter = ["state"]
    search_fields = ["subject"]
    filter_horizontal = ["articles"]
    autocomplete_fields = ["activities"]
    fields = [
        "subject",
        "introduction",
        "articles",
        "activities",
        "state",
        "send_at",
        "started_at",
        "finished_at",
        "progress",
    ]
    readonly_fields = ["state", "started_at", "finished_at", "progress"]
    actions = ["send_test", "send_now"]
    change_form_template = "admin/communication/campaign/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("progress"))
    def progress(self, obj):
        counts = {state: getattr(obj, f"count_{state}", 0) for state in Delivery.State.values}
        total = sum(counts.values())
        if not total:
            return "—"
        return _("%(sent)s of %(total)s sent, %(waiting)s waiting, %(failed)s failed") % {
            "sent": counts["sent"],
            "total": total,
            "waiting": counts["queued"] + counts["retry"],
            "failed": counts["failed"],
        }

    def has_send_permission(self, request):
        return request.user.has_perm("communication.send_campaign")

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        if obj.send_at and obj.state == Campaign.State.DRAFT:
            if not self.has_send_permission(request):
                raise PermissionDenied
            obj.state = Campaign.State.SCHEDULED
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_send_permission(request) or (obj and obj.state != Campaign.State.DRAFT):
            fields.append("send_at")
        return fields

    @admin.action(description=_("Send a test of the selected editions to me"), permissions=["send"])
    def send_test(self, request, queryset):
        if not request.user.email:
            self.message_user(request, _("Your account has no e-mail address."), messages.ERROR)
            return
        me = Subscriber(email=request.user.email, language=translation.get_language(), token="test")
        for campaign in queryset:
            mail.edition(campaign, me).send(fail_silently=False)
        self.message_user(request, _("Test sent to %(email)s.") % {"email": request.user.email})

    @admin.action(description=_("Send the selected editions now"), permissions=["send"])
    def send_now(self, request, queryset):
        for campaign in queryset.filter(state=Campaign.State.DRAFT):
            services.campaign_schedule(campaign=campaign, send_at=timezone.now())
        self.message_user(request, _("The worker is sending the editions; their progress shows here."))

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview)
        return [path("<int:pk>/preview/", preview, name="communication_campaign_preview"), *super().get_urls()]

    def preview(self, request, pk):
        campaign = get_object_or_404(self.get_queryset(request), pk=pk)
        language = request.GET.get("language") or translation.get_language()
        if language not in dict(Subscriber._meta.get_field("language").choices):
            language = "fr"
        sample = Subscriber(pk=0, email=request.user.email or "preview@example.org", language=language, token="preview")
        message = mail.edition(campaign, sample)
        html = message.alternatives[0][0]
        response = HttpResponse(html)
        # The edition's inline styles are for mail clients; the preview runs no script.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"
        return response


@admin.register(Delivery)
class DeliveryAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["campaign", "subscriber", "state", "attempts", "is_unsure", "sent_at", "last_error"]
    list_filter = ["state", "is_unsure", "campaign"]
    list_select_related = ["campaign", "subscriber"]
    search_fields = ["subscriber__email"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
