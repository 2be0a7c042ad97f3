"""A fuzz test of the cooperation module's forms and addresses: hostile values in every field of
every form, and in every number of every address, as each kind of user. Never a 500.

The values are drawn with a fixed seed (repeatable), from what breaks forms in practice: empty,
huge, negative and out-of-range numbers, impossible dates, text with NUL, CR/LF, markup and
spreadsheet formulas, very long and non-Latin text, and lists where one value is expected.
"""

import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation import services
from cooperation.tests.conftest import PASSWORD, decide_after_closing, evaluated

SEED = 2026
ROUNDS = 12  # per form: each round fills every field with a drawn value
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-0.01",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "9223372036854775808",
    "0.000000001",
    "12,50",
    "2026-02-31",
    "31/02/2026",
    "9999-99-99",
    "0000-00-00",
    "2026-13-01T25:61",
    "\x00",
    "a\x00b",
    "line\r\nbreak",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
    "'; DROP TABLE cooperation_application; --",
    "é" * 5000,
    "x" * 70000,
    "Київ 北京 🙂",
    "XK",
    "ZZ",
    "43030 99999",
    "true",
    "on",
]


def drawn(rng):
    return rng.choice(HOSTILE)


def fuzz_form(client, url, fields, rng, extra=None, files=None):
    """Post `fields` filled with hostile values ROUNDS times: each answer is not a server error."""
    statuses = []
    for _ in range(ROUNDS):
        data = {name: drawn(rng) for name in fields}
        if rng.random() < 0.2:  # a list where one value is expected
            name = rng.choice(fields)
            data[name] = [drawn(rng), drawn(rng)]
        data.update(extra or {})
        response = client.post(url, {**data, **(files or {})})
        assert response.status_code < 500, (url, data)
        statuses.append(response.status_code)
    return statuses


@pytest.fixture
def rng():
    return random.Random(SEED)


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


APPLICATION_FIELDS = [
    "language",
    "title",
    "summary",
    "country",
    "city",
    "sectors",
    "duration_months",
    "starts_on",
    "objectives",
    "results",
    "indicators",
    "requested_amount",
]
LINES = ["lines-0-label", "lines-0-amount", "lines-0-cofunding", "lines-0-id", "lines-0-DELETE"]
LINES_MANAGEMENT = {"lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0"}


def test_the_public_and_account_forms_never_fail(client, call, applicant, rng):
    fuzz_form(client, reverse("cooperation:register"), ["email", "password", "password_again"], rng)
    fuzz_form(client, reverse("cooperation:login"), ["username", "password", "next"], rng)
    fuzz_form(client, reverse("cooperation:password-reset"), ["email"], rng)
    for token in ["x", "MQ/set-password", "\x00", "é" * 300]:
        url = reverse("cooperation:password-reset-confirm", args=["MQ", "abc"]).replace("abc", token.replace("/", ""))
        assert client.get(url).status_code < 500
        fuzz_form(client, url, ["new_password1", "new_password2"], rng)
    for uid, token in [("MQ", "bad"), ("!!", "x"), ("OTk5OTk5OTk5OTk5OTk5OTk5OTk", "1-2")]:
        assert client.get(reverse("cooperation:verify", args=[uid, token])).status_code == 400


def test_the_public_lists_never_fail_whatever_their_filters(client, call, rng):
    for _ in range(ROUNDS * 3):
        query = {name: drawn(rng) for name in ("country", "sector", "year", "page", "direct", "q")}
        for url in ("/en/cooperation/projects/", "/en/cooperation/calls/", "/en/cooperation/budget/"):
            response = client.get(url, query)
            assert response.status_code < 500, (url, query)


def test_every_address_of_the_module_answers_a_hostile_number_without_failing(
    client, call, draft, applicant, development_officer
):
    numbers = [0, 1, 2**31, 2**63 - 1, 2**63, 10**30]
    for user in (None, applicant, development_officer):
        if user is not None:
            client.force_login(user)
        for name in [
            "call-detail",
            "annual-report",
            "annual-report-pdf",
            "application-new",
            "application-detail",
            "application-edit",
            "attachment",
            "evaluation-detail",
            "ranking-csv",
        ]:
            for number in numbers:
                response = client.get(reverse(f"cooperation:{name}", args=[number]))
                assert response.status_code < 500, (name, number, user)
        for number in numbers:
            for route in ("application-submit", "attachment-upload"):
                assert client.post(reverse(f"cooperation:{route}", args=[number])).status_code < 500
        client.logout()


