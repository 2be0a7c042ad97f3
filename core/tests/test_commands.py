import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

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


def test_staff_login_is_the_full_email_in_lower_case_and_prints_the_password_once(seed, capsys):
    call_command("create_staff_login", "FVandernoot@SPRB.brussels", "bilateral_officer")
    out = capsys.readouterr().out
    password = out.split("with the password ")[1].split()[0]
    user = StaffMember.objects.get(last_name="Vandernoot").user
    assert user.username == user.email == "fvandernoot@sprb.brussels"
    assert user.check_password(password)
    assert out.count(password) == 1


def _superuser_with_email(email):
    call_command("create_local_admin")
    admin = get_user_model().objects.get(username="admin")
    admin.email = email
    admin.save()
    return admin


def test_staff_member_given_the_superusers_email_cannot_take_over_the_superuser(seed, capsys):
    admin = _superuser_with_email("admin@sprb.brussels")
    password_hash = admin.password
    StaffMember.objects.filter(last_name="Verdin").update(email="admin@sprb.brussels")
    with pytest.raises(CommandError, match="already used by the superuser admin"):
        call_command("create_staff_login", "admin@sprb.brussels", "head_of_unit")
    admin.refresh_from_db()
    assert (admin.password, admin.is_superuser, list(admin.groups.all())) == (password_hash, True, [])
    assert StaffMember.objects.get(last_name="Verdin").user is None


def test_staff_login_never_reaches_the_superuser_through_the_local_part_of_the_email(seed, capsys):
    admin = _superuser_with_email("")
    password_hash = admin.password
    StaffMember.objects.filter(last_name="Verdin").update(email="admin@sprb.brussels")
    call_command("create_staff_login", "admin@sprb.brussels", "head_of_unit")
    admin.refresh_from_db()
    assert (admin.password, list(admin.groups.all())) == (password_hash, [])
    assert StaffMember.objects.get(last_name="Verdin").user.username == "admin@sprb.brussels"


def test_staff_login_never_changes_a_superuser_linked_to_the_staff_member(seed):
    admin = _superuser_with_email("")
    password_hash = admin.password
    StaffMember.objects.filter(last_name="Vandernoot").update(user=admin)
    with pytest.raises(CommandError, match="never changes a superuser"):
        call_command("create_staff_login", "fvandernoot@sprb.brussels", "bilateral_officer")
    admin.refresh_from_db()
    assert (admin.password, admin.username, list(admin.groups.all())) == (password_hash, "admin", [])


def test_staff_login_refuses_an_email_used_by_another_account(seed):
    other = get_user_model().objects.create_user("someone", email="FVandernoot@sprb.brussels", password="x" * 20)
    with pytest.raises(CommandError, match="already used by the account someone"):
        call_command("create_staff_login", "fvandernoot@sprb.brussels", "bilateral_officer")
    other.refresh_from_db()
    assert other.check_password("x" * 20) and not other.groups.exists()
    assert StaffMember.objects.get(last_name="Vandernoot").user is None


def test_staff_login_gives_a_member_already_linked_a_new_password_and_role(officer, capsys):
    call_command("create_staff_login", "fvandernoot@sprb.brussels", "head_of_unit")
    password = capsys.readouterr().out.split("with the password ")[1].split()[0]
    officer.refresh_from_db()
    assert officer.username == "fvandernoot@sprb.brussels" and officer.check_password(password)
    assert list(officer.groups.all()) == [Group.objects.get(name="head_of_unit")]


def test_staff_login_refuses_an_email_no_staff_member_has(seed):
    with pytest.raises(CommandError, match="No staff member has the e-mail nobody@sprb.brussels"):
        call_command("create_staff_login", "nobody@sprb.brussels", "bilateral_officer")
    assert not get_user_model().objects.exists()


def test_worker_runs_a_round_and_stops(db, capsys):
    call_command("worker", "--once")
    assert "Worker started." in capsys.readouterr().out
