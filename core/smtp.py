"""Django's SMTP backend, with each message's envelope sent in one exchange (RFC 2920).

smtplib waits for the server's answer to MAIL FROM, to each RCPT TO and to DATA before it
sends the next command: four round trips a message. When the server announces PIPELINING
(every current relay does), this backend writes MAIL, RCPT and DATA at once and reads their
answers together, then sends the message: two round trips. Without PIPELINING, or for an
address that needs SMTPUTF8, it sends as Django does.

A message may carry its bytes ready for the wire (`wire`: CRLF line ends, a dot doubled at
the start of a line, the final dot included); the newsletter builds them from one rendering
per edition and language (communication.mail). Others are flattened as Django flattens them.

Errors are raised as smtplib.sendmail raises them (SMTPSenderRefused, SMTPRecipientsRefused,
SMTPDataError, SMTPServerDisconnected), and after a refusal the connection is ready for the
next message, as after sendmail.
"""

import re
import smtplib

from django.conf import settings
from django.core.mail.backends import smtp
from django.core.mail.message import sanitize_address

# An address sent as it is written: no display name, nothing to quote or encode.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\Z")
LINE_START_DOT = re.compile(rb"(?m)^\.")


def on_the_wire(data):
    """A message's bytes as DATA sends them: a dot doubled at a line's start, the final dot.

    As smtplib.SMTP.data does for bytes (which it does not convert to CRLF either)."""
    data = LINE_START_DOT.sub(b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class EmailBackend(smtp.EmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.envelopes = {}  # the sender's envelope address, worked out once

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        server = self.connection
        server.ehlo_or_helo_if_needed()
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        sender = self.envelopes.get(email_message.from_email)
        if sender is None:
            sender = self.envelopes[email_message.from_email] = envelope(email_message.from_email, encoding)
        recipients = [envelope(address, encoding) for address in email_message.recipients()]
        if not server.has_extn("pipelining") or not sender.isascii() or not all(map(str.isascii, recipients)):
            return super()._send(email_message)
        data = getattr(email_message, "wire", None)
        if data is None:
            data = on_the_wire(email_message.message().as_bytes(linesep="\r\n"))
        try:
            pipelined(server, sender, recipients, data)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True


def pipelined(server, sender, recipients, data):
    """smtplib.SMTP.sendmail in two round trips: MAIL, RCPT and DATA written at once (RFC 2920)."""
    options = f" size={len(data)}" if server.has_extn("size") else ""
    commands = [f"mail FROM:<{sender}>{options}", *(f"rcpt TO:<{to}>" for to in recipients), "data"]
    server.send(("\r\n".join(commands) + "\r\n").encode("ascii"))
    # Every answer is read, in order, before anything else is sent; 421: the server is leaving.
    mail = reply(server)
    refused = {}
    for to in recipients:
        code, message = reply(server)
        if code not in (250, 251):
            refused[to] = (code, message)
    code, message = reply(server)
    if code == 354 and (mail[0] != 250 or len(refused) == len(recipients)):
        # A server that opened DATA for a transaction it had refused: close it empty.
        server.send(b".\r\n")
        code, message = reply(server)
        code = code if code != 250 else 503
    if mail[0] != 250:
        server.rset()
        raise smtplib.SMTPSenderRefused(*mail, sender)
    if len(refused) == len(recipients):
        server.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    if code != 354:
        server.rset()
        raise smtplib.SMTPDataError(code, message)
    server.send(data)
    code, message = reply(server)
    if code != 250:
        server.rset()
        raise smtplib.SMTPDataError(code, message)
    return refused


def reply(server):
    code, message = server.getreply()
    if code == 421:
        server.close()
        raise smtplib.SMTPServerDisconnected(message.decode(errors="replace"))
    return code, message


def envelope(address, encoding):
    """The address alone, as Django and smtplib put it in MAIL FROM or RCPT TO."""
    if PLAIN_ADDRESS.match(address):
        return address
    return smtplib.quoteaddr(sanitize_address(address, encoding))[1:-1]
