"""The seed loader: the organisation's data file (data/brussels.json), loaded through the ledger.

Each app loads its own section of the file: its AppConfig names a function
(`seed_section = "partners.seeds.load"`) that receives the loader and the whole file. The
sections run in the order of INSTALLED_APPS, so that an app finds, through `load.get()`, the
records of the apps it builds on (activities link the partners, cooperation nothing yet).
"""

import json
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from core.models import Organisation, SeedRecord


def translated(field, values):
    """{"en": "Berlin", "nl": "Berlijn"} -> {"name_en": "Berlin", "name_nl": "Berlijn", ...}; a plain
    string is the English text."""
    if isinstance(values, str):
        values = {"en": values}
    values = values or {}
    return {f"{field}_{code}": values.get(code, "") for code, _name in settings.LANGUAGES}


def english(values):
    """The English text of a value given in one language or in several."""
    return values if isinstance(values, str) else values["en"]


class SeedLoader:
    """Loads each record of the data file once, keyed in the ledger (core.SeedRecord), and counts.

    A key in the ledger is never created again, whether its row was since edited or deleted. A key
    not in it is created or, when a row with its natural key is already there (made by staff, or
    by an import older than the ledger), only recorded: that row is left as it is.
    """

    def __init__(self, sources):
        self.sources = sources
        self.ledger = dict(SeedRecord.objects.values_list("key", "object_id"))
        self.loaded = {}  # key -> row, for the sections that come after
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
            obj = model.objects.filter(pk=self.ledger[key]).first()
        else:
            obj = model.objects.filter(**lookup).first()
            if obj is None:
                obj = model.objects.create(**lookup, **values)
                self.created[model._meta.label_lower] += 1
            else:
                self.found += 1
            self._record(key, obj.pk)
        self.loaded[key] = obj
        return obj

    def get(self, model, key):
        """A row that a section before loaded under `key` ("berlin"), or None if there is none."""
        return self.loaded.get(f"{model._meta.label_lower}:{key}")

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

    def by_slug(self, model, records, fields=(), translated_fields=("name",)):
        """{slug: row} for records identified by their slug, with plain and translated fields."""
        rows = {}
        for record in records:
            values = {"source": self.source(record), **{field: record[field] for field in fields}}
            for field in translated_fields:
                values.update(translated(field, record.get(field, {})))
            rows[record["slug"]] = self.row(model, record["slug"], {"slug": record["slug"]}, values)
        return rows

    def source(self, record):
        return "; ".join(self.sources[code.strip()] for code in record["source"].split(","))


def sections():
    """The section loaders of the installed apps, in the order of INSTALLED_APPS."""
    return [import_string(config.seed_section) for config in apps.get_app_configs() if hasattr(config, "seed_section")]


@transaction.atomic
def seed_data_import(*, path):
    """Load what the organisation's data file (data/brussels.json) has that was never loaded before."""
    data = json.loads(path.read_text())
    load = SeedLoader(data["sources"])
    for section in sections():
        section(load, data)
    return load


def load(load, data):
    """Core's section: the organisation that runs this Liaison."""
    record = data["organisation"]
    values = {"source": load.source(record)}
    for field in ("name", "region", "description"):
        values.update(translated(field, record.get(field, {})))
    load.row(Organisation, "main", {}, values)
