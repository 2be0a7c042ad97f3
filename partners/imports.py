"""What a bulk import (core.imports) may bring into partners: partners, their aliases and counterparts."""

from core.imports import Spec
from partners import tally
from partners.models import Counterpart, Partner, PartnerAlias

NAMES = [f"name_{code}" for code in ("fr", "nl", "en", "de")]


class PartnerSpec(Spec):
    name = "partners"
    model = Partner
    key = ("slug",)
    fields = ("slug", *NAMES, "kind", "country", "state", "latitude", "longitude")
    required = ("slug",)

    def writing(self):
        return tally.deferred()


class AliasSpec(Spec):
    name = "aliases"
    model = PartnerAlias
    key = ("name",)
    fields = ("name", "language")
    owner = ("partner", Partner, "slug")
    required = ("partner", "name")


class CounterpartSpec(Spec):
    name = "counterparts"
    model = Counterpart
    key = ("name",)
    fields = ("name", "office", "email", "phone")
    owner = ("partner", Partner, "slug")
    required = ("partner", "name")
