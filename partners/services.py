import datetime
import json
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from core import gazetteer
from core.models import Organisation
from directory.models import StaffMember, Subject, Unit
from partners.models import Agreement, Assignment, Counterpart, Network, Partner, PartnerAlias, Signatory, Theme


def _translated(field, values):
    """{"en": "Berlin", "nl": "Berlijn"} -> {"name_en": "Berlin", "name_nl": "Berlijn", ...}."""
    if isinstance(values, str):
        values = {"en": values}
    return {f"{field}_{code}": values.get(code, "") for code, _name in settings.LANGUAGES}


class Upserter:
    """Creates or updates rows by a natural key, saving only what differs, and counts."""

    def __init__(self, sources):
        self.sources = sources
        self.counts = Counter()

    def __call__(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.counts[f"{model._meta.model_name} created"] += 1
        elif any(getattr(obj, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(obj, field, value)
            obj.save()
            self.counts[f"{model._meta.model_name} updated"] += 1
        return obj

    def source(self, record):
        return "; ".join(self.sources[code.strip()] for code in record["source"].split(","))


@transaction.atomic
def seed_data_import(*, path):
    """Load the organisation's data file (data/brussels.json); running it again changes nothing."""
    data = json.loads(path.read_text())
    upsert = Upserter(data["sources"])
    _import_organisation(upsert, data["organisation"])
    themes = _import_by_slug(upsert, Theme, data["themes"])
    units = _import_by_slug(upsert, Unit, data["units"], fields=["order"], translated=["name", "description"])
    subjects = _import_by_slug(upsert, Subject, data["subjects"])
    partners = {p["slug"]: _import_partner(upsert, p, themes) for p in data["partners"]}
    for record in data["agreements"]:
        _import_agreement(upsert, record, partners, themes)
    for record in data["staff"]:
        _import_staff_member(upsert, record, units, subjects, partners, data["titles"])
    networks = _import_by_slug(
        upsert, Network, data["networks"], fields=["acronym", "is_member"], translated=["name", "description"]
    )
    for record in data["networks"]:
        networks[record["slug"]].partners.add(*[partners[slug] for slug in record["partners"]])
    return upsert.counts


def _import_by_slug(upsert, model, records, fields=(), translated=("name",)):
    """{slug: row} for records identified by their slug, with plain and translated fields."""
    rows = {}
    for record in records:
        values = {"source": upsert.source(record), **{field: record[field] for field in fields}}
        for field in translated:
            values.update(_translated(field, record.get(field, {})))
        rows[record["slug"]] = upsert(model, {"slug": record["slug"]}, values)
    return rows


def _import_organisation(upsert, record):
    if not Organisation.objects.exists():
        Organisation.objects.create(source=upsert.source(record))
    values = {"source": upsert.source(record)}
    for field in ("name", "region", "description"):
        values.update(_translated(field, record.get(field, {})))
    upsert(Organisation, {"pk": Organisation.objects.get().pk}, values)


def _import_partner(upsert, record, themes):
    place = gazetteer.place(record["geonames_id"])
    partner = upsert(
        Partner,
        {"slug": record["slug"]},
        {
            "source": upsert.source(record),
            "kind": record["kind"],
            "country": record["country"],
            "geonames_id": record["geonames_id"],
            "latitude": round(Decimal(str(place["latitude"])), 5),
            "longitude": round(Decimal(str(place["longitude"])), 5),
            **_translated("name", record["name"]),
            **_translated("description", record.get("description", {})),
        },
    )
    for alias in record["aliases"]:
        if not partner.aliases.filter(name=alias).exists():
            PartnerAlias.objects.create(partner=partner, name=alias)
            upsert.counts["alias created"] += 1
    partner.themes.add(*[themes[slug] for slug in record.get("themes", [])])
    for counterpart in record.get("counterparts", []):
        upsert(
            Counterpart,
            {"partner": partner, "name": counterpart["name"]},
            {"office": counterpart["office"], "source": upsert.source(counterpart)},
        )
    return partner


def _import_agreement(upsert, record, partners, themes):
    partner = partners[record["partner"]]
    title = _translated("title", record["title"])
    agreement = upsert(
        Agreement,
        {"partner": partner, "title_en": title["title_en"]},
        {
            "source": upsert.source(record),
            "kind": record["kind"],
            "signed_on": datetime.date.fromisoformat(record["signed_on"]),
            "signed_on_precision": record["signed_on_precision"],
            "signed_at": record["signed_at"],
            "signing_mode": record["signing_mode"],
            **{field: value for field, value in title.items() if field != "title_en"},
            **_translated("summary", record.get("summary", {})),
        },
    )
    agreement.themes.add(*[themes[slug] for slug in record["themes"]])
    for order, signatory in enumerate(record["signatories"]):
        upsert(
            Signatory,
            {"agreement": agreement, "name": signatory["name"]},
            {"side": signatory["side"], "office": signatory["office"], "order": order},
        )


def _import_staff_member(upsert, record, units, subjects, partners, titles):
    title = record["title"]
    member = upsert(
        StaffMember,
        {"first_name": record["first_name"], "last_name": record["last_name"]},
        {
            "source": upsert.source(record),
            "unit": units[record["unit"]],
            "is_head": record.get("is_head", False),
            "order": record["order"],
            "phone": record["phone"],
            "email": record["email"],
            **_translated("title", titles[title] if isinstance(title, str) else title),
        },
    )
    member.subjects.add(*[subjects[slug] for slug in record["subjects"]])
    for slug in record["partners"]:
        _assignment, created = Assignment.objects.get_or_create(
            partner=partners[slug], staff_member=member, defaults={"source": member.source}
        )
        upsert.counts["assignment created"] += created
