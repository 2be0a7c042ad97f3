"""Sample development cooperation data, labelled is_sample and shown as "sample" wherever it appears.

Used by demonstrations and by the IATI benchmark; removed with `remove_cooperation_sample`.
The figures are made up on purpose and never mixed with real ones: every row is flagged, and
the sample IATI publisher has an identifier that no registry would accept (prefix XI-IATI, the
IATI's own reserved prefix, and "SAMPLE").
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cooperation.models import (
    ApplicantOrganisation,
    Application,
    Attachment,
    BudgetLine,
    Call,
    Evaluation,
    Grant,
    IatiPublisher,
    Modality,
    Payment,
    Report,
    Tranche,
)
from core import dac, gazetteer
from core.models import Organisation

BATCH = 2000
SECTORS = ["14030", "43030", "15150", "16010", "25010", "41010", "43040", "11130"]
SAMPLE_PREFIX = "XI-IATI"
SAMPLE_NUMBER = "SAMPLE-LIAISON"


@transaction.atomic
def sample_generate(*, grants, organisations=100, seed=1):
    """Add sample calls, applicant organisations, applications, grants, tranches and payments."""
    rng = random.Random(seed)
    modalities = list(Modality.objects.all()) or [
        Modality.objects.create(slug="sample-modality", name_en="Sample modality", is_sample=True)
    ]
    office = Organisation.objects.first() or Organisation.objects.create(name_en="Sample office", is_sample=True)
    IatiPublisher.objects.get_or_create(
        organisation=office, defaults={"prefix": SAMPLE_PREFIX, "registration_number": SAMPLE_NUMBER, "is_sample": True}
    )
    now = timezone.now()
    calls = [
        Call.objects.create(
            title_en=f"Sample call {year}",
            modality=modalities[i % len(modalities)],
            envelope=Decimal(grants) * Decimal("100000"),
            maximum_grant=Decimal("100000"),
            opens_at=now.replace(year=year, month=1, day=15),
            closes_at=now.replace(year=year, month=3, day=31),
            is_published=True,
            is_sample=True,
        )
        for i, year in enumerate(range(now.year - 3, now.year))
    ]
    orgs = ApplicantOrganisation.objects.bulk_create(
        ApplicantOrganisation(
            name=f"Sample NGO {i}",
            legal_form=ApplicantOrganisation.LegalForm.NONPROFIT,
            enterprise_number="0403170701",
            address="Sample address",
            iban="BE71096123456769",
            is_sample=True,
            changed_at=timezone.now(),
        )
        for i in range(organisations)
    )
    # Each country with its most populous place (GeoNames): the IATI file then gives a real point.
    places = {code: gazetteer.largest_in(code) for code in sorted(dac.recipients() - {"XK"})}
    countries = [(code, place["name"]) for code, place in places.items() if place]
    start = Application.objects.count()
    for offset in range(0, grants, BATCH):
        size = min(BATCH, grants - offset)
        _batch(rng, calls, orgs, countries, start + offset, size)
    return grants


def _batch(rng, calls, orgs, countries, first, size):
    applications = []
    now = timezone.now()
    for n in range(first, first + size):
        call = calls[n % len(calls)]
        amount = Decimal(rng.randrange(10_000, 100_000, 500))
        country, city = rng.choice(countries)
        applications.append(
            Application(
                call=call,
                organisation=orgs[n % len(orgs)],
                reference=f"SAMPLE-{n:07d}",
                title=f"Sample project {n}",
                summary="Sample data, not a real project.",
                language="en",  # the sample's texts are written in English
                country=country,
                city=city,
                sectors=" ".join(rng.sample(SECTORS, rng.randint(1, 2))),
                duration_months=rng.choice([12, 24, 36]),
                requested_amount=amount,
                state=Application.State.DECIDED,
                decision=Application.Decision.SELECTED,
                submitted_at=call.closes_at - datetime.timedelta(days=1),
                decided_at=call.closes_at + datetime.timedelta(days=30),
                is_sample=True,
                changed_at=now,
            )
        )
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    grants = []
    for application in applications:
        grant = Grant(
            application=application,
            amount=application.requested_amount,
            awarded_on=(application.decided_at + datetime.timedelta(days=1)).date(),
            is_sample=True,
            changed_at=now,
        )
        # No report is due on a sample grant: past its end it is closed, as the daily command would have it.
        grant.activity_status = grant.status_on(timezone.localdate(), reports_approved=True)
        grants.append(grant)
    grants = Grant.objects.bulk_create(grants, batch_size=BATCH)
    tranches = Tranche.objects.bulk_create(
        [Tranche(grant=grant, order=1, amount=grant.amount, changed_at=now) for grant in grants], batch_size=BATCH
    )
    Payment.objects.bulk_create(
        [
            Payment(
                tranche=t, amount=t.amount, paid_on=t.grant.awarded_on + datetime.timedelta(days=20), changed_at=now
            )
            for t in tranches
        ],
        batch_size=BATCH,
    )


@transaction.atomic
def sample_remove():
    """Delete every sample row of the module, children first; real rows are left as they are."""
    applications = Application.objects.filter(is_sample=True)
    counts = {
        "payments": Payment.objects.filter(tranche__grant__application__in=applications).delete()[0],
        "tranches": Tranche.objects.filter(grant__application__in=applications).delete()[0],
        "reports": Report.objects.filter(grant__application__in=applications).delete()[0],
        "grants": Grant.objects.filter(application__in=applications).delete()[0],
    }
    Evaluation.objects.filter(application__in=applications).delete()
    BudgetLine.objects.filter(application__in=applications).delete()
    Attachment.objects.filter(application__in=applications).delete()
    counts["applications"] = applications.delete()[0]
    counts["calls"] = Call.objects.filter(is_sample=True, applications__isnull=True).delete()[0]
    counts["organisations"] = ApplicantOrganisation.objects.filter(is_sample=True, applications__isnull=True).delete()[
        0
    ]
    IatiPublisher.objects.filter(is_sample=True).delete()
    return counts
