"""Staff pick colleagues by name, not by login: the back office labels accounts with the
directory's name (core.people)."""

from django.urls import reverse

from cooperation.tests.factories import CallFactory


def test_the_back_office_offers_officers_by_their_names(client, head_of_unit, django_user_model):
    evaluator = django_user_model.objects.create_user(
        username="expert7", password="x" * 20, is_staff=True, first_name="Ada", last_name="Lovelace"
    )
    bare = django_user_model.objects.create_user(username="nameless", password="x" * 20, is_staff=True)
    call = CallFactory()
    client.force_login(head_of_unit)
    page = client.get(reverse("admin:cooperation_call_change", args=[call.pk])).content.decode()
    assert f">{head_of_unit.staff_member.full_name} (clerckx)</option>" in page
    assert f'value="{evaluator.pk}">Ada Lovelace (expert7)</option>' in page
    assert f'value="{bare.pk}">nameless</option>' in page
