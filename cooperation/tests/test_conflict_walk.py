"""A conflicted development officer walks every back-office page, history, export and file of the
cooperation module, and finds nothing of the application they declared a conflict with.

The same walk as a colleague with no conflict finds it: the test would see a leak.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from cooperation import models, services
from cooperation.tests import factories
from cooperation.tests.conftest import decide_after_closing, pdf_upload

# What only the application (and what it owns) says: none of it is public, even once granted.
MARKERS = {
    "summary": "Quokka summary of the wells",
    "line": "Okapi drilling rig",
    "attachment": "Narwhal statutes",
    "comment": "Axolotl comment on relevance",
    "objectives": "Pangolin objectives",
}


@pytest.fixture
def conflicted(call, applicant, development_officer, other_development_officer, evaluators, finance, media):
    """An application evaluated, selected and granted, with a payment; `other_development_officer`
    was asked to evaluate it and declared a conflict of interest."""
    organisation = applicant.applicant_organisations.get()
    application = factories.ApplicationFactory(
        call=call,
        organisation=organisation,
        summary=MARKERS["summary"],
        objectives=MARKERS["objectives"],
        requested_amount=Decimal("90000.00"),
    )
    factories.BudgetLineFactory(
        application=application, label=MARKERS["line"], amount=Decimal("100000.00"), cofunding=Decimal("10000.00")
    )
    models.Attachment.objects.create(application=application, label=MARKERS["attachment"], file=pdf_upload())
    application = services.application_submit(application=application)
    cleared = services.evaluator_assign(
        application=application, evaluator=evaluators[0], assigned_by=development_officer
    )
    services.conflict_declare(evaluation=cleared, has_conflict=False)
    grid = {criterion: (Decimal("7.5"), "") for criterion in call.grid.all()}
    services.scores_record(evaluation=cleared, scores=grid, comment=MARKERS["comment"])
    theirs = services.evaluator_assign(
        application=application, evaluator=other_development_officer, assigned_by=development_officer
    )
    services.conflict_declare(evaluation=theirs, has_conflict=True)
    application = decide_after_closing(application=application, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=application,
        tranches=[Decimal("45000.00"), Decimal("45000.00")],
        reports=[("narrative", datetime.date(2026, 12, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    services.payment_record(
        tranche=grant.tranches.get(order=1),
        amount=Decimal("45000.00"),
        paid_on=datetime.date(2026, 4, 1),
        recorded_by=finance,
    )
    return application


def cooperation_admin_urls():
    """Every list, search, change and history page of the cooperation module's back office."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "cooperation":
            continue
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        yield changelist
        if model_admin.search_fields:
            yield f"{changelist}?q=Quokka"
            yield f"{changelist}?q=Okapi"
        for pk in model.objects.values_list("pk", flat=True):
            yield reverse("admin:{}_{}_change".format(*info), args=[pk])
            yield reverse("admin:{}_{}_history".format(*info), args=[pk])


def walk(client, call, application):
    """Every page, export and file of the walk, as one text, and the statuses seen."""
    urls = [
        *cooperation_admin_urls(),
        reverse("admin:index"),
        reverse("admin:auditlog_logentry_changelist"),
        reverse("cooperation:ranking-csv", args=[call.pk]),
        *(reverse("cooperation:attachment", args=[pk]) for pk in application.attachments.values_list("pk", flat=True)),
        *(
            reverse("cooperation:evaluation-detail", args=[pk])
            for pk in application.evaluations.values_list("pk", flat=True)
        ),
        reverse("cooperation:evaluation-list"),
    ]
    texts, statuses = [], {}
    for url in urls:
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        texts.append(content.decode("utf-8", "replace"))
    return "\n".join(texts), statuses


def test_a_conflicted_officer_finds_nothing_of_the_application_anywhere_in_the_back_office(
    client, call, conflicted, other_development_officer
):
    client.force_login(other_development_officer)
    text, statuses = walk(client, call, conflicted)
    assert len(statuses) > 40
    found = {name: marker for name, marker in MARKERS.items() if marker in text}
    assert found == {}
    assert "7.50" not in text and "7,50" not in text  # the other evaluator's scores


def test_the_same_walk_as_a_colleague_with_no_conflict_finds_the_application(
    client, call, conflicted, development_officer
):
    client.force_login(development_officer)
    text, _statuses = walk(client, call, conflicted)
    assert {name for name, marker in MARKERS.items() if marker in text} == set(MARKERS)
