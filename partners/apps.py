from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

# Counterparts are private: not in what every role reads.
_PUBLIC_RECORDS = (
    "partner",
    "partneralias",
    "agreement",
    "signatory",
    "agreementdocument",
    "theme",
    "network",
    "assignment",
)
_READ = crud("partners", *_PUBLIC_RECORDS, actions=["view"])
# An officer changes the partners of their portfolio and what belongs to them (object rights
# come from each model's Rights declaration); only the head of unit adds partners or assigns them.
_PORTFOLIO = [
    "partners.view_counterpart",
    "partners.change_partner",
    *crud("partners", "partneralias", "counterpart", "agreement", "signatory", "agreementdocument"),
]


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and agreements")
    seed_section = "partners.seeds.load"  # its part of the data file (core.seeds)
    role_permissions = {
        roles.HEAD_OF_UNIT: [
            *crud("partners", *_PUBLIC_RECORDS, "counterpart"),
            "partners.change_all_partners",
        ],
        roles.BILATERAL_OFFICER: [*_READ, *_PORTFOLIO],
        roles.DEVELOPMENT_OFFICER: [*_READ, *_PORTFOLIO],
        roles.COMMUNICATION_OFFICER: _READ,
        roles.PROTOCOL_OFFICER: [*_READ, "partners.view_counterpart"],
        roles.FINANCE: _READ,
    }

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete, pre_save

        from core.audit import audit
        from partners import models, search, tally

        post_migrate.connect(search.after_migrate, sender=self, dispatch_uid="partners.search_index")
        post_migrate.connect(tally.after_migrate, sender=self, dispatch_uid="partners.tally")
        pre_save.connect(tally.note_country, sender=models.Partner, dispatch_uid="partners.tally.before_save")
        pre_delete.connect(tally.note_country, sender=models.Partner, dispatch_uid="partners.tally.before_delete")
        post_save.connect(tally.after_write, sender=models.Partner, dispatch_uid="partners.tally.save")
        post_delete.connect(tally.after_write, sender=models.Partner, dispatch_uid="partners.tally.delete")

        # Each partner's last touch point (partners.touch), after every write that moves it.
        from activities.models import Activity, FollowUp
        from partners import touch

        post_migrate.connect(touch.after_migrate, sender=self, dispatch_uid="partners.touch")
        post_save.connect(touch.after_activity_write, sender=Activity, dispatch_uid="partners.touch.activity")
        pre_delete.connect(touch.before_activity_delete, sender=Activity, dispatch_uid="partners.touch.activity_pre")
        post_delete.connect(touch.after_activity_delete, sender=Activity, dispatch_uid="partners.touch.activity_del")
        m2m_changed.connect(
            touch.after_links_change, sender=Activity.partners.through, dispatch_uid="partners.touch.links"
        )
        for model, name in [(models.Agreement, "agreement"), (FollowUp, "follow_up")]:
            receiver = getattr(touch, f"after_{name}_write")
            post_save.connect(receiver, sender=model, dispatch_uid=f"partners.touch.{name}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"partners.touch.{name}_del")

        derived = ["search_text", "touched_on", *(f"sort_key_{code}" for code in models.SORTED)]
        audit(models.Partner, m2m_fields={"themes", "networks"}, exclude_fields=derived)
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
