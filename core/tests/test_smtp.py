"""core.smtp: Django's SMTP backend with each message's envelope pipelined (RFC 2920), against a real
SMTP server on loopback (core/smtp_sink.py on aiosmtpd), with and without PIPELINING announced."""

import smtplib
import threading

import pytest
from django.core.mail import EmailMessage, get_connection

from communication.tests.conftest import Sink, text_of, use
from core import smtp


@pytest.fixture
def sink(settings, tmp_path):
    server = Sink(tmp_path / "mail", refuse={"gone@example.org": "550", "full@example.org": "452"})
    use(settings, server)
    yield server
    server.stop()


def message(to, body="Hello.", **headers):
    return EmailMessage("Liaison", body, "Brussels International <liaison@example.org>", to, headers=headers)


class Counting(smtplib.SMTP):
    """smtplib's connection, counting what it writes to the server and its round trips."""

    writes = 0

    def send(self, data):
        type(self).writes += 1
        return super().send(data)


def test_an_envelope_goes_in_one_write_and_the_message_arrives_intact(sink, monkeypatch):
    backend = get_connection()
    assert isinstance(backend, smtp.EmailBackend)
    monkeypatch.setattr(type(backend), "connection_class", property(lambda self: Counting))
    body = "First line.\n.A line that starts with a dot.\n..And one with two.\nLast line."
    with backend:
        Counting.writes = 0
        assert backend.send_messages([message(["reader@example.org"], body), message(["other@example.org"])]) == 2
        # EHLO, then per message: MAIL+RCPT+DATA in one write, the content in another.
        assert Counting.writes == 1 + 2 * 2
    first, second = sink.messages
    assert first["To"] == "reader@example.org" and second["To"] == "other@example.org"
    assert text_of(first).splitlines() == body.splitlines()
    assert first["From"] == "Brussels International <liaison@example.org>"


def test_a_refused_recipient_is_reported_as_smtplib_reports_it_and_the_connection_goes_on(sink):
    with get_connection() as backend:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            backend.send_messages([message(["gone@example.org"])])
        assert refused.value.recipients["gone@example.org"][0] == 550
        with pytest.raises(smtplib.SMTPRecipientsRefused) as later:
            backend.send_messages([message(["full@example.org"])])
        assert later.value.recipients["full@example.org"][0] == 452
        # One of two recipients refused: the other gets the message, as with smtplib.sendmail.
        assert backend.send_messages([message(["gone@example.org", "kept@example.org"])]) == 1
        assert backend.send_messages([message(["after@example.org"])]) == 1
    assert [m["To"] for m in sink.messages] == ["gone@example.org, kept@example.org", "after@example.org"]


def test_without_pipelining_announced_messages_go_command_by_command(settings, tmp_path, monkeypatch):
    server = Sink(tmp_path / "mail", pipelining=False)
    use(settings, server)
    pipelined = []
    monkeypatch.setattr(smtp, "pipelined", lambda *args: pipelined.append(args))
    try:
        with get_connection() as backend:
            assert backend.send_messages([message(["reader@example.org"])]) == 1
    finally:
        server.stop()
    assert pipelined == [] and [m["To"] for m in server.messages] == ["reader@example.org"]


def test_an_address_is_put_in_the_envelope_as_django_sanitizes_it(sink):
    with get_connection() as backend:
        assert backend.send_messages([message(["Reader <reader@exämple.org>"])]) == 1
    [received] = sink.messages
    assert received["To"] == "Reader <reader@xn--exmple-cua.org>"


def test_a_server_that_closes_with_421_is_reported_as_a_disconnection():
    # A one-connection server that accepts the session, then answers the envelope with 421.
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"220 test\r\n")
            reader = conn.makefile("rb")
            reader.readline()  # EHLO
            conn.sendall(b"250-test\r\n250 PIPELINING\r\n")
            reader.readline()  # MAIL
            conn.sendall(b"421 Service shutting down\r\n")

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        backend = smtp.EmailBackend(host="127.0.0.1", port=port, use_tls=False, use_ssl=False, username="", password="")
        with pytest.raises(smtplib.SMTPServerDisconnected):
            with backend:
                backend.send_messages([message(["reader@example.org"])])
    finally:
        thread.join(timeout=10)
        listener.close()
