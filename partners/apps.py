from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and agreements")

    def ready(self):
        from auditlog.registry import auditlog

        from partners import models

        auditlog.register(models.Partner, m2m_fields={"themes", "networks"}, exclude_fields=["search_text"])
        auditlog.register(models.PartnerAlias)
        auditlog.register(models.Counterpart)
        auditlog.register(models.Agreement, m2m_fields={"themes"})
        auditlog.register(models.Signatory)
        auditlog.register(models.AgreementDocument)
        auditlog.register(models.Assignment)
        auditlog.register(models.Theme)
        auditlog.register(models.Network, m2m_fields={"partners"})