def test_the_applicants_forms_never_fail(client, call, draft, applicant, rng):
    client.force_login(applicant)
    fuzz_form(
        client,
        reverse("cooperation:organisation"),
        ["name", "legal_form", "enterprise_number", "address", "iban", "email", "language"],
        rng,
    )
    fuzz_form(client, reverse("cooperation:application-new", args=[call.pk]), APPLICATION_FIELDS, rng)
    fuzz_form(
        client,
        reverse("cooperation:application-edit", args=[draft.pk]),
        APPLICATION_FIELDS + LINES,
        rng,
        extra=LINES_MANAGEMENT,
    )
    upload = reverse("cooperation:attachment-upload", args=[draft.pk])
    for content in (b"", b"%PDF-", b"\x00" * 100, b"<html><script>x</script>", b"MZ\x90\x00"):
        fuzz_form(client, upload, ["label"], rng, files={"file": SimpleUploadedFile("x.pdf", content)})
    response = client.post(reverse("cooperation:application-submit", args=[draft.pk]))
    assert response.status_code < 500


def test_the_evaluators_forms_never_fail(client, draft, development_officer, evaluators, rng):
    services.application_submit(application=draft)
    evaluation = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    client.force_login(evaluators[0])
    url = reverse("cooperation:evaluation-detail", args=[evaluation.pk])
    fuzz_form(client, url, ["conflict"], rng)
    evaluation.refresh_from_db()
    if evaluation.conflict == "undeclared":
        services.conflict_declare(evaluation=evaluation, has_conflict=False)
    if evaluation.conflict == "none":
        grid = [f"score_{c.pk}" for c in draft.call.grid.all()] + [f"comment_{c.pk}" for c in draft.call.grid.all()]
        fuzz_form(client, url, [*grid, "comment"], rng)


def test_the_back_office_forms_of_the_module_never_fail(client, call, draft, development_officer, finance, rng):
    services.application_submit(application=draft)
    evaluated(draft)
    application = decide_after_closing(application=draft, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=application, tranches=[Decimal("90000.00")], reports=[], awarded_on=call.closes_at.date()
    )
    client.force_login(development_officer)
    call_fields = ["title_en", "title_fr", "modality", "envelope", "maximum_grant", "cofunding_percent"]
    call_fields += ["opens_at_0", "opens_at_1", "closes_at_0", "closes_at_1", "threshold", "eligible_countries"]
    fuzz_form(client, reverse("admin:cooperation_call_change", args=[call.pk]), call_fields, rng)
    fuzz_form(
        client,
        reverse("admin:cooperation_application_change", args=[application.pk]),
        APPLICATION_FIELDS + ["call", "organisation"],
        rng,
    )
    fuzz_form(client, reverse("admin:cooperation_grant_add"), ["application", "amount", "awarded_on"], rng)
    tranches = {
        "tranches-TOTAL_FORMS": "1",
        "tranches-INITIAL_FORMS": "1",
        "tranches-0-id": str(grant.tranches.get().pk),
    }
    fuzz_form(
        client,
        reverse("admin:cooperation_grant_change", args=[grant.pk]),
        ["awarded_on", "closed_on", "tranches-0-amount", "tranches-0-order", "tranches-0-after_report"],
        rng,
        extra={**tranches, "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"},
    )
    client.force_login(finance)
    fuzz_form(
        client,
        reverse("admin:cooperation_tranche_change", args=[grant.tranches.get().pk]),
        ["payments-0-amount", "payments-0-paid_on", "payments-0-reference", "payments-0-tranche"],
        rng,
        extra={"payments-TOTAL_FORMS": "1", "payments-INITIAL_FORMS": "0"},
    )
    client.logout()
    assert client.post(reverse("cooperation:login"), {"username": "x", "password": PASSWORD}).status_code == 200
