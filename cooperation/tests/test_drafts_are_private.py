"""A draft is its applicant's until they submit it: no staff role reads it (the back office's
page, list and history, its budget lines) until it is submitted; its applicant always does."""

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.models import Application, BudgetLine


@pytest.fixture
def readers(development_officer, head_of_unit):
    return [development_officer, head_of_unit]


def test_staff_read_an_application_only_once_it_is_submitted(client, draft, applicant, readers):
    change = reverse("admin:cooperation_application_change", args=[draft.pk])
    changelist = reverse("admin:cooperation_application_changelist")
    for user in readers:
        assert not Application.objects.visible_to(user).filter(pk=draft.pk).exists()
        assert not BudgetLine.objects.visible_to(user).filter(application=draft).exists()
        client.force_login(user)
        page = client.get(change, follow=True)  # as a record that does not exist
        assert page.redirect_chain and draft.title not in page.content.decode()
        assert draft.title not in client.get(changelist).content.decode()
    assert Application.objects.visible_to(applicant).filter(pk=draft.pk).exists()
    assert BudgetLine.objects.visible_to(applicant).filter(application=draft).exists()

    services.application_submit(application=draft)
    for user in readers:
        assert Application.objects.visible_to(user).filter(pk=draft.pk).exists()
        assert BudgetLine.objects.visible_to(user).filter(application=draft).exists()
        client.force_login(user)
        assert client.get(change).status_code == 200
        assert draft.title in client.get(changelist).content.decode()
