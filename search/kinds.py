"""What the search indexes: each kind of record, how to read it and where it is shown.

A kind says how one record becomes an index entry (its names, its facets, its text in each
language) and where a result links to, on the public site and in the back office. Who may see
a record is never said here: the model's own `rights` declaration decides (search.service).
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import strip_tags

from core.languages import fallback

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The common abbreviation of an agreement's kind, found as its own word ("Ankara MoU").
KIND_ABBREVIATIONS = {"memorandum": "MoU"}


def _in(language, field_owner, field):
    return fallback(field_owner, field, language)[0] or ""


def _year(value):
    return value.year if value else None


class Kind:
    """One kind of record in the index. Subclasses say how to read it."""

    name = ""  # the kind's key in the index and in the addresses (?kind=partner)
    model_path = ""  # "app_label.ModelName"
    # Order of the groups on the results page.
    order = 0

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def queryset(self):
        """The records with what `describe` reads."""
        return self.model._default_manager.all()

    def shown(self):
        """The records with what a result shows (its address)."""
        return self.model._default_manager.all()

    def maybe_public(self):
        """A Q of the rows the public may see now or later without a write: the index's flag."""
        return self.model.rights.public

    def describe(self, obj):
        """{names, year, country, partners, themes, texts: {language: (title, body)}}."""
        raise NotImplementedError

    def public_url(self, obj):
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None

    def admin_url(self, obj):
        opts = self.model._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            return None

    def title(self, obj, language):
        return _in(language, obj, "title") or str(obj)

    @staticmethod
    def labelled(obj, field, language):
        """A choice's label in `language` ("memorandum of understanding")."""
        with translation.override(language):
            return str(getattr(obj, f"get_{field}_display")())


def _theme_names(themes, language):
    return [_in(language, theme, "name") for theme in themes]


def _partner_names(partners):
    """Every name of the partners, in every language and alias: "Kiev agreement" finds it too."""
    names = []
    for partner in partners:
        names += [getattr(partner, f"name_{code}", "") for code in LANGUAGE_CODES] + [partner.name]
        names += [alias.name for alias in partner.aliases.all()]
    return list(dict.fromkeys(filter(None, names)))


class PartnerKind(Kind):
    name, model_path, order = "partner", "partners.Partner", 1

    def shown(self):
        return super().shown().only("pk", "slug", "is_sample")

    def queryset(self):
        return super().queryset().prefetch_related("aliases", "themes")

    def title(self, obj, language):
        return obj.shown_name(language)

    def describe(self, obj):
        names = _partner_names([obj])
        texts = {}
        for language in LANGUAGE_CODES:
            with translation.override(language):
                country = str(obj.country.name)
            body = [_in(language, obj, "description"), country, self.labelled(obj, "kind", language)]
            body += _theme_names(obj.themes.all(), language) + names
            texts[language] = (self.title(obj, language), body)
        return {
            "names": names,
            "country": obj.country.code or "",
            "partners": [obj.pk],
            "themes": [t.pk for t in obj.themes.all()],
            "texts": texts,
        }


class AgreementKind(Kind):
    name, model_path, order = "agreement", "partners.Agreement", 2

    def queryset(self):
        return super().queryset().select_related("partner").prefetch_related("partner__aliases", "themes")

    def shown(self):
        return super().shown().select_related("partner")

    def public_url(self, obj):
        return obj.partner.get_absolute_url()

    def describe(self, obj):
        texts = {}
        year = _year(obj.signed_on)
        for language in LANGUAGE_CODES:
            body = [_in(language, obj, "summary"), _in(language, obj, "signed_at")]
            body += [self.labelled(obj, "kind", language), KIND_ABBREVIATIONS.get(obj.kind, ""), str(year or "")]
            body += _partner_names([obj.partner]) + _theme_names(obj.themes.all(), language)
            texts[language] = (self.title(obj, language), body)
        return {
            "year": year,
            "country": obj.partner.country.code or "",
            "partners": [obj.partner_id],
            "themes": [t.pk for t in obj.themes.all()],
            "texts": texts,
        }


class ActivityKind(Kind):
    name, model_path, order = "activity", "activities.Activity", 3

    def shown(self):
        return super().shown().only("pk", "slug", "is_sample")

    def queryset(self):
        from partners.models import Partner

        return (
            super()
            .queryset()
            .select_related("funding_programme")
            .prefetch_related(Prefetch("partners", Partner.objects.prefetch_related("aliases")), "themes")
        )

    def describe(self, obj):
        partners = list(obj.partners.all())
        themes = list(obj.themes.all())
        programme = obj.funding_programme
        texts = {}
        for language in LANGUAGE_CODES:
            body = [_in(language, obj, "description"), _in(language, obj, "venue"), _in(language, obj, "city")]
            body.append(self.labelled(obj, "kind", language))
            if programme:
                body += [_in(language, programme, "name"), programme.acronym]
            body += _partner_names(partners) + _theme_names(themes, language)
            texts[language] = (self.title(obj, language), body)
        return {
            "year": _year(obj.start_date),
            "country": obj.country.code or (partners[0].country.code if partners else ""),
            "partners": [p.pk for p in partners],
            "themes": [t.pk for t in themes],
            "texts": texts,
        }


