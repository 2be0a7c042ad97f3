from django.contrib.auth import get_user_model
from django.core.management import call_command

from directory.models import StaffMember


def test_local_admin_gets_a_generated_password_shown_once(db, capsys):
    call_command("create_local_admin")
    first = capsys.readouterr().out
    user = get_user_model().objects.get(username="admin")
    password = first.split("Password: ")[1].split()[0]
    assert len(password) >= 20 and user.check_password(password)
    call_command("create_local_admin")
    assert password not in capsys.readouterr().out
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_staff_login_links_the_directory_member_with_a_role(seed, capsys):
    call_command("create_staff_login", "fvandernoot@sprb.brussels", "bilateral_officer")
    member = StaffMember.objects.get(last_name="Vandernoot")
    assert member.user.is_staff
    assert member.user.groups.get().name == "bilateral_officer"
    assert member.user.has_perm("partners.change_partner")
    assert not member.user.has_perm("partners.change_all_partners")


def test_worker_runs_a_round_and_stops(db, capsys):
    call_command("worker", "--once")
    assert "Worker started." in capsys.readouterr().out
