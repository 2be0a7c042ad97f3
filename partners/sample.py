"""Sample data for benchmarks and demonstrations: labelled is_sample everywhere it shows.

Later modules add their own generators here (activities, news, subscribers) and reuse
these partners.
"""

import datetime
import random

from django.db import connection, transaction

from core import gazetteer
from core.text import search_text
from directory.models import StaffMember, Unit
from partners import tally
from partners.models import Agreement, Assignment, Partner, Theme
from search import indexer

BATCH = 2000


@transaction.atomic
def sample_partners_generate(*, count, officers=100, seed=1):
    """Add `count` sample partners with an agreement each, themes and officers."""
    rng = random.Random(seed)
    places = gazetteer.most_populous(max(count, 1))
    start = Partner.objects.filter(is_sample=True).count()
    themes = list(Theme.objects.all()) or [
        Theme.objects.create(slug="sample-theme", name_en="Sample theme", is_sample=True)
    ]
    unit, _created = Unit.objects.get_or_create(
        slug="sample-unit", defaults={"name_en": "Sample unit", "is_sample": True}
    )
    members = StaffMember.objects.bulk_create(
        StaffMember(
            unit=unit,
            first_name="Sample",
            last_name=f"Officer {start + i}",
            title_en="Sample officer",
            is_sample=True,
            is_public=False,
        )
        for i in range(officers)
    )
    partners = []
    for i in range(count):
        place = places[i % len(places)]
        name = f"Sample {place['name']} {start + i}"
        partners.append(
            Partner(
                slug=f"sample-{start + i}",
                name_en=name,
                kind=Partner.Kind.CITY,
                country=place["countrycode"],
                continent=gazetteer.continent_of(place["countrycode"]),
                latitude=round(place["latitude"], 5),
                longitude=round(place["longitude"], 5),
                geonames_id=place["geonameid"],
                is_sample=True,
                source="sample data",
                search_text=search_text([name]),
                state=rng.choice([Partner.State.ACTIVE] * 6 + [Partner.State.DORMANT]),
            )
        )
    for partner in partners:
        partner.set_sort_keys()
    Partner.objects.bulk_create(partners, batch_size=BATCH)
    partners = list(Partner.objects.filter(is_sample=True, slug__in=[p.slug for p in partners]).only("pk"))
    Agreement.objects.bulk_create(
        (
            Agreement(
                partner=p,
                kind=Agreement.Kind.MEMORANDUM,
                title_en=f"Sample agreement {p.pk}",
                signed_on=datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(12000)),
                is_sample=True,
                source="sample data",
            )
            for p in partners
        ),
        batch_size=BATCH,
    )
    Through = Partner.themes.through
    Through.objects.bulk_create(
        (
            Through(partner_id=p.pk, theme_id=theme.pk)
            for p in partners
            for theme in rng.sample(themes, 2 if len(themes) > 1 else 1)
        ),
        batch_size=BATCH,
    )
    # Most partners are followed by one officer; one in five by nobody, as in real offices.
    Assignment.objects.bulk_create(
        (
            Assignment(partner=p, staff_member=rng.choice(members), is_sample=True)
            for p in partners
            if rng.random() > 0.2
        ),
        batch_size=BATCH,
    )
    # bulk_create sends no signal: refresh() counts the partners and makes cached pages stale,
    # and the search indexes them and their agreements.
    tally.refresh()
    ids = [p.pk for p in partners]
    indexer.index("partner", ids)
    indexer.index("agreement", list(Agreement.objects.filter(partner_id__in=ids).values_list("pk", flat=True)))
    with connection.cursor() as cursor:
        # The planner's statistics would still describe the table before the load, and it
        # would sort the whole table instead of reading the name index.
        cursor.execute("ANALYZE")
    return len(partners)
