"""Bulk import: a preview of every line, all or nothing, as the user and under their rights."""

import io
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from partners.models import Partner, PartnerAlias

URL = "/en/staff/import/"


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def preview(client, user, kind, file, language="en"):
    client.force_login(user)
    return client.post(f"/{language}/staff/import/", {"kind": kind, "file": file})


def confirm(client, response):
    return client.post(URL, {"token": response.context["token"]})


GOOD = "slug,name_en,name_fr,kind,country\nsample-a,Sample A,Échantillon A,city,DE\nsample-b,Sample B,,region,FR\n"


def test_a_file_with_one_bad_line_writes_nothing_and_names_the_line_and_the_reason(client, head_of_unit):
    before = Partner.objects.count()
    text = GOOD + "sample-c,Sample C,,castle,DE\n"
    response = preview(client, head_of_unit, "partners", upload("partners.csv", text), language="fr")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ligne 4" in content and "kind (Type) : Sélectionnez un choix valide" in content
    assert "Valeurs acceptées : city," in content  # the codes a file may give
    assert response.context["token"] == "" and 'name="token"' not in content
    assert Partner.objects.count() == before


def test_the_preview_shows_each_lines_changes_and_the_confirmation_writes_them_as_the_user(client, head_of_unit):
    text = GOOD + "berlin,Berlin (state),,,\n"
    response = preview(client, head_of_unit, "partners", upload("partners.csv", text))
    assert response.status_code == 200
    lines = {line.number: line for line in response.context["plan"].lines}
    assert lines[2].action == "create" and ("name_fr", "", "Échantillon A") in lines[2].changes
    assert lines[4].action == "update" and lines[4].changes == [("name_en", "Berlin", "Berlin (state)")]
    assert not Partner.objects.filter(slug="sample-a").exists()  # nothing written by the preview
    response = confirm(client, response)
    assert response.status_code == 302
    assert Partner.objects.get(slug="sample-a").name_fr == "Échantillon A"
    assert Partner.objects.get(slug="berlin").name_en == "Berlin (state)"
    berlin = Partner.objects.get(slug="berlin")
    entry = LogEntry.objects.get_for_object(berlin).latest("timestamp")
    assert entry.actor == head_of_unit


def test_an_officer_cannot_import_changes_to_partners_outside_their_portfolio(client, officer):
    text = "slug,name_en\nberlin,Berlin (capital)\nseoul,Seoul (capital)\n"
    response = preview(client, officer, "partners", upload("partners.csv", text))
    assert response.status_code == 400
    errors = {line.number: line.errors for line in response.context["plan"].errors}
    assert list(errors) == [3] and "You may not change Seoul." in errors[3]
    assert Partner.objects.get(slug="seoul").name_en == "Seoul"


def test_an_officer_adds_aliases_to_their_partners_from_an_xlsx_file_but_to_no_other(client, officer):
    workbook = Workbook()
    workbook.active.append(["partner", "name", "language"])
    workbook.active.append(["berlin", "Berlino", "it"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = preview(client, officer, "aliases", SimpleUploadedFile("aliases.xlsx", buffer.getvalue()))
    assert response.status_code == 200, response.context["plan"].errors
    confirm(client, response)
    assert PartnerAlias.objects.filter(partner__slug="berlin", name="Berlino").exists()
    response = preview(client, officer, "aliases", upload("aliases.csv", "partner;name\nseoul;Sŏul\n"))
    assert response.status_code == 400 and "You may not change Seoul." in response.content.decode()


def test_a_file_that_is_not_a_table_is_refused_without_an_error_page(client, head_of_unit):
    for name, content in [("partners.pdf", "%PDF"), ("partners.xlsx", "not a workbook"), ("p.csv", "\n\n")]:
        response = preview(client, head_of_unit, "partners", upload(name, content))
        assert response.status_code == 400
    response = preview(client, head_of_unit, "partners", upload("p.csv", "slug,colour\nx,red\n"))
    assert response.status_code == 400 and "Unknown columns: colour" in response.content.decode()


def test_a_visitor_is_sent_to_the_login_and_an_expired_preview_writes_nothing(client, head_of_unit):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(head_of_unit)
    response = client.post(URL, {"token": "nothing"})
    assert response.status_code == 302


def test_imported_partners_are_counted_in_the_public_tally_once_written(client, head_of_unit):
    from partners.models import PartnerTally

    before = sum(PartnerTally.objects.filter(country="DE").values_list("count", flat=True))
    response = preview(client, head_of_unit, "partners", upload("partners.csv", GOOD))
    confirm(client, response)
    assert sum(PartnerTally.objects.filter(country="DE").values_list("count", flat=True)) == before + 1
    assert sum(PartnerTally.objects.filter(country="FR").values_list("count", flat=True)) >= 1


def test_finance_imports_grant_payments_and_a_payment_beyond_the_tranche_writes_nothing(
    client, seed, django_user_model
):
    from django.contrib.auth.models import Group

    from cooperation.models import Application, Payment
    from cooperation.tests.factories import TrancheFactory
    from core import roles

    finance = django_user_model.objects.create_user("finance", is_staff=True)
    finance.groups.add(Group.objects.get(name=roles.FINANCE))
    tranche = TrancheFactory(amount=Decimal("45000.00"))
    Application.objects.filter(pk=tranche.grant.application_id).update(reference="BI-2026-001")
    header = "grant,tranche_number,amount,paid_on,reference\n"
    good = "BI-2026-001,1,20000,2026-04-01,PAY-1\n"
    response = preview(
        client, finance, "payments", upload("payments.csv", header + "BI-2026-001,1,50000,2026-04-01,\n")
    )
    assert response.status_code == 400 and response.context["plan"].errors[0].number == 2
    # Each line is within the tranche alone; together they are not: the write refuses the file.
    both = upload("payments.csv", header + good + "BI-2026-001,1,30000,2026-05-01,PAY-2\n")
    response = preview(client, finance, "payments", both)
    assert response.status_code == 200, response.context["plan"].errors
    response = confirm(client, response)
    assert response.status_code == 400 and Payment.objects.count() == 0
    assert [line.number for line in response.context["plan"].errors] == [3]
    response = preview(client, finance, "payments", upload("payments.csv", header + good))
    assert response.status_code == 200, response.context["plan"].errors
    confirm(client, response)
    payment = Payment.objects.get()
    assert (payment.amount, payment.recorded_by, payment.reference) == (20000, finance, "PAY-1")
