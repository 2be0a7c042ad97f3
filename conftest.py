"""The cast of the tests, as in healthchecks' hc/test.py.

`seed` loads the Brussels data. `officer` is Florence Vandernoot (Berlin is in her
portfolio), `other_officer` is Daniël Verheyden (Berlin is not), `head_of_unit` is
Geoffroy Clerckx, `visitor` is a communication officer with read-only rights.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from core import roles
from directory.models import StaffMember
from partners.services import seed_data_import

PASSWORD = "correct horse battery staple"


@pytest.fixture
def seed(db):
    return seed_data_import(path=Path(settings.BASE_DIR) / "data" / "brussels.json")


def _login_for(django_user_model, last_name, role):
    member = StaffMember.objects.get(last_name=last_name)
    user = django_user_model.objects.create_user(
        username=last_name.lower().replace(" ", ""), password=PASSWORD, is_staff=True, email=member.email
    )
    user.groups.add(Group.objects.get(name=role))
    member.user = user
    member.save()
    return user


@pytest.fixture
def officer(seed, django_user_model):
    return _login_for(django_user_model, "Vandernoot", roles.BILATERAL_OFFICER)


@pytest.fixture
def other_officer(seed, django_user_model):
    return _login_for(django_user_model, "Verheyden", roles.BILATERAL_OFFICER)


@pytest.fixture
def head_of_unit(seed, django_user_model):
    return _login_for(django_user_model, "Clerckx", roles.HEAD_OF_UNIT)


@pytest.fixture
def visitor(seed, django_user_model):
    return _login_for(django_user_model, "Verdin", roles.COMMUNICATION_OFFICER)


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """Each test starts with no cached page or value (core.cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every user a test logs in hashes a password twice; PBKDF2's million rounds make each
    hash cost 0.2 to 0.3 s here. The tests check rights and pages, not the hasher, which stays
    the default in the settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
