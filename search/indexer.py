"""Keeps the search index current: every write of an indexed record rewrites its entry.

Saves and deletes (post_save, post_delete, m2m_changed) mark the record; once the transaction
commits, its entry is read again from the database and rewritten (`index`), so a record saved
three times in one form is indexed once, with what was committed. A write that sends no signal
(bulk_create, QuerySet.update, raw SQL) calls `index(kind, ids)` or `index_queryset()` itself;
`manage.py reindex` rebuilds everything.

Related records are followed where what the index holds of them changes: an alias, a partner's
names or state (its agreements), a subject's name (the staff who follow it).
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.text import normalize
from search.kinds import KINDS, LANGUAGE_CODES, kind_of_model
from search.models import Entry, Text

BATCH = 2000
_pending = threading.local()


def names_text(names):
    """ "| kyiv | kiev | kyjiw |": each name folded, bounded by bars (an exact name is "| name |")."""
    folded = list(dict.fromkeys(filter(None, (normalize(name) for name in names))))
    return "| " + " | ".join(folded) + " |" if folded else ""


def _ids(values):
    return " " + " ".join(str(v) for v in values) + " " if values else ""


def build(kind, objects, public_ids):
    """Unsaved (Entry, [Text]) for each object."""
    built = []
    for obj in objects:
        data = kind.describe(obj)
        public = obj.pk in public_ids
        entry = Entry(
            kind=kind.name,
            object_id=obj.pk,
            names=names_text(data.get("names", [])),
            year=data.get("year"),
            country=data.get("country", "") or "",
            partners=_ids(data.get("partners")),
            themes=_ids(data.get("themes")),
            public=public,
        )
        texts = []
        for language in LANGUAGE_CODES:
            title, body = data["texts"][language]
            body = "\n".join(dict.fromkeys(part.strip() for part in body if part and str(part).strip()))
            texts.append(Text(language=language, title=title or "", body=body, public=public))
        built.append((entry, texts))
    return built


def index(kind_name, ids, using="default"):
    """Rewrite the entries of these records of one kind (and drop those of records gone)."""
    kind = KINDS[kind_name]
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        objects = list(kind.queryset().using(using).filter(pk__in=batch))
        rule = kind.maybe_public()
        if rule is None:
            public_ids = set()
        else:
            public_ids = set(
                kind.model._default_manager.using(using).filter(rule, pk__in=batch).values_list("pk", flat=True)
            )
        built = build(kind, objects, public_ids)
        with transaction.atomic(using=using):
            Entry.objects.using(using).filter(kind=kind.name, object_id__in=batch).delete()
            entries = Entry.objects.using(using).bulk_create([entry for entry, _texts in built])
            texts = []
            for entry, (_unsaved, entry_texts) in zip(entries, built, strict=True):
                for text in entry_texts:
                    text.entry_id = entry.pk
                    texts.append(text)
            Text.objects.using(using).bulk_create(texts)


def index_queryset(queryset):
    """Index the records of a queryset of an indexed model (after bulk_create, update...)."""
    kind = kind_of_model(queryset.model)
    if kind is not None:
        index(kind.name, list(queryset.values_list("pk", flat=True)), using=queryset.db)


def reindex(kinds=None, stdout=None):
    """Rebuild the entries of every record of these kinds (all by default)."""
    counts = {}
    for name in kinds or KINDS:
        kind = KINDS[name]
        Entry.objects.filter(kind=name).delete()
        ids = list(kind.model._default_manager.order_by("pk").values_list("pk", flat=True))
        index(name, ids)
        counts[name] = len(ids)
        if stdout:
            stdout.write(f"{name}: {len(ids)}")
    return counts


# After each write


def _flush(using):
    pending = getattr(_pending, "records", {}).pop(using, {})
    records = {}
    for key, ids in pending.items():
        if isinstance(key, tuple):  # ("related", model): what quotes these records
            from django.apps import apps

            for kind_name, pks in _related(apps.get_model(key[1]), ids):
                records.setdefault(kind_name, set()).update(pks)
        else:
            records.setdefault(key, set()).update(ids)
    for kind_name, ids in records.items():
        index(kind_name, ids, using=using)


def mark(kind_name, pk, using="default"):
    """Index this record once the current transaction commits (`kind_name` may be
    ("related", "app.Model"): the records that quote it)."""
    records = getattr(_pending, "records", None)
    if records is None:
        records = _pending.records = {}
    records.setdefault(using, {}).setdefault(kind_name, set()).add(pk)
    # One callback per mark: the first to run indexes them all, the others find nothing left.
    # (A rolled-back transaction drops its callbacks; what it marked is indexed at the next
    # commit, from the database as it then is.)
    transaction.on_commit(lambda: _flush(using), using=using)


# Nothing here reads or writes the database before the commit: a save in a test's transaction
# (never committed) or under a query count costs nothing more.


def _saved(sender, instance, using="default", raw=False, **kwargs):
    if raw:
        return
    kind = kind_of_model(sender)
    if kind is not None:
        mark(kind.name, instance.pk, using)
    if sender in _quoted():
        mark(("related", sender._meta.label), instance.pk, using)


def _deleted(sender, instance, using="default", **kwargs):
    kind = kind_of_model(sender)
    if kind is not None:
        mark(kind.name, instance.pk, using)  # gone by then: its entry is dropped
    if sender._meta.label == "partners.PartnerAlias":
        mark("partner", instance.partner_id, using)


def _m2m(sender, instance, action, model, pk_set, using="default", **kwargs):
    if not action.startswith("post_"):
        return
    kind = kind_of_model(type(instance))
    if kind is not None:
        mark(kind.name, instance.pk, using)
    # The other side: a partner whose themes changed from the theme's side, for example.
    other = kind_of_model(model)
    if other is not None and pk_set:
        for pk in pk_set:
            mark(other.name, pk, using)


def _quoted():
    from activities.models import FundingProgramme
    from directory.models import Subject, Unit
    from partners.models import Partner, PartnerAlias, Theme

    return {Partner, PartnerAlias, Subject, Unit, FundingProgramme, Theme}


def _related(sender, pks):
    """(kind, pks) of other records whose entry holds something of these."""
    from activities.models import Activity, FundingProgramme
    from communication.models import Article
    from cooperation.models import Call
    from directory.models import StaffMember, Subject, Unit
    from partners.models import Agreement, Partner, PartnerAlias, Theme

    def of(model, **lookup):
        return list(model._default_manager.filter(**lookup).values_list("pk", flat=True).distinct())

    if sender is PartnerAlias:
        return [("partner", of(Partner, aliases__in=pks))]
    if sender is Partner:
        # Its agreements carry its names, and are public only while it is.
        return [("agreement", of(Agreement, partner__in=pks))]
    if sender is Subject:
        return [("staff", of(StaffMember, subjects__in=pks))]
    if sender is Unit:
        return [("staff", of(StaffMember, unit__in=pks))]
    if sender is FundingProgramme:
        return [("activity", of(Activity, funding_programme__in=pks))]
    if sender is Theme:
        return [
            ("partner", of(Partner, themes__in=pks)),
            ("agreement", of(Agreement, themes__in=pks)),
            ("activity", of(Activity, themes__in=pks)),
            ("news", of(Article, themes__in=pks)),
            ("call", of(Call, themes__in=pks)),
        ]
    return []


def connect_signals():
    from activities.models import FundingProgramme
    from directory.models import Subject, Unit
    from partners.models import PartnerAlias, Theme

    senders = [kind.model for kind in KINDS.values()] + [PartnerAlias, Subject, Unit, FundingProgramme, Theme]
    for model in senders:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search.saved.{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search.deleted.{model._meta.label}")
    for model in {kind.model for kind in KINDS.values()}:
        for field in model._meta.many_to_many:
            m2m_changed.connect(_m2m, sender=field.remote_field.through, dispatch_uid=f"search.m2m.{field}")
