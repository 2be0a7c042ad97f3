"""The directory in the back office: the head of unit edits it, officers only read it."""

from django.urls import reverse

from directory.models import StaffMember, Unit


def unit_form(unit, **changes):
    data = {"slug": unit.slug, "order": unit.order, "source": unit.source}
    for code in ("fr", "nl", "en", "de"):
        data[f"name_{code}"] = getattr(unit, f"name_{code}")
        data[f"description_{code}"] = getattr(unit, f"description_{code}")
    return {**data, **changes}


def test_head_of_unit_renames_a_unit_and_officer_is_refused(client, head_of_unit, officer):
    unit = Unit.objects.get(slug="permits")
    url = reverse("admin:directory_unit_change", args=[unit.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 200  # read-only view
    assert client.post(url, unit_form(unit, name_en="Renamed")).status_code == 403
    client.force_login(head_of_unit)
    assert client.post(url, unit_form(unit, name_en="Permits and Licences Unit")).status_code == 302
    assert Unit.objects.get(pk=unit.pk).name_en == "Permits and Licences Unit"


def test_bad_staff_member_input_is_refused_and_nothing_changes(client, head_of_unit):
    client.force_login(head_of_unit)
    member = StaffMember.objects.get(last_name="Gérard")
    data = {
        "unit": member.unit_id,
        "first_name": "",
        "last_name": "x" * 300,
        "email": "not an e-mail",
        "phone": member.phone,
        "order": "first",
        "is_public": "on",
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:directory_staffmember_change", args=[member.pk]), data)
    assert response.status_code == 200
    assert {"first_name", "last_name", "email", "order"} <= response.context["adminform"].form.errors.keys()
    member.refresh_from_db()
    assert (member.first_name, member.email) == ("Pierre", "pgerard@sprb.brussels")


def test_two_staff_members_cannot_share_a_name(client, head_of_unit):
    client.force_login(head_of_unit)
    unit = Unit.objects.get(slug="bilateral-relations")
    data = {
        "unit": unit.pk,
        "first_name": "Pierre",
        "last_name": "Gérard",
        "order": 0,
        "is_public": "on",
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:directory_staffmember_add"), data)
    assert response.status_code == 200
    assert StaffMember.objects.filter(last_name="Gérard").count() == 1
