import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cooperation import services
from cooperation.tests.conftest import complete_draft
from cooperation.tests.factories import ApplicantOrganisationFactory
from core import roles


@pytest.fixture
def scored(call, evaluators, development_officer):
    """Three applications: totals 80, 80 and 40 (under the threshold of 50)."""
    applications = []
    for marks in [(8, 8), (8, 8), (4, 4)]:
        application = complete_draft(call, ApplicantOrganisationFactory())
        application = services.application_submit(application=application)
        for evaluator in evaluators:
            evaluation = services.evaluator_assign(
                application=application, evaluator=evaluator, assigned_by=development_officer
            )
            services.conflict_declare(evaluation=evaluation, has_conflict=False)
            grid = list(call.grid.all())
            services.scores_record(evaluation=evaluation, scores={c: (m, "") for c, m in zip(grid, marks, strict=True)})
        applications.append(application)
    return applications


def test_the_ranking_is_deterministic_and_flags_totals_under_the_threshold(call, scored):
    rows = services.ranking(call)
    references = [row["application"].reference for row in rows]
    first, second, third = (a.reference for a in [*sorted(scored[:2], key=lambda a: a.reference), scored[2]])
    assert references == [first, second, third]
    assert [row["total"] for row in rows] == [Decimal("80.00"), Decimal("80.00"), Decimal("40.00")]
    assert [row["flagged"] for row in rows] == [False, False, True]
    assert services.ranking(call) == rows


def test_a_calls_officer_exports_the_ranking(client, call, scored, development_officer):
    client.force_login(development_officer)
    response = client.get(reverse("cooperation:ranking-csv", args=[call.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 4 and rows[3][6] == "yes"


@pytest.mark.parametrize("role", [roles.BILATERAL_OFFICER, roles.COMMUNICATION_OFFICER, roles.PROTOCOL_OFFICER])
def test_staff_without_the_right_to_read_applications_cannot_export_the_ranking(
    client, call, scored, django_user_model, role
):
    user = django_user_model.objects.create_user(username="someone", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    assert client.get(reverse("cooperation:ranking-csv", args=[call.pk])).status_code == 403


def test_an_applicant_cannot_export_the_ranking(client, call, scored, applicant):
    client.force_login(applicant)
    for name in ("cooperation:ranking-csv", "cooperation:ranking-xlsx", "cooperation:call-desk"):
        response = client.get(reverse(name, args=[call.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
