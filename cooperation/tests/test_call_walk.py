"""A call from its opening to the second payment, in French on a 390 px phone, in Debian's
Chromium: each person on their own device, with axe-core on every page of the path."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cooperation import services
from cooperation.models import Application, Call
from cooperation.tests.conftest import PASSWORD
from core.tests.browser import BROWSER_MARKS, axe_violations, log_in, new_page
from core.tests.sample_files import PDF

pytestmark = BROWSER_MARKS

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "fr-BE"}


def fill(page, values):
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)


def accessible(page):
    """No axe violation, and nothing wider than the phone: a wide table scrolls in its own box."""
    assert axe_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    return True


def click(page, name):
    """Press a form's button and wait for the page the form leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def french(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def staff_device(browser, url, username):
    page = new_page(browser, **PHONE)
    log_in(page, url, username)
    return page


def test_a_call_runs_from_opening_to_the_second_payment_on_a_phone_in_french(
    browser, live_site, transactional_db, call, evaluators, development_officer, finance, tmp_path
):
    url = live_site.url
    visitor = new_page(browser, **PHONE)
    visitor.goto(f"{url}/fr/cooperation/calls/{call.pk}/")
    assert accessible(visitor)

    # Register, confirm the e-mail address, log in, describe the organisation.
    visitor.get_by_role("link", name="Postuler en ligne").click()
    visitor.get_by_role("link", name="Créer un compte de candidat").click()
    fill(visitor, {"email": "contact@solidarite.example", "password": PASSWORD, "password_again": PASSWORD})
    assert accessible(visitor)
    click(visitor, "Créer le compte")
    visitor.get_by_role("heading", name="Consultez votre boîte e-mail").wait_for()
    assert accessible(visitor)
    visitor.goto(re.search(r"https?://\S+", mail.outbox[-1].body).group(0))
    assert accessible(visitor)
    fill(visitor, {"username": "contact@solidarite.example", "password": PASSWORD})
    click(visitor, "Se connecter")
    visitor.get_by_role("heading", name="Votre organisation").wait_for()
    fill(
        visitor,
        {
            "name": "Solidarité urbaine",
            "enterprise_number": "0403.170.701",
            "address": "Rue Haute 1, 1000 Bruxelles",
            "iban": "BE68 5390 0754 7034",
        },
    )
    visitor.locator("[name=legal_form]").select_option("asbl")
    assert accessible(visitor)
    click(visitor, "Enregistrer")

    # Apply: the form, the budget, a PDF, then submit.
    visitor.wait_for_url(f"**/fr/cooperation/applicant/calls/{call.pk}/apply/")
    fill(
        visitor,
        {
            "title": "Eau de pluie à Kinshasa",
            "city": "Kinshasa",
            "sectors": "14030",
            "duration_months": "24",
            "requested_amount": "90000.00",
            "starts_on": "2027-06-01",
        },
    )
    visitor.locator("[name=country]").select_option("CD")
    visitor.locator("[name=language]").select_option("fr")
    assert accessible(visitor)
    click(visitor, "Enregistrer le brouillon")
    fill(visitor, {"lines-0-label": "Travaux", "lines-0-amount": "100000.00", "lines-0-cofunding": "10000.00"})
    click(visitor, "Enregistrer le brouillon")
    pdf = tmp_path / "statuts.pdf"
    pdf.write_bytes(PDF)
    fill(visitor, {"label": "Statuts"})
    visitor.locator("[name=file]").set_input_files(str(pdf))
    click(visitor, "Joindre")
    assert accessible(visitor)
    click(visitor, "Introduire la candidature")
    application = Application.objects.get(title="Eau de pluie à Kinshasa")
    assert application.state == Application.State.SUBMITTED
    assert accessible(visitor)

    # Two evaluators, each on their phone: declare, then score.
    for evaluator, marks in zip(evaluators, [("8", "7"), ("6", "9")], strict=True):
        services.evaluator_assign(application=application, evaluator=evaluator, assigned_by=development_officer)
        device = staff_device(browser, url, evaluator.username)
        device.goto(f"{url}/fr/cooperation/evaluations/")
        assert accessible(device)
        device.get_by_role("link", name="Eau de pluie à Kinshasa").click()
        device.get_by_label("Non, je n'en ai aucun").check()
        assert accessible(device)
        click(device, "Déclarer")
        for criterion, mark in zip(call.grid.all(), marks, strict=True):
            device.locator(f"[name=score_{criterion.pk}]").fill(mark)
        assert accessible(device)
        click(device, "Enregistrer les notes")
        device.context.close()

    # The deadline passes; the officer ranks on the screen and decides, after a confirmation.
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(opens_at=now - datetime.timedelta(days=60), closes_at=now)
    officer = staff_device(browser, url, development_officer.username)
    officer.goto(url + french("cooperation:call-desk", call.pk))
    ranking = officer.content()  # (8 × 60 + 7 × 40) / 10 = 76 and (6 × 60 + 9 × 40) / 10 = 72: 74 on average
    assert "evaluator1: 76,00" in ranking and "evaluator2: 72,00" in ranking and ">74,00" in ranking
    assert accessible(officer)
    officer.locator(f"[name=decision_{application.pk}]").select_option("selected")
    click(officer, "Relire les décisions")
    confirmation = officer.locator("#content").inner_text()  # the envelope, what is committed, what is left
    for figure in ("150\u202f000,00\u00a0€", "90\u202f000,00\u00a0€", "60\u202f000,00\u00a0€"):
        assert figure in confirmation
    assert accessible(officer)
    click(officer, "Confirmer et envoyer les lettres")
    assert accessible(officer)

    # The grant, with two tranches and the report the second waits for.
    officer.get_by_role("link", name="Préparer le subside").click()
    assert accessible(officer)
    fill(officer, {"awarded_on": "2027-03-01", "reports-0-due_on": "2027-12-31"})
    click(officer, "Préparer le subside")
    officer.get_by_role("heading", name=re.compile("Subside")).wait_for()
    grant = application.grant
    first, second = grant.tranches.order_by("order")
    assert (first.amount, second.amount) == (45000, 45000) and second.after_report == grant.reports.get()
    assert accessible(officer)

    # Finance pays the first tranche; the second waits for the report.
    accountant = staff_device(browser, url, finance.username)
    accountant.goto(url + french("cooperation:grant-desk", grant.pk))
    assert "attend l'approbation du rapport narratif" in accountant.content()
    assert accessible(accountant)
    click(accountant, "Enregistrer le paiement de la tranche 1")
    assert first.payments.count() == 1

    # The grant holder sends the first report from their space.
    visitor.goto(url + french("cooperation:application-detail", application.pk))
    assert "Votre subside" in visitor.content()
    assert accessible(visitor)
    report_file = tmp_path / "rapport.pdf"
    report_file.write_bytes(PDF)
    visitor.locator("[name=file]").set_input_files(str(report_file))
    click(visitor, "Envoyer le rapport")
    assert grant.reports.get().submitted_on is not None

    # The officer approves it; finance pays the second tranche.
    officer.goto(url + french("cooperation:grant-desk", grant.pk))
    click(officer, "Approuver le rapport")
    assert grant.reports.get().approved_on is not None
    assert accessible(officer)
    accountant.reload()
    click(accountant, "Enregistrer le paiement de la tranche 2")
    assert second.payments.count() == 1
    assert accessible(accountant)

    # The grant holder sees it all: the grant, both payments, the approved report, the letter.
    visitor.reload()
    space = visitor.locator("main").inner_text()
    assert "décidée : retenue" in space and "Payé à ce jour\n90\u202f000,00\u00a0€" in space
    assert space.count("45\u202f000,00\u00a0€\t45\u202f000,00\u00a0€\tpayé (") == 2  # both tranches, paid
    assert "attendu le 31 décembre 2027 : approuvé" in space
    assert visitor.get_by_role("link", name=re.compile("[Ll]ettre")).count() >= 1
    assert accessible(visitor)
    for device in (visitor, officer, accountant):
        assert device.problems == []
