import datetime
import json
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import SeedRecord
from directory.models import StaffMember, Unit
from partners.models import Agreement, Assignment, Network, Partner, PartnerAlias, Theme

DATA = Path(settings.BASE_DIR) / "data" / "brussels.json"


def _import(capsys, path=DATA):
    capsys.readouterr()
    call_command("import_seed_data", file=path)
    return capsys.readouterr().out


def _rows():
    """The number of rows of every model, many-to-many links included."""
    return {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}


def test_import_yields_the_thirty_partners_of_the_seeds(seed):
    assert Partner.objects.count() == 30
    assert Partner.objects.filter(slug__in=["istanbul", "ankara"]).count() == 2
    assert Partner.objects.filter(search_text__contains=" lille").count() == 1


def test_import_yields_six_units_and_the_staff_of_seed_004(seed):
    assert Unit.objects.count() == 6
    clerckx = StaffMember.objects.get(last_name="Clerckx")
    assert (clerckx.phone, clerckx.email, clerckx.is_head) == ("+32 2 800 37 46", "gclerckx@sprb.brussels", True)
    assert clerckx.title_en == "Deputy Director - Head of Unit"
    gerard = StaffMember.objects.get(last_name="Gérard")
    assert sorted(gerard.assignments.values_list("partner__slug", flat=True)) == ["mazovia", "sofia"]
    teclu = StaffMember.objects.get(last_name="Teclu")
    assert sorted(teclu.subjects.values_list("slug", flat=True)) == ["calls-for-projects", "general-policy"]
    assert StaffMember.objects.get(last_name="Verdin").subjects.get().slug == "eat-brussels"
    assert StaffMember.objects.get(last_name="Liénart").title_en == "Bilateral Relations Officer"
    assert StaffMember.objects.filter(source__contains="seed 004").count() == 10


def test_eight_partners_have_no_officer_and_havana_has_two(seed):
    unfollowed = set(Partner.objects.unfollowed().values_list("slug", flat=True))
    assert unfollowed == {"aichi", "brasilia", "chennai", "luxembourg", "kinshasa", "seoul", "istanbul", "ankara"}
    havana = Partner.objects.get(slug="havana")
    assert sorted(m.last_name for m in havana.officers()) == ["Vandernoot", "Verheyden"]


def test_agreements_carry_the_facts_of_the_seeds(seed):
    berlin = Agreement.objects.get(partner__slug="berlin")
    assert berlin.kind == Agreement.Kind.FRIENDSHIP_COOPERATION
    assert (berlin.signed_on, berlin.signed_at) == (datetime.date(1992, 6, 1), "Berlin")
    istanbul = Agreement.objects.get(partner__slug="istanbul")
    assert istanbul.signing_mode == Agreement.Mode.ELECTRONIC
    assert (istanbul.signed_on, istanbul.signed_on_precision) == (datetime.date(2021, 2, 1), "month")
    ankara = Agreement.objects.get(partner__slug="ankara")
    assert ankara.signed_on == datetime.date(2021, 10, 26)
    assert set(ankara.themes.values_list("slug", flat=True)) == {
        "urban-development",
        "green-space",
        "soft-mobility",
        "inclusion-participation",
    }
    assert ankara.signatories.filter(side="partner").get().name == "Mansur Yavaş"


def test_networks_and_coordinates_are_loaded(seed):
    assert set(Network.objects.values_list("slug", flat=True)) == {"eurocities", "ucue", "platforma"}
    assert Partner.objects.get(slug="berlin").networks.count() == 2
    assert not Partner.objects.filter(latitude__isnull=True).exists()
    kyiv = Partner.objects.get(slug="kyiv")
    assert (round(kyiv.latitude), round(kyiv.longitude)) == (50, 31)


def test_every_record_cites_its_seed_document(seed):
    for model in (Partner, Agreement, Unit, StaffMember, Network):
        assert not model.objects.filter(source="").exists(), model


def test_dac_flag_follows_the_country(seed):
    assert Partner.objects.get(slug="kinshasa").is_dac_recipient
    assert not Partner.objects.get(slug="berlin").is_dac_recipient


def test_a_second_run_changes_nothing_and_says_everything_was_already_loaded(seed, capsys):
    rows = _rows()
    out = _import(capsys)
    assert "0 created" in out and f"{SeedRecord.objects.count()} already loaded" in out
    assert _rows() == rows


