"""The promise of the README: `make run` sets everything up and serves the site."""

import os
import shutil
import signal
import socket
import subprocess
import time
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


def test_make_run_loads_the_data_and_serves_the_home_page(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
    }
    process = subprocess.Popen(
        ["make", "run"],
        cwd=settings.BASE_DIR,
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
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert "Local administrator created. Username: admin  Password: " in output
    assert "Worker started." in output
