"""The public directory: every unit with its people or a word saying it has none, each person's
languages and subjects, and the office's own contact as staff entered it."""

from django.urls import reverse

from core.models import Organisation
from directory.models import StaffMember, Unit
from directory.tests.factories import StaffMemberFactory


def directory(client, language="en"):
    return client.get(f"/{language}" + reverse("public:directory")[3:]).content.decode()


def test_a_unit_with_nobody_listed_says_so(client, seed):
    content = directory(client, "fr")
    assert content.count("Personne de cette unité ne figure encore dans l'annuaire.") == 5
    assert Unit.objects.count() == 6


def test_a_person_without_phone_or_email_is_pointed_to_the_unit(client, db):
    StaffMemberFactory(first_name="Nadia", last_name="Without", phone="", email="")
    content = directory(client)
    card = content[content.index("Nadia Without") :]
    card = card[: card.index("</li>")]
    assert "Bilateral Relations" in card
    assert "No direct line: please contact the unit." in card


def test_each_persons_languages_and_subjects_are_shown(client, seed):
    StaffMember.objects.filter(last_name="Teclu").update(languages="fr, nl, ro")
    content = directory(client, "de")
    card = content[content.index("Codrat-Alin Teclu") :]
    card = card[: card.index("</li>")]
    assert "Allgemeine Politik" in card and "Projektaufrufe" in card
    assert '<span lang="fr">français</span>, <span lang="nl">Nederlands</span>, <span lang="ro">Română</span>' in card


def test_the_office_contact_appears_only_once_staff_enter_it(client, seed):
    assert "office-contact" not in directory(client)
    organisation = Organisation.objects.get()
    organisation.address, organisation.phone = "Rue Example 1\n1000 Brussels", "+32 2 000 00 00"
    organisation.email = "info@example.org"
    organisation.save()  # as the back office does; the cached directory page follows
    content = directory(client)
    assert "Rue Example 1<br>1000 Brussels" in content
    assert 'href="tel:+3220000000"' in content and 'href="mailto:info@example.org"' in content
