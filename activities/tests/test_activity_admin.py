"""The back office of activities: one screen with delegation and programme, rights per role, bad input."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, ActivityDocument, FollowUp, Organisation, Participant, Person, ProgrammeItem
from activities.tests.factories import FollowUpFactory
from core import roles
from core.tests.admin_forms import form_data
from core.tests.sample_files import PDF, image
from partners.models import Partner


def change_url(activity):
    return reverse("admin:activities_activity_change", args=[activity.pk])


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def protocol_officer(seed, django_user_model):
    user = django_user_model.objects.create_user(username="protocol", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.PROTOCOL_OFFICER))
    return user


def edit(client, user, slug, **changes):
    activity = Activity.objects.get(slug=slug)
    client.force_login(user)
    page = client.get(change_url(activity))
    if page.status_code != 200:
        return page
    data = form_data(page)
    data.update(changes)
    return client.post(change_url(activity), data)


def test_one_screen_holds_the_activity_its_delegation_programme_outcomes_and_follow_ups(client, head_of_unit):
    client.force_login(head_of_unit)
    page = client.get(change_url(Activity.objects.get(slug="mission-istanbul-ankara-2021")))
    models = {formset.opts.model for formset in page.context["inline_admin_formsets"]}
    assert {Participant, ProgrammeItem, FollowUp, ActivityDocument} <= models
    assert "Mausoleum of Mustafa Kemal Atatürk" in page.content.decode()


def test_an_officer_edits_the_activities_of_their_partners(client, officer):
    response = edit(client, officer, "partnership-30", title_en="30 years of partnership, edited")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Activity.objects.get(slug="partnership-30").title_en == "30 years of partnership, edited"


def test_an_officer_cannot_edit_activities_outside_their_portfolio(client, officer):
    client.force_login(officer)
    mission = Activity.objects.get(slug="mission-istanbul-ankara-2021")
    page = client.get(change_url(mission))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert edit(client, officer, "mission-istanbul-ankara-2021", title_en="Changed").status_code == 403
    assert client.post(change_url(mission), {"title_en": "Changed"}).status_code == 403
    assert Activity.objects.get(slug="mission-istanbul-ankara-2021").title_en == "Working visit to Istanbul and Ankara"


def test_the_protocol_officer_and_the_head_of_unit_edit_every_activity(client, protocol_officer, head_of_unit):
    for user, title in ((protocol_officer, "By protocol"), (head_of_unit, "By the head")):
        response = edit(client, user, "mission-istanbul-ankara-2021", title_en=title)
        assert response.status_code == 302
        assert Activity.objects.get(slug="mission-istanbul-ankara-2021").title_en == title


def test_the_protocol_officer_does_not_change_partners(client, protocol_officer):
    client.force_login(protocol_officer)
    berlin = Partner.objects.get(slug="berlin")
    assert client.post(reverse("admin:partners_partner_change", args=[berlin.pk]), {}).status_code == 403


def test_the_communication_officer_reads_but_does_not_change_activities(client, visitor):
    client.force_login(visitor)
    activity = Activity.objects.get(slug="partnership-30")
    page = client.get(change_url(activity))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(change_url(activity), {"title_en": "x"}).status_code == 403


def test_an_officer_adds_an_activity_only_for_a_partner_of_their_portfolio(client, officer):
    client.force_login(officer)
    page = client.get(reverse("admin:activities_activity_add"))
    data = form_data(page)
    data.update(
        {
            "title_en": "Berlin Days 2027",
            "slug": "berlin-days-2027",
            "kind": "city_days",
            "start_date": "2027-05-01",
            "date_precision": "month",
            "time_zone": "Europe/Berlin",
            "state": "planned",
            "visibility": "internal",
            "partners": [Partner.objects.get(slug="ankara").pk],
        }
    )
    refused = client.post(reverse("admin:activities_activity_add"), data)
    assert "Choose at least one partner of your portfolio." in refused.content.decode()
    assert not Activity.objects.filter(slug="berlin-days-2027").exists()
    data["partners"] = [Partner.objects.get(slug="berlin").pk]
    assert client.post(reverse("admin:activities_activity_add"), data).status_code == 302
    assert Activity.objects.get(slug="berlin-days-2027").partners.get().slug == "berlin"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2022-10-01"}, "The end cannot come before the start."),
        ({"time_zone": "Europe/Atlantis"}, "is not a known time zone"),
        ({"title_en": "x" * 301}, "Ensure this value has at most 300 characters"),
        ({"state": "cancelled"}, "Say why it was postponed or cancelled."),
        ({"start_time": "10:00"}, "A time needs a date known to the day."),
        ({"start_date": ""}, "Give a start date"),
        ({"start_date": "2022-02-30"}, "Enter a valid date."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, head_of_unit, changes, message):
    before = Activity.objects.get(slug="partnership-30")
    response = edit(client, head_of_unit, "partnership-30", **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = Activity.objects.get(slug="partnership-30")
    assert (after.title_en, after.end_date, after.time_zone, after.state, after.sequence) == (
        before.title_en,
        before.end_date,
        before.time_zone,
        before.state,
        before.sequence,
    )


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_saved(client, head_of_unit):
    activity = Activity.objects.get(slug="partnership-30")
    client.force_login(head_of_unit)
    data = form_data(client.get(change_url(activity)))
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-caption_en": "East Side Gallery",
            "documents-0-is_photo": "on",
            "documents-0-file": SimpleUploadedFile("gallery.pdf", PDF, content_type="application/pdf"),
        }
    )
    response = client.post(change_url(activity), data)
    assert response.status_code == 200
    assert "A photo must be a PNG or JPEG image." in response.content.decode()
    assert not ActivityDocument.objects.exists()
    data["documents-0-file"] = SimpleUploadedFile("gallery.png", image("PNG"), content_type="image/png")
    assert client.post(change_url(activity), data).status_code == 302
    assert ActivityDocument.objects.get().is_photo


def test_a_file_whose_content_disagrees_with_its_name_is_refused(client, head_of_unit):
    activity = Activity.objects.get(slug="partnership-30")
    client.force_login(head_of_unit)
    data = form_data(client.get(change_url(activity)))
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-caption_en": "Photo",
            "documents-0-file": SimpleUploadedFile("photo.jpg", b"<html>not an image</html>"),
        }
    )
    response = client.post(change_url(activity), data)
    assert response.status_code == 200
    assert not ActivityDocument.objects.exists()


def test_a_new_person_close_to_an_existing_name_is_checked_before_it_is_created(client, head_of_unit):
    client.force_login(head_of_unit)
    url = reverse("admin:activities_person_add")
    response = client.post(url, {"name": "Rudi Vervort", "office": "", "is_public": "on"})
    assert response.status_code == 200
    assert "Close to an existing record: Rudi Vervoort." in response.content.decode()
    assert not Person.objects.filter(name="Rudi Vervort").exists()
    confirmed = client.post(url, {"name": "Rudi Vervort", "office": "", "is_public": "on", "confirm_new": "on"})
    assert confirmed.status_code == 302
    assert client.post(url, {"name": "Alexandra Nowak", "is_public": "on"}).status_code == 302


def test_the_organisation_duplicate_check_ignores_case_and_accents(client, head_of_unit):
    client.force_login(head_of_unit)
    response = client.post(
        reverse("admin:activities_organisation_add"), {"name_en": "les brigittines", "kind": "other"}
    )
    assert "Close to an existing record: Les Brigittines." in response.content.decode()


def test_the_organisation_duplicate_check_compares_the_names_in_every_language(client, head_of_unit):
    """Typed in French, the Gazhane Museum is still found: its name is kept in four languages."""
    client.force_login(head_of_unit)
    url = reverse("admin:activities_organisation_add")
    response = client.post(url, {"name_en": "Musee Gazhane", "kind": "cultural"})
    assert "Close to an existing record: Gazhane Museum." in response.content.decode()
    assert not Organisation.objects.filter(name_en="Musee Gazhane").exists()
    created = client.post(url, {"name_en": "Musee Gazhane", "kind": "cultural", "confirm_new": "on"})
    assert created.status_code == 302


def test_the_sequence_rises_when_the_schedule_changes_in_the_back_office(client, head_of_unit):
    response = edit(client, head_of_unit, "youth-athletics-2022", state="postponed", state_reason_en="the weather")
    assert response.status_code == 302
    assert Activity.objects.get(slug="youth-athletics-2022").sequence == 1
    edit(client, head_of_unit, "youth-athletics-2022", title_en="Renamed")
    assert Activity.objects.get(slug="youth-athletics-2022").sequence == 1


def test_open_follow_ups_are_listed_for_their_owner_until_done(officer):
    member = officer.staff_member
    activity = Activity.objects.get(slug="dance-project-brigittines-cfb")
    later = FollowUpFactory(activity=activity, owner=member, due_on=datetime.date(2030, 1, 2))
    sooner = FollowUpFactory(activity=activity, owner=member, due_on=datetime.date(2030, 1, 1))
    FollowUpFactory(activity=activity, owner=member, done_on=datetime.date(2029, 1, 1))
    FollowUpFactory(activity=activity)
    assert list(FollowUp.objects.for_dashboard(officer)) == [sooner, later]


def test_the_staff_home_shows_my_open_follow_ups(client, officer, other_officer):
    activity = Activity.objects.get(slug="dance-project-brigittines-cfb")
    FollowUpFactory(activity=activity, owner=officer.staff_member, title="Plan the second week of dance")
    FollowUpFactory(activity=activity, owner=officer.staff_member, title="Already done", done_on=datetime.date.today())
    client.force_login(officer)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Plan the second week of dance" in page and "Already done" not in page
    client.force_login(other_officer)
    assert "Plan the second week of dance" not in client.get(reverse("admin:index")).content.decode()
