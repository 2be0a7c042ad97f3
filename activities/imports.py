"""What a bulk import (core.imports) may bring into activities: people and participating organisations."""

from activities.models import Organisation, Person
from core.imports import Spec

LANGUAGES = ("fr", "nl", "en", "de")


class PersonSpec(Spec):
    name = "people"
    model = Person
    key = ("name",)  # a person's name is their own, in every language
    fields = ("name", *(f"office_{code}" for code in LANGUAGES), "is_public")
    required = ("name",)


class OrganisationSpec(Spec):
    name = "organisations"
    model = Organisation
    key = ("name_en",)
    fields = (*(f"name_{code}" for code in LANGUAGES), "other_names", "kind", "country")
    required = ("name_en",)
