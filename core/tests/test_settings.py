import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "liaison.example.org",
    "DATABASE_URL": "sqlite:////tmp/liaison-deploy-check.sqlite3",
}


def manage(*args, env):
    # The browser tests allow the ORM under Playwright's event loop; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


# The HSTS header of a production server, asked for over HTTPS.
HSTS_HEADER = (
    "from django.test import Client; "
    "print(Client().get('/health/', secure=True, headers={'host': 'liaison.example.org'})['Strict-Transport-Security'])"
)


def test_production_hsts_has_neither_preload_nor_subdomains_by_default():
    result = manage("shell", "-v", "0", "-c", HSTS_HEADER, env=PRODUCTION)
    assert result.stdout.strip() == "max-age=31536000", result.stderr


def test_production_hsts_preload_and_subdomains_are_opt_in():
    result = manage("shell", "-v", "0", "-c", HSTS_HEADER, env={**PRODUCTION, "HSTS_PRELOAD": "true"})
    assert result.stdout.strip() == "max-age=31536000; preload", result.stderr
    both = {**PRODUCTION, "HSTS_PRELOAD": "true", "HSTS_INCLUDE_SUBDOMAINS": "true"}
    result = manage("shell", "-v", "0", "-c", HSTS_HEADER, env=both)
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains; preload", result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_fails_loudly():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
