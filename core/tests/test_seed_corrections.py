"""Corrections of the data file reach a database loaded before them, and never overwrite staff work.

The ledger keeps a digest of every field it loaded: a field that still holds it takes the file's
new value on the next start; a field staff changed keeps their value, and the new one is offered
to them in the back office ("the source now says …"), to accept or dismiss.
"""

import json
from pathlib import Path

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from activities.models import Activity, Participant, ProgrammeItem
from core.models import SeedCorrection, SeedRecord
from core.seeds import correction_decide
from directory.models import StaffMember
from partners.models import Agreement, Network, Partner

DATA = Path(settings.BASE_DIR) / "data" / "brussels.json"
CHANGELIST = "/admin/core/seedcorrection/"


def _import(path=DATA):
    call_command("import_seed_data", file=path, stdout=open("/dev/null", "w"))


def _file_with(tmp_path, change):
    """The data file with one change made by `change(data)`."""
    data = json.loads(DATA.read_text())
    change(data)
    path = tmp_path / "brussels.json"
    path.write_text(json.dumps(data))
    return path


def _berlin(data):
    return next(record for record in data["partners"] if record["slug"] == "berlin")


def _new_berlin_description(data):
    _berlin(data)["description"]["fr"] = "Texte corrigé par la source."


def test_a_field_staff_never_changed_takes_the_corrected_value(seed, tmp_path):
    _import(_file_with(tmp_path, _new_berlin_description))

    assert Partner.objects.get(slug="berlin").description_fr == "Texte corrigé par la source."
    assert not SeedCorrection.objects.exists()
    # Not silently: the audit history says the import changed it.
    entry = LogEntry.objects.filter(object_pk=str(Partner.objects.get(slug="berlin").pk)).latest("timestamp")
    assert "description_fr" in entry.changes_dict and entry.actor is None


def test_a_field_staff_changed_is_kept_and_the_new_value_offered(seed, tmp_path):
    berlin = Partner.objects.get(slug="berlin")
    berlin.description_fr = "Texte de l'équipe."
    berlin.save()

    _import(_file_with(tmp_path, _new_berlin_description))

    assert Partner.objects.get(slug="berlin").description_fr == "Texte de l'équipe."
    correction = SeedCorrection.objects.get()
    assert (correction.field, correction.value, correction.state) == (
        "description_fr",
        "Texte corrigé par la source.",
        "pending",
    )
    assert correction.target == berlin


def test_a_second_start_offers_nothing_new_and_staff_giving_the_source_value_closes_the_offer(seed, tmp_path):
    berlin = Partner.objects.get(slug="berlin")
    berlin.description_fr = "Texte de l'équipe."
    berlin.save()
    path = _file_with(tmp_path, _new_berlin_description)
    _import(path)
    _import(path)
    assert SeedCorrection.objects.count() == 1

    berlin.description_fr = "Texte corrigé par la source."
    berlin.save()
    _import(path)
    assert not SeedCorrection.objects.exists()

    # The field holds the source's value again: the source's next correction reaches it.
    _import(_file_with(tmp_path, lambda data: _berlin(data)["description"].update(fr="Une autre correction.")))
    assert Partner.objects.get(slug="berlin").description_fr == "Une autre correction."


def test_accepting_gives_the_source_value_and_dismissing_keeps_staff_work(seed, head_of_unit, tmp_path):
    berlin, ankara = Partner.objects.get(slug="berlin"), Partner.objects.get(slug="ankara")
    for partner in (berlin, ankara):
        partner.description_fr = "Texte de l'équipe."
        partner.save()

    def correct_both(data):
        _new_berlin_description(data)
        next(record for record in data["partners"] if record["slug"] == "ankara")["description"]["fr"] = "Corrigé."

    _import(_file_with(tmp_path, correct_both))
    accepted = correction_decide(
        correction=SeedCorrection.objects.get(record__object_id=berlin.pk), accept=True, user=head_of_unit
    )
    correction_decide(
        correction=SeedCorrection.objects.get(record__object_id=ankara.pk), accept=False, user=head_of_unit
    )

    assert Partner.objects.get(slug="berlin").description_fr == "Texte corrigé par la source."
    assert Partner.objects.get(slug="ankara").description_fr == "Texte de l'équipe."
    assert (accepted.state, accepted.decided_by) == ("accepted", head_of_unit)
    with pytest.raises(ValidationError):
        correction_decide(correction=accepted, accept=True, user=head_of_unit)