class PersonKind(Kind):
    """People of delegations (the activities' participants)."""

    name, model_path, order = "person", "activities.Person", 4

    def public_url(self, obj):
        return None  # no page of their own: they are named on the activities' pages

    def title(self, obj, language):
        return obj.name

    def describe(self, obj):
        texts = {language: (obj.name, [_in(language, obj, "office")]) for language in LANGUAGE_CODES}
        return {"names": [obj.name], "texts": texts}


class OrganisationKind(Kind):
    """Organisations of delegations and of the activities' programmes."""

    name, model_path, order = "organisation", "activities.Organisation", 5

    def public_url(self, obj):
        return None

    def title(self, obj, language):
        return _in(language, obj, "name") or obj.name

    def describe(self, obj):
        names = [getattr(obj, f"name_{code}", "") for code in LANGUAGE_CODES] + [obj.name]
        names += obj.other_names.splitlines()
        names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        texts = {
            language: (self.title(obj, language), [_in(language, obj, "city"), self.labelled(obj, "kind", language)])
            for language in LANGUAGE_CODES
        }
        return {"names": names, "country": obj.country.code or "", "texts": texts}


class StaffKind(Kind):
    """The directory: whom to contact, and for what."""

    name, model_path, order = "staff", "directory.StaffMember", 6

    def queryset(self):
        return super().queryset().select_related("unit").prefetch_related("subjects")

    def title(self, obj, language):
        return obj.full_name

    def describe(self, obj):
        subjects = list(obj.subjects.all())
        texts = {}
        for language in LANGUAGE_CODES:
            body = [_in(language, obj, "title"), _in(language, obj.unit, "name")]
            body += [_in(language, subject, "name") for subject in subjects]
            texts[language] = (obj.full_name, body)
        return {"names": [obj.full_name], "texts": texts}


class ArticleKind(Kind):
    name, model_path, order = "news", "communication.Article", 7

    def queryset(self):
        return super().queryset().prefetch_related("partners__aliases", "themes")

    def maybe_public(self):
        # Public from its moment of publication on: the index cannot know when it is read.
        return Q(state="published")

    def describe(self, obj):
        partners, themes = list(obj.partners.all()), list(obj.themes.all())
        texts = {}
        for language in LANGUAGE_CODES:
            body = [_in(language, obj, "summary"), strip_tags(_in(language, obj, "body"))]
            body += _partner_names(partners) + _theme_names(themes, language)
            texts[language] = (self.title(obj, language), body)
        return {
            "year": _year(obj.publish_at),
            "partners": [p.pk for p in partners],
            "themes": [t.pk for t in themes],
            "texts": texts,
        }


class CallKind(Kind):
    name, model_path, order = "call", "cooperation.Call", 8

    def queryset(self):
        return super().queryset().prefetch_related("partners__aliases", "themes")

    def public_url(self, obj):
        return reverse("cooperation:call-detail", args=[obj.pk])

    def describe(self, obj):
        partners, themes = list(obj.partners.all()), list(obj.themes.all())
        texts = {}
        for language in LANGUAGE_CODES:
            body = [_in(language, obj, "description"), _in(language, obj, "criteria")]
            body += _partner_names(partners) + _theme_names(themes, language)
            texts[language] = (self.title(obj, language), body)
        return {
            "year": _year(obj.opens_at),
            "partners": [p.pk for p in partners],
            "themes": [t.pk for t in themes],
            "texts": texts,
        }


class ProjectKind(Kind):
    """Funded projects: the Region's direct bilateral projects."""

    name, model_path, order = "project", "cooperation.Project", 9

    def queryset(self):
        return super().queryset().select_related("partner").prefetch_related("partner__aliases")

    def public_url(self, obj):
        return reverse("cooperation:project-list")

    def describe(self, obj):
        texts = {}
        for language in LANGUAGE_CODES:
            body = [_in(language, obj, "description"), _in(language, obj, "city"), obj.reference]
            body += _partner_names([obj.partner])
            texts[language] = (self.title(obj, language), body)
        return {
            "year": _year(obj.starts_on),
            "country": obj.partner.country.code or "",
            "partners": [obj.partner_id],
            "texts": texts,
        }


KINDS = {
    kind.name: kind
    for kind in sorted(
        [
            PartnerKind(),
            AgreementKind(),
            ActivityKind(),
            PersonKind(),
            OrganisationKind(),
            StaffKind(),
            ArticleKind(),
            CallKind(),
            ProjectKind(),
        ],
        key=lambda kind: kind.order,
    )
}


def kind_of_model(model):
    for kind in KINDS.values():
        if kind.model is model:
            return kind
    return None
