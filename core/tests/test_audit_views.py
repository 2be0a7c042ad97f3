"""The audit views: what they show to whom, and how."""

from auditlog.context import set_actor
from django.urls import reverse

from partners.models import Agreement, Counterpart, Partner
from partners.tests.factories import AgreementFactory


def history(partner):
    return reverse("admin:partners_partner_history", args=[partner.pk])


def test_counterpart_changes_are_hidden_from_roles_without_the_right_in_every_history(client, visitor, head_of_unit):
    ankara = Partner.objects.get(slug="ankara")
    counterpart = Counterpart.objects.filter(partner=ankara).first()
    with set_actor(head_of_unit):
        counterpart.phone = "+90 312 000 00 00"
        counterpart.notes = "Prefers Turkish and French."
        counterpart.save()

    client.force_login(visitor)
    for url in (history(ankara), reverse("admin:auditlog_logentry_changelist")):
        content = client.get(url).content.decode()
        assert "Prefers Turkish" not in content
        assert "+90 312" not in content

    client.force_login(head_of_unit)
    assert "Prefers Turkish" in client.get(history(ankara)).content.decode()


def test_history_names_related_records_instead_of_their_ids(client, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    with set_actor(head_of_unit):
        berlin.assignments.create(staff_member=head_of_unit.staff_member)
    client.force_login(head_of_unit)
    page = client.get(history(berlin), HTTP_ACCEPT_LANGUAGE="en")
    assert "<td>staff member</td><td>—</td><td>Geoffroy Clerckx</td>" in page.content.decode()


def test_history_shortens_huge_values(client, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    with set_actor(head_of_unit):
        berlin.internal_notes = "x" * 3_000_000
        berlin.save()
    client.force_login(head_of_unit)
    for url in (history(berlin), reverse("admin:auditlog_logentry_changelist")):
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.content) < 200_000


def test_history_of_an_agreement_includes_its_signatories(client, head_of_unit):
    agreement = Agreement.objects.get(partner__slug="ankara")
    with set_actor(head_of_unit):
        agreement.signatories.create(side="ours", name="A signatory added later")
    client.force_login(head_of_unit)
    page = client.get(reverse("admin:partners_agreement_history", args=[agreement.pk]))
    assert "A signatory added later" in page.content.decode()


def test_bulk_delete_refuses_a_selection_that_reaches_outside_the_portfolio(client, officer):
    mine = AgreementFactory(partner=Partner.objects.get(slug="berlin"))
    theirs = AgreementFactory(partner=Partner.objects.get(slug="ankara"))
    client.force_login(officer)
    url = reverse("admin:partners_agreement_changelist")
    data = {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"}
    assert client.post(url, data).status_code == 403
    assert Agreement.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2

    data["_selected_action"] = [mine.pk]
    assert client.post(url, data).status_code == 302
    assert not Agreement.objects.filter(pk=mine.pk).exists()
    assert Agreement.objects.filter(pk=theirs.pk).exists()


def test_a_bulk_action_on_a_selection_that_is_not_an_identifier_is_refused_with_a_message(client, officer):
    mine = AgreementFactory(partner=Partner.objects.get(slug="berlin"))
    client.force_login(officer)
    url = reverse("admin:partners_agreement_changelist")
    data = {"action": "delete_selected", "_selected_action": [mine.pk, "not-a-number"], "post": "yes"}
    response = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "sélection" in response.content.decode()
    assert Agreement.objects.filter(pk=mine.pk).exists()