@pytest.fixture
def offered_for_berlin(seed, tmp_path):
    berlin = Partner.objects.get(slug="berlin")
    berlin.description_fr = "Texte de l'équipe."
    berlin.save()
    _import(_file_with(tmp_path, _new_berlin_description))
    return SeedCorrection.objects.get()


@pytest.mark.parametrize("user", ["head_of_unit", "officer"])
def test_the_head_of_unit_and_the_officer_of_the_record_review_it_in_the_back_office(
    client, offered_for_berlin, user, request
):
    client.force_login(request.getfixturevalue(user))

    home = client.get("/admin/")
    listed = client.get(CHANGELIST)
    response = client.post(CHANGELIST, {"action": "accept", "_selected_action": [offered_for_berlin.pk]})

    assert 'id="seed-corrections"' in home.content.decode()
    assert "Texte corrigé par la source." in listed.content.decode()
    assert response.status_code == 302
    assert Partner.objects.get(slug="berlin").description_fr == "Texte corrigé par la source."


@pytest.mark.parametrize("user", ["other_officer", "visitor"])
def test_a_user_who_may_not_change_the_record_neither_sees_nor_decides_its_correction(
    client, offered_for_berlin, user, request
):
    client.force_login(request.getfixturevalue(user))

    listed = client.get(CHANGELIST)
    response = client.post(CHANGELIST, {"action": "accept", "_selected_action": [offered_for_berlin.pk]})

    assert "Texte corrigé par la source." not in listed.content.decode()
    assert response.status_code == 403
    assert Partner.objects.get(slug="berlin").description_fr == "Texte de l'équipe."
    with pytest.raises(PermissionDenied):
        correction_decide(correction=offered_for_berlin, accept=True, user=request.getfixturevalue(user))


def test_the_correction_of_a_record_staff_deleted_is_refused_then_dropped(client, offered_for_berlin, head_of_unit):
    Agreement.objects.filter(partner__slug="berlin").delete()
    Partner.objects.filter(slug="berlin").delete()
    client.force_login(head_of_unit)

    response = client.post(CHANGELIST, {"action": "accept", "_selected_action": [offered_for_berlin.pk]})
    with translation.override("en"), pytest.raises(ValidationError, match="no longer exists"):
        correction_decide(correction=offered_for_berlin, accept=True, user=head_of_unit)
    _import()

    assert response.status_code == 403
    assert not SeedCorrection.objects.exists()


def _withdraw_youth_and_kiev(data):
    """The file no longer holds Berlin's theme "youth" nor the spelling "Kiev"."""
    _berlin(data)["themes"].remove("youth")
    kyiv = next(record for record in data["partners"] if record["slug"] == "kyiv")
    kyiv["aliases"].remove("Kiev")
    data["withdrawn"] = [
        {"key": "partners.partner.themes:berlin/youth", "why": "test"},
        {"key": "partners.partneralias:kyiv/Kiev", "why": "test"},
    ]


def test_a_link_the_source_withdraws_is_removed_and_a_row_staff_never_changed_deleted(seed, tmp_path):
    path = _file_with(tmp_path, _withdraw_youth_and_kiev)
    _import(path)
    _import(path)

    assert not Partner.objects.get(slug="berlin").themes.filter(slug="youth").exists()
    assert not Partner.objects.get(slug="kyiv").aliases.filter(name="Kiev").exists()
    assert SeedRecord.objects.filter(withdrawn_at__isnull=False).count() == 2
    assert not SeedCorrection.objects.exists()


def test_a_row_staff_changed_is_offered_for_deletion_not_deleted(seed, tmp_path, head_of_unit):
    alias = Partner.objects.get(slug="kyiv").aliases.get(name="Kiev")
    alias.name = "Kiev (old spelling)"
    alias.save()

    _import(_file_with(tmp_path, _withdraw_youth_and_kiev))

    correction = SeedCorrection.objects.get()
    assert (correction.field, correction.target) == ("", alias)
    correction_decide(correction=correction, accept=True, user=head_of_unit)
    assert not Partner.objects.get(slug="kyiv").aliases.filter(pk=alias.pk).exists()


def test_a_field_of_a_row_loaded_before_the_digests_follows_its_audit_history(seed, tmp_path):
    """A ledger of before this change kept no digests: a field the audit history shows changed is
    staff's (kept, the new value offered); one it does not show takes the new value."""
    SeedRecord.objects.update(fields={})
    berlin = Partner.objects.get(slug="berlin")
    berlin.description_de = "Text der Redaktion."
    berlin.save()

    def correct_fr_and_de(data):
        _new_berlin_description(data)
        _berlin(data)["description"]["de"] = "Korrigiert."

    _import(_file_with(tmp_path, correct_fr_and_de))

    berlin.refresh_from_db()
    assert (berlin.description_fr, berlin.description_de) == ("Texte corrigé par la source.", "Text der Redaktion.")
    assert SeedCorrection.objects.get().field == "description_de"


