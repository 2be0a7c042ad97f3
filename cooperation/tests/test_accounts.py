"""Applicant accounts as a careful site does them: the same answer for every address, throttled,
expiring registrations that block nobody, single-use confirmation links, password reset by
e-mail, and no applicant account ever turned into a staff login."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cooperation import accounts
from cooperation.models import ApplicantAccount
from cooperation.tests.conftest import PASSWORD
from directory.tests.factories import StaffMemberFactory

User = get_user_model()


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def register(db, client, mailoutbox, django_capture_on_commit_callbacks):
    def register(email, password=PASSWORD):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("cooperation:register"), {"email": email, "password": password, "password_again": password}
            )

    return register


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_registration_answers_the_same_for_known_unknown_and_staff_addresses(
    register, applicant, development_officer, mailoutbox
):
    StaffMemberFactory(email="someone@brussels.example")
    pages = {
        email: register(email).content.decode()
        for email in ("new@example.org", applicant.email, "someone@brussels.example", development_officer.email)
    }
    assert len({page.replace(email, "") for email, page in pages.items()}) == 1
    assert all(response for response in pages.values())
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects["new@example.org"] == "Confirm your e-mail address for the calls for projects"
    assert subjects[applicant.email] == "You already have an applicant account"
    assert subjects["someone@brussels.example"] == subjects[development_officer.email]
    assert subjects[development_officer.email] == "No applicant account for a staff address"
    assert not User.objects.filter(email="someone@brussels.example").exists()
    assert User.objects.get(pk=development_officer.pk).is_staff
    assert "already has one" in next(m for m in mailoutbox if m.to == [applicant.email]).body
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)  # the known account is left as it was


def test_a_confirmation_link_works_once_and_never_reactivates_a_deactivated_account(client, register, mailoutbox):
    register("new@example.org")
    link = link_in(mailoutbox[-1])
    assert client.get(link).status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.is_active and user.applicant_account.verified_at is not None
    assert client.get(link).status_code == 400  # spent
    user.is_active = False
    user.save()
    assert client.get(link).status_code == 400
    assert not User.objects.get(pk=user.pk).is_active


def test_an_unconfirmed_registration_blocks_nobody(client, register, mailoutbox):
    register("new@example.org", password="first " + PASSWORD)  # someone else, who cannot confirm
    register("new@example.org")  # the owner of the address
    assert User.objects.filter(email="new@example.org").count() == 1
    first, second = (link_in(message) for message in mailoutbox)
    assert client.get(first).status_code == 400  # replaced
    assert client.get(second).status_code == 302
    assert (
        client.post(reverse("cooperation:login"), {"username": "new@example.org", "password": PASSWORD}).status_code
        == 302
    )


def test_unconfirmed_registrations_expire(register, applicant):
    register("late@example.org")
    assert accounts.registrations_expire() == 0
    later = timezone.now() + datetime.timedelta(days=4)
    assert accounts.registrations_expire(now=later) == 1
    assert not User.objects.filter(email="late@example.org").exists()
    assert User.objects.filter(pk=applicant.pk).exists()  # confirmed accounts stay


def test_registrations_are_throttled_per_address_and_per_email(register, settings, mailoutbox):
    settings.APPLICANT_REGISTRATIONS_PER_EMAIL_PER_HOUR = 2
    statuses = [register("same@example.org").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    settings.APPLICANT_REGISTRATIONS_PER_HOUR = 4
    statuses = [register(f"reader{n}@example.org").status_code for n in range(3)]
    assert statuses == [200, 429, 429]  # 3 earlier attempts from this address already
    page = register("other@example.org").content.decode()
    assert "Too many registrations were asked for from here" in page
    assert len(mailoutbox) == 3


def test_a_forgotten_password_is_reset_by_email(client, applicant, mailoutbox):
    response = client.post(reverse("cooperation:password-reset"), {"email": applicant.email})
    assert response.status_code == 302
    link = link_in(mailoutbox[-1])
    assert "cooperation/account/password/" in link
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "a completely new " + PASSWORD
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password(new)
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_no_reset_mail_for_an_unknown_or_staff_address_and_the_same_answer(client, development_officer, mailoutbox):
    for email in ("nobody@example.org", development_officer.email):
        response = client.post(reverse("cooperation:password-reset"), {"email": email})
        assert response.status_code == 302 and response["Location"].endswith("/password/sent/")
    assert mailoutbox == []


def test_an_applicant_account_never_becomes_a_staff_login(seed, applicant):
    member = StaffMemberFactory(email="applicant-too@example.org", user=applicant)
    with pytest.raises(CommandError, match="never becomes a staff login"):
        call_command("create_staff_login", member.email, "bilateral_officer")
    applicant.refresh_from_db()
    assert not applicant.is_staff and not applicant.groups.exists()


def test_an_unconfirmed_registration_of_a_staff_address_does_not_block_their_login(seed, capsys):
    member = StaffMemberFactory(email="newcolleague@example.org")
    squatter = User.objects.create_user(username=member.email, email=member.email, password=PASSWORD, is_active=False)
    ApplicantAccount.objects.create(user=squatter)
    call_command("create_staff_login", member.email, "bilateral_officer")
    user = User.objects.get(email=member.email)
    assert user.is_staff and user.pk != squatter.pk
    assert "never confirmed" in capsys.readouterr().out
