from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiToken
from core.admin import RightsAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(RightsAdmin, admin.ModelAdmin):
    """Each staff member's own tokens (ApiToken.rights: their holder sees them): made here, the
    key shown once; revoked here, at once."""

    list_display = ["label", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["label", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
            key = obj.new_key()
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                _("Your new token is %(key)s — copy it now: it will not be shown again.") % {"key": key},
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = [token for token in queryset if not token.is_revoked]
        for token in tokens:
            token.revoke()
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens)) % {"count": len(tokens)},
        )
