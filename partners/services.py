import datetime
import json
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from activities.services import import_activities
from cooperation.services import frame_import as cooperation_frame_import
from core import gazetteer
from core.models import Organisation, SeedRecord
from directory.models import StaffMember, Subject, Unit
from partners.models import Agreement, Assignment, Counterpart, Network, Partner, PartnerAlias, Signatory, Theme


def _translated(field, values):
    """{"en": "Berlin", "nl": "Berlijn"} -> {"name_en": "Berlin", "name_nl": "Berlijn", ...}."""
    if isinstance(values, str):
        values = {"en": values}
    return {f"{field}_{code}": values.get(code, "") for code, _name in settings.LANGUAGES}


class SeedLoader:
    """Loads each record of the data file once, keyed in the ledger (core.SeedRecord), and counts.

    A key in the ledger is never touched again, whether its row was since edited or deleted. A key
    not in it is created or, when a row with its natural key is already there (made by staff, or
    by an import older than the ledger), only recorded: that row is left as it is.
    """

    def __init__(self, sources):
        self.sources = sources
        self.ledger = dict(SeedRecord.objects.values_list("key", "object_id"))
        self.created = Counter()
        self.found = 0
        self.already_loaded = 0

    def row(self, model, key, lookup, values):
        """The row of a seed record; None if it was deleted since, or if a parent in `lookup` is gone."""
        if None in lookup.values():
            return None
        key = f"{model._meta.label_lower}:{key}"
        if key in self.ledger:
            self.already_loaded += 1
            return model.objects.filter(pk=self.ledger[key]).first()
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.created[model._meta.label_lower] += 1
        else:
            self.found += 1
        self._record(key, obj.pk)
        return obj

    def link(self, key, owner, field, target):
        """Adds `target` to the many-to-many `field` of `owner`, unless that link was loaded before."""
        if owner is None or target is None:
            return
        label = f"{owner._meta.label_lower}.{field}"
        key = f"{label}:{key}"
        if key in self.ledger:
            self.already_loaded += 1
            return
        related = getattr(owner, field)
        if related.filter(pk=target.pk).exists():
            self.found += 1
        else:
            related.add(target)
            self.created[label] += 1
        self._record(key)

    def _record(self, key, object_id=None):
        SeedRecord.objects.create(key=key, object_id=object_id)
        self.ledger[key] = object_id

    def source(self, record):
        return "; ".join(self.sources[code.strip()] for code in record["source"].split(","))


@transaction.atomic
def seed_data_import(*, path):
    """Load what the organisation's data file (data/brussels.json) has that was never loaded before."""
    data = json.loads(path.read_text())
    load = SeedLoader(data["sources"])
    _import_organisation(load, data["organisation"])
    themes = _import_by_slug(load, Theme, data["themes"])
    units = _import_by_slug(load, Unit, data["units"], fields=["order"], translated=["name", "description"])
    subjects = _import_by_slug(load, Subject, data["subjects"])
    partners = {p["slug"]: _import_partner(load, p, themes) for p in data["partners"]}
    agreements = {record["key"]: _import_agreement(load, record, partners, themes) for record in data["agreements"]}
    for record in data["staff"]:
        _import_staff_member(load, record, units, subjects, partners, data["titles"])
    networks = _import_by_slug(
        load, Network, data["networks"], fields=["acronym", "is_member"], translated=["name", "description"]
    )
    for record in data["networks"]:
        for slug in record["partners"]:
            load.link(f"{record['slug']}/{slug}", networks[record["slug"]], "partners", partners[slug])
    import_activities(load, data, partners=partners, themes=themes, networks=networks, agreements=agreements)
    cooperation_frame_import(load, data.get("cooperation"))
    return load


def _import_by_slug(load, model, records, fields=(), translated=("name",)):
    """{slug: row} for records identified by their slug, with plain and translated fields."""
    rows = {}
    for record in records:
        values = {"source": load.source(record), **{field: record[field] for field in fields}}
        for field in translated:
            values.update(_translated(field, record.get(field, {})))
        rows[record["slug"]] = load.row(model, record["slug"], {"slug": record["slug"]}, values)
    return rows


def _import_organisation(load, record):
    values = {"source": load.source(record)}
    for field in ("name", "region", "description"):
        values.update(_translated(field, record.get(field, {})))
    load.row(Organisation, "main", {}, values)


def _import_partner(load, record, themes):
    slug = record["slug"]
    place = gazetteer.place(record["geonames_id"])
    partner = load.row(
        Partner,
        slug,
        {"slug": slug},
        {
            "source": load.source(record),
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
        load.row(PartnerAlias, f"{slug}/{alias}", {"partner": partner, "name": alias}, {})
    for theme in record.get("themes", []):
        load.link(f"{slug}/{theme}", partner, "themes", themes[theme])
    for counterpart in record.get("counterparts", []):
        load.row(
            Counterpart,
            f"{slug}/{counterpart['name']}",
            {"partner": partner, "name": counterpart["name"]},
            {"office": counterpart["office"], "source": load.source(counterpart)},
        )
    return partner


def _import_agreement(load, record, partners, themes):
    """Keyed by the file's "key"; the English title is looked up only for rows loaded before the ledger."""
    title = _translated("title", record["title"])
    agreement = load.row(
        Agreement,
        record["key"],
        {"partner": partners[record["partner"]], "title_en": title["title_en"]},
        {
            "source": load.source(record),
            "kind": record["kind"],
            "signed_on": datetime.date.fromisoformat(record["signed_on"]),
            "signed_on_precision": record["signed_on_precision"],
            **_translated("signed_at", record["signed_at"]),
            "signing_mode": record["signing_mode"],
            **{field: value for field, value in title.items() if field != "title_en"},
            **_translated("summary", record.get("summary", {})),
        },
    )
    for theme in record["themes"]:
        load.link(f"{record['key']}/{theme}", agreement, "themes", themes[theme])
    for order, signatory in enumerate(record["signatories"]):
        load.row(
            Signatory,
            f"{record['key']}/{signatory['name']}",
            {"agreement": agreement, "name": signatory["name"]},
            {"side": signatory["side"], "order": order, **_translated("office", signatory["office"])},
        )
    return agreement


def _import_staff_member(load, record, units, subjects, partners, titles):
    """Keyed by the file's "key"; the name is looked up only for rows loaded before the ledger."""
    key, title, unit = record["key"], record["title"], units[record["unit"]]
    if unit is None:  # deleted by staff: its new members wait for a unit
        return
    member = load.row(
        StaffMember,
        key,
        {"first_name": record["first_name"], "last_name": record["last_name"]},
        {
            "source": load.source(record),
            "unit": unit,
            "is_head": record.get("is_head", False),
            "order": record["order"],
            "phone": record["phone"],
            "email": record["email"],
            **_translated("title", titles[title] if isinstance(title, str) else title),
        },
    )
    for subject in record["subjects"]:
        load.link(f"{key}/{subject}", member, "subjects", subjects[subject])
    for slug in record["partners"]:
        load.row(
            Assignment,
            f"{slug}/{key}",
            {"partner": partners[slug], "staff_member": member},
            {"source": load.source(record)},
        )
