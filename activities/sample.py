"""Sample activities for benchmarks and demonstrations, labelled is_sample, on the sample partners."""

import datetime
import random

from django.db import connection, transaction

from activities.models import Activity, Participant, Person, ProgrammeItem
from core.cache import content_changed
from partners import touch
from partners.models import Partner
from search import indexer

BATCH = 5000
# Sample activities spread over this many years before today, and one year ahead.
YEARS_BACK = 30


def sample_activities_generate(*, count, busy_partner_count=10_000, seed=1):
    """Add `count` sample activities, each with two participants and a programme item, on the
    sample partners; the first sample partner gets `busy_partner_count` of them (a long timeline)."""
    rng = random.Random(seed)
    partner_ids = list(Partner.objects.filter(is_sample=True).order_by("pk").values_list("pk", flat=True))
    if not partner_ids:
        partner_ids = [
            Partner.objects.create(slug="sample-busy", name_en="Sample busy", country="BE", is_sample=True).pk
        ]
    start = Activity.objects.filter(is_sample=True).count()
    people = Person.objects.bulk_create(Person(name=f"Sample Person {start + i}", is_sample=True) for i in range(1000))
    indexer.index("person", [person.pk for person in people])  # bulk_create sends no signal
    today = datetime.date.today()
    span = (YEARS_BACK + 1) * 365
    kinds = list(Activity.Kind.values)
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            _batch(rng, start + made, size, partner_ids, people, kinds, today, span, busy_partner_count)
        made += size
    content_changed()  # bulk_create sends no signal
    touch.refresh()  # nor for the partners' last touch points: all of them, in one UPDATE
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as after any bulk load
    return made


def _batch(rng, first, size, partner_ids, people, kinds, today, span, busy_partner_count):
    activities = Activity.objects.bulk_create(
        Activity(
            slug=f"sample-activity-{first + i}",
            title_en=f"Sample activity {first + i}",
            kind=rng.choice(kinds),
            start_date=today + datetime.timedelta(days=365 - rng.randrange(span)),
            state=rng.choice([Activity.State.HELD] * 8 + [Activity.State.CANCELLED, Activity.State.POSTPONED]),
            state_reason_en="sample reason",
            visibility=rng.choice([Activity.Visibility.PUBLIC] * 4 + [Activity.Visibility.INTERNAL]),
            city="Sample city",
            source="sample data",
            is_sample=True,
        )
        for i in range(size)
    )
    Link = Activity.partners.through
    Link.objects.bulk_create(
        Link(
            activity_id=activity.pk,
            partner_id=partner_ids[0] if first + i < busy_partner_count else rng.choice(partner_ids),
        )
        for i, activity in enumerate(activities)
    )
    Participant.objects.bulk_create(
        Participant(activity_id=activity.pk, person=person, role=Participant.Role.POLITICIAN)
        for activity in activities
        for person in rng.sample(people, 2)
    )
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(activity_id=activity.pk, title_en="Sample meeting", kind=Activity.Kind.MEETING)
        for activity in activities
    )
    indexer.index("activity", [activity.pk for activity in activities])  # bulk_create sends no signal
