"""The partner tally (PartnerTally): public partners counted per country, continent and map cell.

The home page's figures, the partners list's count and the map read the tally, whose rows
the geography bounds, so a page rendered after a change or with an empty cache reads a few
thousand rows at most, not every partner.

Every write of a partner through the ORM counts its country again in the same transaction:
pre_save notes the country the row had, post_save and post_delete count the old and the new
country again. A committed transaction therefore never shows a tally that disagrees with
its partners. Writes that send no signal (bulk_create, QuerySet.update, SQL) call
`refresh()` themselves; without countries it counts every partner again (a scan, once per
bulk load), as it does after `migrate` when the tally is missing.
"""

from django.db import connections, transaction
from django.db.models import Count, F, FloatField
from django.db.models.functions import Round

from core.worldmap import CELL

# pg_advisory_xact_lock's key for counting again: two transactions counting one country at
# once would each delete the rows they see and both insert theirs.
LOCK = 4_711_011


def refresh(countries=None, using="default"):
    """Count the public partners of these countries (all if None) again."""
    from partners.models import Partner, PartnerTally

    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        rows = PartnerTally.objects.using(using)
        partners = Partner.objects.using(using).public()
        if countries is not None:
            countries = sorted({str(country) for country in countries if country})
            rows = rows.filter(country__in=countries)
            partners = partners.filter(country__in=countries)
        rows.delete()
        degrees = {"output_field": FloatField()}
        cells = (
            partners.annotate(x=Round(F("longitude") / CELL, **degrees), y=Round(F("latitude") / CELL, **degrees))
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


def note_country(sender, instance, using, **kwargs):
    """pre_save: the country the row has before this save, to count it again after."""
    if instance.pk is not None:
        rows = sender.objects.using(using).filter(pk=instance.pk)
        instance._tally_country_before = rows.values_list("country", flat=True).first()


def after_save(sender, instance, using, **kwargs):
    refresh({instance.country, getattr(instance, "_tally_country_before", None)}, using=using)


def after_delete(sender, instance, using, **kwargs):
    refresh({instance.country}, using=using)


def after_migrate(using="default", **kwargs):
    """Fill a missing tally: a new database, or one migrated from before the tally."""
    from partners.models import Partner, PartnerTally

    if not PartnerTally.objects.using(using).exists() and Partner.objects.using(using).public().exists():
        refresh(using=using)
