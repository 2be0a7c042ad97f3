from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

# Every staff role issues and revokes its own API tokens (ApiToken.rights: its holder changes
# it), and sees the list of all (labels and dates: the key is never stored).
_OWN_TOKENS = crud("api", "apitoken")


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and open data")
    role_permissions = {role: _OWN_TOKENS for role in roles.STAFF_ROLES}

    def ready(self):
        from api import models, schema  # noqa: F401 (the token scheme of the OpenAPI document)
        from core.audit import audit

        audit(models.ApiToken, exclude_fields=["digest"])
