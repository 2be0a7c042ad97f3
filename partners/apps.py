from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and agreements")

    def ready(self):
        from core.audit import audit
        from partners import models

        audit(models.Partner, m2m_fields={"themes", "networks"}, exclude_fields=["search_text"])
        audit(models.Agreement, m2m_fields={"themes"})
        audit(models.Network, m2m_fields={"partners"})
        for model in (
            models.PartnerAlias,
            models.Counterpart,
            models.Signatory,
            models.AgreementDocument,
            models.Assignment,
            models.Theme,
        ):
            audit(model)