def test_a_row_with_no_history_is_never_overwritten(seed, tmp_path):
    SeedRecord.objects.update(fields={})
    LogEntry.objects.filter(object_pk=str(Partner.objects.get(slug="berlin").pk)).delete()

    _import(_file_with(tmp_path, _new_berlin_description))

    assert Partner.objects.get(slug="berlin").description_fr != "Texte corrigé par la source."
    assert SeedCorrection.objects.get().field == "description_fr"


BEFORE = Path(__file__).parent / "data" / "brussels-before-issue-23.json"


def test_a_database_loaded_with_the_file_as_it_was_before_is_brought_up_to_date(db, django_user_model):
    """The data file as it was before issue 23, loaded by a ledger that kept no digests; the head
    of unit then changed one field the file now corrects. The next start (`make run` runs the
    import) corrects every field staff never touched, brings the texts added since, withdraws
    what no seed supports, and offers the one field they changed."""
    _import(BEFORE)
    SeedRecord.objects.update(fields={}, inferred={})  # the ledger of before kept none
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    ucue = Network.objects.get(slug="ucue")
    with set_actor(editor):
        ucue.name_de = "Union der Hauptstädte der EU (Redaktion)"
        ucue.save()

    _import()

    ucue.refresh_from_db()
    # Seed 000: "(e.g., Eurocities and UCUE)": the names staff never changed are corrected...
    assert (ucue.name_en, ucue.name_fr, ucue.name_nl) == ("UCUE", "UCUE", "UCUE")
    # ...and the one they changed is kept and offered.
    assert ucue.name_de == "Union der Hauptstädte der EU (Redaktion)"
    assert SeedCorrection.objects.get().field == "name_de"
    assert SeedCorrection.objects.get().value == "UCUE"
    # Seed 000: "these had to be cancelled or postponed".
    assert Activity.objects.get(slug="pandemic-joint-projects").state == "cancelled_or_postponed"
    # Seed 004's staff list does not name Roxane Liénart.
    assert not StaffMember.objects.get(last_name="Liénart").is_public
    # Texts added since: seed 003 on the UMEM Centre, in four languages.
    umem = ProgrammeItem.objects.get(
        activity__slug="mission-istanbul-ankara-2021", title_en__startswith="Visit of the UMEM"
    )
    assert "2018" in umem.description_en and "2018" in umem.description_nl
    # Seed 003's order, Ankara's signing first in Ankara, with the new business meeting in place.
    titles = list(
        ProgrammeItem.objects.filter(activity__slug="mission-istanbul-ankara-2021").values_list("title_en", flat=True)
    )
    assert titles.index("Meeting with representatives of the business community") == 2
    assert titles[7].startswith("Meeting with the Mayor of Ankara") and titles[-1].startswith("Laying of a wreath")
    # Withdrawn: Istanbul from the 2019 event, Les Brigittines as a host of the reception.
    assert not Activity.objects.get(slug="fall-of-the-wall-30").partners.filter(slug="istanbul").exists()
    reception = Activity.objects.get(slug="brigittines-reception-2022")
    assert not reception.participants.filter(organisation__isnull=False).exists()
    assert reception.participants.get(role="host").group_fr == "Bourgmestre-gouverneure de Berlin"
    # Nothing is duplicated, and a second start changes nothing more.
    rows = {model: model.objects.count() for model in (Activity, ProgrammeItem, Participant, SeedRecord)}
    _import()
    assert {model: model.objects.count() for model in rows} == rows
    assert SeedCorrection.objects.count() == 1


def test_a_selection_that_is_no_correction_is_refused_not_a_server_error(client, offered_for_berlin, head_of_unit):
    client.force_login(head_of_unit)
    for selected in (["not-a-number"], [offered_for_berlin.pk, 999999]):
        response = client.post(CHANGELIST, {"action": "accept", "_selected_action": selected})
        assert response.status_code == 403
    assert SeedCorrection.objects.get().state == "pending"


def test_the_back_office_says_which_facts_the_file_only_infers(client, head_of_unit):
    client.force_login(head_of_unit)
    berlin = Partner.objects.get(slug="berlin")
    page = client.get(f"/admin/partners/partner/{berlin.pk}/change/")
    assert "no seed says whether the partnership is active" in page.content.decode()
