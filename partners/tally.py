"""The partner tally (PartnerTally): public partners counted per country, continent and map cell.

The home page's figures, the partners list's count and the map read the tally, whose rows
the geography bounds, so a page rendered after a change or with an empty cache reads a few
thousand rows at most, not every partner.

Every write of a partner through the ORM counts again, in its own transaction, the country
the row had and the one it has: `Partner.save()` and `delete()` run in a transaction, a
queryset's `delete()` too (Django's collector), and `PartnerQuerySet.update()` counts the
countries it touches. Before the row is written (pre_save, pre_delete) the transaction takes
a lock on PostgreSQL, so two writes of partners count one after the other and the old
country read is the one that is overwritten (SQLite writes one transaction at a time
anyway). Code that writes partners with SQL or `bulk_create` calls `refresh()` itself; with
no country it counts them all (a scan, once per bulk load), as after `migrate` when the
tally is missing.
"""

import threading
from contextlib import contextmanager
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import Count, DecimalField, F, IntegerField, Value
from django.db.models.functions import Round

from core.cache import content_changed
from core.worldmap import CELL

# pg_advisory_xact_lock's key for writing partners and counting them again.
LOCK = 4_711_011
# What a partner's public figures depend on: an update() of another field counts nothing.
COUNTED_FIELDS = {"country", "continent", "state", "latitude", "longitude"}


def lock(using):
    """Held until the transaction ends; taken again by the same transaction at no cost."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def cell(field):
    """round(degrees / CELL), half away from zero on both databases: a product by an exact
    decimal, since SQLite divides a whole number of degrees stored as an integer as integers,
    and PostgreSQL rounds a float's halves to even."""
    per_cell = Value(Decimal(1) / CELL, output_field=DecimalField())
    return Round(F(field) * per_cell, output_field=IntegerField())


def refresh(countries=None, using="default"):
    """Count the public partners of these countries (all if None) again."""
    from partners.models import Partner, PartnerTally

    with transaction.atomic(using=using):
        lock(using)
        rows = PartnerTally.objects.using(using)
        partners = Partner.objects.using(using).public()
        if countries is not None:
            countries = sorted({str(country) for country in countries if country})
            rows = rows.filter(country__in=countries)
            partners = partners.filter(country__in=countries)
        rows.delete()
        cells = (
            partners.annotate(x=cell("longitude"), y=cell("latitude"))
            .values_list("country", "continent", "x", "y")
            .annotate(count=Count("pk"))
            .order_by()
        )
        PartnerTally.objects.using(using).bulk_create(
            (
                PartnerTally(
                    country=country,
                    continent=continent,
                    cell_x=None if x is None else int(x),
                    cell_y=None if y is None else int(y),
                    count=count,
                )
                for country, continent, x, y, count in cells
            ),
            batch_size=1000,
        )
        # The pages cached since the partners' write was seen may hold the old figures.
        content_changed()


def note_country(sender, instance, using, **kwargs):
    """pre_save and pre_delete: lock, then note the country the row has before the write."""
    lock(using)
    if instance.pk is not None:
        rows = sender._base_manager.using(using).filter(pk=instance.pk)
        instance._tally_country_before = rows.values_list("country", flat=True).first()


_deferred = threading.local()


@contextmanager
def deferred(using="default"):
    """Many writes of partners in one transaction (a bulk import): each country they touch is
    counted once, when the block ends, instead of after each write. Call it inside the
    transaction: the lock taken by the first write is held until the count."""
    if getattr(_deferred, "countries", None) is not None:  # already deferred by an outer block
        yield
        return
    _deferred.countries = set()
    try:
        yield
        countries = _deferred.countries
    finally:
        _deferred.countries = None
    if countries:
        refresh(countries, using=using)


def after_write(sender, instance, using, **kwargs):
    """post_save and post_delete: count the old and the new country again."""
    countries = {instance.country, getattr(instance, "_tally_country_before", None)}
    if getattr(_deferred, "countries", None) is not None:
        _deferred.countries |= countries
        return
    refresh(countries, using=using)


def after_migrate(apps=None, using="default", **kwargs):
    """Fill a missing tally: a new database, or one migrated from before the tally.

    `apps`: the models as migrated (post_migrate gives them; flush does not)."""
    from partners.models import Partner, PartnerTally

    try:
        if apps is not None:
            apps.get_model("partners", "PartnerTally")  # absent when migrating back before it
    except LookupError:
        return
    if not PartnerTally.objects.using(using).exists() and Partner.objects.using(using).public().exists():
        refresh(using=using)
