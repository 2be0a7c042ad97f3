"""A real SMTP server on loopback (core/smtp_sink.py, on aiosmtpd) in its own process."""

import email
import email.policy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """The SMTP server and the messages it wrote to its folder."""

    def __init__(self, folder, refuse=None, pipelining=True):
        self.folder = Path(folder)
        self.port = free_port()
        refusals = [f"--refuse={address}={code}" for address, code in (refuse or {}).items()]
        script = Path(settings.BASE_DIR) / "core" / "smtp_sink.py"
        command = [sys.executable, "-P", str(script), f"--port={self.port}", f"--folder={folder}", *refusals]
        if not pipelining:
            command.append("--no-pipelining")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        files = sorted(self.folder.glob("*.eml"))
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in files]

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


def use(settings, sink):
    settings.EMAIL_BACKEND = "core.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def smtp(settings, tmp_path):
    sink = Sink(tmp_path / "mail")
    use(settings, sink)
    yield sink
    sink.stop()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()
