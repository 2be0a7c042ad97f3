import pytest
from django.contrib.auth.models import Group

from core import roles
from directory.tests.factories import StaffMemberFactory


def _staff(django_user_model, role):
    user = django_user_model.objects.create_user(username=f"test-{role}", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    StaffMemberFactory(user=user)
    return user


@pytest.fixture
def protocol_officer(db, django_user_model):
    return _staff(django_user_model, roles.PROTOCOL_OFFICER)


@pytest.fixture
def staff(db, django_user_model, protocol_officer):
    """A user of each role, by role."""
    others = {role: _staff(django_user_model, role) for role in roles.STAFF_ROLES if role != roles.PROTOCOL_OFFICER}
    return {**others, roles.PROTOCOL_OFFICER: protocol_officer}
