"""The seed loader: the organisation's data file (data/brussels.json), loaded through the ledger.

Each app loads its own section of the file: its AppConfig names a function
(`seed_section = "partners.seeds.load"`) that receives the loader and the whole file. The
sections run in the order of INSTALLED_APPS, so that an app finds, through `load.get()`, the
records of the apps it builds on (activities link the partners, cooperation nothing yet).
"""

import datetime
import functools
import hashlib
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.models import Organisation, SeedCorrection, SeedRecord


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


def canonical(field, value):
    """A field's value as the ledger compares it and a correction shows it (JSON)."""
    if value is None or value == "":
        return ""
    value = field.to_python(value)
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)  # a country


def digest(field, value):
    text = json.dumps(canonical(field, value), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class SeedLoader:
    """Loads each record of the data file through the ledger (core.SeedRecord), and counts.

    A key not in the ledger is created or, when a row with its natural key is already there
    (made by staff, or by an import older than the ledger), only recorded: that row is left as
    it is. A key in the ledger is never created again, whether its row was since edited or
    deleted; its fields are compared with what was loaded (`SeedRecord.fields`):

    - the file gives the value it gave before: nothing to do;
    - the file gives a new value, and the row still holds what was loaded: staff never changed
      it, so it takes the new value (a correction of the file reaches the database);
    - the file gives a new value, and staff changed the field: their value stays, and the new
      one is offered to them (SeedCorrection), to accept or dismiss in the back office.

    A record loaded before the ledger kept digests has none: a field of it was changed by staff
    if its audit history (core.audit) records a change to that field, or if it has no history.
    """

    def __init__(self, sources):
        self.sources = sources
        self.ledger = {record.key: record for record in SeedRecord.objects.all()}
        self.loaded = {}  # key -> row, for the sections that come after
        self.created = Counter()
        self.found = 0
        self.already_loaded = 0
        self.corrected = Counter()  # fields that took the file's new value, by model
        self.offered = 0  # new values offered to staff, who had changed the field
        self.withdrawn = 0  # records and links the file no longer holds
        self._audited = {}  # (kind, pk) -> the fields someone changed, or None with no history
        self.pending = set(SeedCorrection.objects.pending().values_list("record_id", "field"))

    def row(self, model, key, lookup, values, inferred=None):
        """The row of a seed record; None if it was deleted since, or if a parent in `lookup` is gone.

        `inferred` ({field: why}) names the fields the file gives as an inference, not as a
        statement of a source (core.seeds.unconfirmed)."""
        if None in lookup.values():
            return None
        key = f"{model._meta.label_lower}:{key}"
        given = {name: value for name, value in {**lookup, **values}.items() if not _is_link(model, name)}
        record = self.ledger.get(key)
        if record is not None:
            self.already_loaded += 1
            obj = model.objects.filter(pk=record.object_id).first()
            if obj is None:
                self._forget_offers(record)  # staff deleted the row: nothing left to correct
            elif record.withdrawn_at is None:
                self._correct(record, obj, given, inferred or {})
        else:
            obj = model.objects.filter(**lookup).first()
            if obj is None:
                obj = model.objects.create(**lookup, **values)
                self.created[model._meta.label_lower] += 1
            else:
                self.found += 1
            self._record(key, obj, given, inferred or {})
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

    def by_slug(self, model, records, fields=(), translated_fields=("name",)):
        """{slug: row} for records identified by their slug, with plain and translated fields."""
        rows = {}
        for record in records:
            values = {"source": self.source(record), **{field: record[field] for field in fields}}
            for field in translated_fields:
                values.update(translated(field, record.get(field, {})))
            rows[record["slug"]] = self.row(
                model, record["slug"], {"slug": record["slug"]}, values, inferred=record.get("inferred")
            )
        return rows

    def source(self, record):
        return "; ".join(self.sources[code.strip()] for code in record["source"].split(","))

    def withdraw(self, entries):
        """Records and links the file held and no longer does ({"key": …, "why": …} each): a link is
        removed, a row staff never changed is deleted, one they changed is offered for deletion."""
        for entry in entries:
            record = self.ledger.get(entry["key"])
            if record is None or record.withdrawn_at is not None:
                continue
            if record.content_type_id is None:
                self._unlink(record)
            else:
                self._withdraw_row(record)
            record.withdrawn_at = timezone.now()
            record.save(update_fields=["withdrawn_at"])
            self.withdrawn += 1

    # The ledger

    def _record(self, key, obj=None, given=(), inferred=None):
        fields = {}
        if obj is not None:
            fields = {name: digest(obj._meta.get_field(name), value) for name, value in dict(given).items()}
        record = SeedRecord.objects.create(
            key=key,
            object_id=obj.pk if obj is not None else None,
            content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
            fields=fields,
            inferred=inferred or {},
        )
        self.ledger[key] = record
        return record

    def _correct(self, record, obj, given, inferred):
        new_values = {}
        for name, value in given.items():
            field = obj._meta.get_field(name)
            new, loaded = digest(field, value), record.fields.get(name)
            offered = (record.pk, name) in self.pending
            if new == loaded and not offered:
                continue
            current = digest(field, field.value_from_object(obj))
            if current == new:  # staff gave it already, or the ledger had no digest yet
                if offered:
                    record.corrections.pending().filter(field=name).delete()
                    self.pending.discard((record.pk, name))
            elif new == loaded:
                continue  # offered before, not decided yet
            elif (current == loaded) if loaded is not None else not self._changed_by_staff(obj, name):
                new_values[name] = value
            else:
                self._offer(record, name, canonical(field, value))
            record.fields[name] = new
        for name, value in new_values.items():
            setattr(obj, name, value)
        if new_values:
            obj.save()
            self.corrected[obj._meta.label_lower] += len(new_values)
        record.inferred = inferred
        record.save(update_fields=["fields", "inferred"])

    def _offer(self, record, field, value):
        SeedCorrection.objects.update_or_create(
            record=record, field=field, state=SeedCorrection.State.PENDING, defaults={"value": value}
        )
        self.pending.add((record.pk, field))
        self.offered += 1

    def _forget_offers(self, record):
        if any(pk == record.pk for pk, _field in self.pending):
            record.corrections.pending().delete()
            self.pending = {(pk, field) for pk, field in self.pending if pk != record.pk}

    def _changed_by_staff(self, obj, field=None):
        """Whether the audit history records a change to the field (to any field: None) of a row
        loaded before the ledger kept digests; True when the row has no history to tell."""
        kind = ContentType.objects.get_for_model(obj)
        if (kind.pk, obj.pk) not in self._audited:
            entries = LogEntry.objects.filter(content_type=kind, object_pk=str(obj.pk))
            changed = None
            if entries.filter(action=LogEntry.Action.CREATE).exists():
                changed = set()
                for entry in entries.filter(action=LogEntry.Action.UPDATE):
                    changed |= set(entry.changes_dict)
            self._audited[kind.pk, obj.pk] = changed
        changed = self._audited[kind.pk, obj.pk]
        return changed is None or (bool(changed) if field is None else field in changed)

    def _withdraw_row(self, record):
        model = record.content_type.model_class()
        obj = model._default_manager.filter(pk=record.object_id).first()
        if obj is None:
            return
        if record.fields:
            unchanged = all(
                digest(obj._meta.get_field(name), obj._meta.get_field(name).value_from_object(obj)) == loaded
                for name, loaded in record.fields.items()
            )
        else:
            unchanged = not self._changed_by_staff(obj)
        if unchanged:
            try:
                with transaction.atomic():
                    obj.delete()
                return
            except ProtectedError:
                pass  # other records point at it: staff decide
        self._offer(record, "", None)

    def _unlink(self, record):
        label, keys = record.key.split(":", 1)
        app_label, model_name, field = label.split(".")
        owner_key, target_key = keys.rsplit("/", 1)
        owner_model = apps.get_model(app_label, model_name)
        target_model = owner_model._meta.get_field(field).related_model
        owner = self.ledger.get(f"{owner_model._meta.label_lower}:{owner_key}")
        target = self.ledger.get(f"{target_model._meta.label_lower}:{target_key}")
        row = owner_model._default_manager.filter(pk=owner.object_id).first() if owner else None
        if row is not None and target is not None:
            getattr(row, field).remove(target.object_id)


def _is_link(model, name):
    return model._meta.get_field(name).is_relation


def unconfirmed(obj):
    """{field: why} of the fields of a seed row that still hold what the file gave as an
    inference; a public page never shows these as established. A field a person changed (in
    the audit history), even back to the same value, is theirs: established."""
    return unconfirmed_of([obj]).get(obj.pk, {})


def inferable(model):
    """The fields of `model` the data file gives as an inference for some row (the API's schema
    says these may be null)."""
    names = set()
    try:
        kind = ContentType.objects.get_for_model(model)
        records = SeedRecord.objects.filter(content_type=kind).exclude(inferred={})
        for inferred in records.values_list("inferred", flat=True):
            names.update(inferred)
    except DatabaseError:
        return set()  # a database not migrated yet (the schema `manage.py check` builds)
    return names


def unconfirmed_of(objects):
    """unconfirmed() of several rows of one model, in two queries: {pk: {field: why}} of the
    rows that have any (the API and the open-data files leave these fields out, as the pages do)."""
    objects = [obj for obj in objects if obj.pk is not None]
    if not objects:
        return {}
    model = type(objects[0])
    kind = ContentType.objects.get_for_model(model)
    by_pk = {obj.pk: obj for obj in objects}
    records = SeedRecord.objects.filter(content_type=kind, object_id__in=list(by_pk)).exclude(inferred={})
    found = {}
    for record in records:
        obj = by_pk[record.object_id]
        still = {}
        for name, why in record.inferred.items():
            names = [loaded for loaded in record.fields if loaded == name or loaded.startswith(f"{name}_")]
            if names and all(
                digest(model._meta.get_field(loaded), model._meta.get_field(loaded).value_from_object(obj))
                == record.fields[loaded]
                for loaded in names
            ):
                still[name] = why
        if still:
            found[obj.pk] = still
    if found:
        changes = LogEntry.objects.filter(
            content_type=kind,
            object_pk__in=[str(pk) for pk in found],
            action=LogEntry.Action.UPDATE,
            actor__isnull=False,
        )
        for entry in changes:
            pk = model._meta.pk.to_python(entry.object_pk)
            for name in entry.changes_dict:
                found.get(pk, {}).pop(name, None)
    return {pk: still for pk, still in found.items() if still}


@transaction.atomic
def correction_decide(*, correction, accept, user):
    """Accept (the row takes the source's value, or is deleted) or dismiss a correction."""
    correction = SeedCorrection.objects.select_for_update().select_related("record").get(pk=correction.pk)
    if correction.target is None:
        raise ValidationError(_("The record no longer exists."))
    if not SeedCorrection.objects.filter(pk=correction.pk).reviewable_by(user).exists():
        raise PermissionDenied
    if correction.state != SeedCorrection.State.PENDING:
        raise ValidationError(_("This correction has already been decided."))
    if accept:
        _apply(correction)
    correction.state = SeedCorrection.State.ACCEPTED if accept else SeedCorrection.State.DISMISSED
    correction.decided_by, correction.decided_at = user, timezone.now()
    correction.save()
    return correction


def _apply(correction):
    obj = correction.target
    if obj is None:
        raise ValidationError(_("The record no longer exists."))
    if not correction.field:
        try:
            obj.delete()
        except ProtectedError as error:
            raise ValidationError(_("Other records refer to this one: it cannot be deleted.")) from error
        return
    field = obj._meta.get_field(correction.field)
    value = field.clean(correction.value, obj)
    setattr(obj, correction.field, value)
    obj.save()


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
    load.withdraw(data.get("withdrawn", []))
    return load


# The partners' and the Region's Wikidata items, with the source they were checked against.
WIKIDATA = Path(__file__).resolve().parent.parent / "data" / "wikidata.json"


@functools.cache
def wikidata():
    return json.loads(WIKIDATA.read_text(encoding="utf-8"))


def load(load, data):
    """Core's section: the organisation that runs this Liaison."""
    record = data["organisation"]
    values = {"source": load.source(record)}
    for field in ("name", "region", "description"):
        values.update(translated(field, record.get(field, {})))
    values["wikidata_id"] = wikidata()["organisation"]
    load.row(Organisation, "main", {}, values)
