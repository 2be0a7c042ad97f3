"""The promise of the README: `make run` sets everything up and serves the site."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def subscribe(url):
    """Subscribe through the public form, as a person would (the form refuses hasty bots)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url, timeout=5).read().decode()
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|stamp)" value="([^"]+)"', page))
    time.sleep(2.5)
    data = {**fields, "email": "newcomer@example.org", "language": "en", "consent": "on"}
    request = urllib.request.Request(url, urllib.parse.urlencode(data).encode(), headers={"Referer": url})
    assert b"Check your mailbox" in opener.open(request, timeout=10).read()


def checkout_copy(folder):
    """The project's files in a folder of the test's, with the checkout's .venv: what `make run`
    writes (compiled catalogues, the page cache) goes there, not into the checkout."""
    ignored = shutil.ignore_patterns(".git", ".venv", "media", "cache", "var", "staticfiles", "*.sqlite3*", "*.pyc")
    shutil.copytree(settings.BASE_DIR, folder, ignore=ignored, symlinks=True)
    (folder / ".venv").symlink_to(settings.BASE_DIR / ".venv")
    return folder


def test_make_run_serves_the_site_and_writes_the_mail_it_sends_to_a_folder(tmp_path):
    port = free_port()
    # As on a new machine: the settings' own defaults, not the ones the tests set for themselves.
    unset = ("DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "MEDIA_ROOT", "DATABASE_URL")
    env = {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "SMTP_PORT": str(free_port()),
        "MAIL_DIR": str(tmp_path / "mail"),
    }
    process = subprocess.Popen(
        ["make", "run"],
        cwd=checkout_copy(tmp_path / "liaison"),
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if get(f"http://127.0.0.1:{port}/health/")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("make run did not serve /health/ in time")
                time.sleep(0.5)
        status, home = get(f"http://127.0.0.1:{port}/fr/")
        assert status == 200 and "Brussels International" in home and "30" in home
        subscribe(f"http://127.0.0.1:{port}/en/newsletter/")
        deadline = time.monotonic() + 30
        while not list((tmp_path / "mail").glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.2)
        [message] = (tmp_path / "mail").glob("*.eml")
        assert "newcomer@example.org" in message.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert "Local administrator created. Username: admin  Password: " in output
    assert "Worker started." in output
