import datetime
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command

from directory.models import StaffMember, Unit
from partners.models import Agreement, Network, Partner


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


def test_a_second_run_changes_nothing(seed, capsys):
    entries = LogEntry.objects.count()
    call_command("import_seed_data", file=Path(settings.BASE_DIR) / "data" / "brussels.json")
    assert "nothing to change" in capsys.readouterr().out
    assert LogEntry.objects.count() == entries
    assert Partner.objects.count() == 30