def test_staff_edits_and_deletions_survive_the_import(seed, officer, capsys):
    berlin = Partner.objects.get(slug="berlin")
    berlin.name_en, berlin.description_en = "Land Berlin", "Edited by staff."
    berlin.save()
    StaffMember.objects.filter(last_name="Vandernoot").update(phone="+32 2 000 00 00", title_en="Team lead")
    agreement = Agreement.objects.get(partner=berlin)
    agreement.title_en = "Berlin partnership agreement"
    agreement.save()
    Assignment.objects.get(partner=berlin, staff_member__last_name="Vandernoot").delete()
    PartnerAlias.objects.get(partner__slug="kyiv", name="Kiev").delete()
    berlin.themes.remove(Theme.objects.get(slug="youth"))
    rows, entries = _rows(), LogEntry.objects.count()

    _import(capsys)

    berlin.refresh_from_db()
    assert (berlin.name_en, berlin.description_en) == ("Land Berlin", "Edited by staff.")
    vandernoot = StaffMember.objects.get(last_name="Vandernoot")
    assert (vandernoot.phone, vandernoot.title_en) == ("+32 2 000 00 00", "Team lead")
    assert Agreement.objects.get(partner=berlin).title_en == "Berlin partnership agreement"
    assert not Assignment.objects.filter(partner=berlin, staff_member=vandernoot).exists()
    assert not Partner.objects.editable_by(officer).filter(slug="berlin").exists()
    assert not PartnerAlias.objects.filter(partner__slug="kyiv", name="Kiev").exists()
    assert not berlin.themes.filter(slug="youth").exists()
    assert _rows() == rows
    assert LogEntry.objects.count() == entries


def test_a_deleted_partner_is_not_recreated(seed, capsys):
    Partner.objects.get(slug="aichi").delete()
    rows = _rows()
    _import(capsys)
    assert not Partner.objects.filter(slug="aichi").exists()
    assert _rows() == rows


def test_first_run_over_data_loaded_before_the_ledger_records_it_and_changes_nothing(seed, capsys):
    keys = set(SeedRecord.objects.values_list("key", flat=True))
    SeedRecord.objects.all().delete()
    StaffMember.objects.filter(last_name="Clerckx").update(phone="+32 2 000 00 00")
    rows, entries = _rows(), LogEntry.objects.count()

    out = _import(capsys)

    assert "0 created" in out and f"{len(keys)} already in the database" in out
    assert set(SeedRecord.objects.values_list("key", flat=True)) == keys
    assert StaffMember.objects.get(last_name="Clerckx").phone == "+32 2 000 00 00"
    assert _rows() == {**rows, "core.SeedRecord": len(keys)}
    assert LogEntry.objects.count() == entries


def test_a_record_staff_created_before_the_import_is_recorded_not_overwritten(db, capsys):
    Theme.objects.create(slug="youth", name_en="Young people", source="")
    _import(capsys)
    assert Theme.objects.get(slug="youth").name_en == "Young people"
    assert SeedRecord.objects.filter(key="partners.theme:youth").exists()
    assert Partner.objects.get(slug="berlin").themes.filter(slug="youth").exists()


def test_what_the_file_gains_is_loaded_next_time_even_on_a_partner_whose_slug_was_edited(seed, capsys, tmp_path):
    Partner.objects.filter(slug="berlin").update(slug="land-berlin")
    data = json.loads(DATA.read_text())
    berlin = next(p for p in data["partners"] if p["slug"] == "berlin")
    berlin["themes"].append("human-rights")
    berlin["aliases"].append("Berlino")
    (tmp_path / "brussels.json").write_text(json.dumps(data))

    out = _import(capsys, tmp_path / "brussels.json")

    assert "2 created (1 partners.partner.themes, 1 partners.partneralias)" in out
    land_berlin = Partner.objects.get(slug="land-berlin")
    assert land_berlin.themes.filter(slug="human-rights").exists()
    assert land_berlin.aliases.filter(name="Berlino").exists()
    assert not Partner.objects.filter(slug="berlin").exists()


def test_seed_records_have_keys_that_do_not_depend_on_editable_content(seed):
    keys = set(SeedRecord.objects.values_list("key", flat=True))
    assert {
        "partners.partner:berlin",
        "partners.agreement:berlin-1992",
        "directory.staffmember:vandernoot",
        "partners.assignment:berlin/vandernoot",
        "partners.partner.themes:berlin/urban-development",
        "partners.agreement.themes:ankara-2021/green-space",
        "partners.signatory:ankara-2021/Mansur Yavaş",
        "partners.counterpart:ankara/Mansur Yavaş",
        "partners.partneralias:kyiv/Kiev",
        "partners.network.partners:eurocities/berlin",
        "directory.staffmember.subjects:teclu/general-policy",
        "core.organisation:main",
    } <= keys


def test_import_refuses_a_missing_file_clearly(db, tmp_path):
    with pytest.raises(CommandError, match="No data file at"):
        call_command("import_seed_data", file=tmp_path / "missing.json")
    assert not Partner.objects.exists()
