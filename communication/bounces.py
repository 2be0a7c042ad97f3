"""Bounces (delivery status notifications, RFC 3464) and complaints (feedback reports, RFC 5965)."""

import email
import email.policy
from dataclasses import dataclass
from email.utils import getaddresses

from django.db import transaction
from django.db.models import F

from communication.models import Subscriber


@dataclass
class Report:
    address: str
    kind: str  # "hard", "soft" or "complaint"


def _address(value):
    # "rfc822; reader@example.org"
    return str(value or "").split(";", 1)[-1].strip().strip("<>").lower()


def reports(raw):
    """What a message from a mailbox says about our recipients."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    report_type = message.get_param("report-type", "").lower()
    found = []
    for part in message.walk():
        kind = part.get_content_type()
        if report_type == "delivery-status" and kind == "message/delivery-status":
            for fields in part.get_payload()[1:]:
                address = _address(fields.get("Final-Recipient") or fields.get("Original-Recipient"))
                status = str(fields.get("Status", "")).strip()
                action = str(fields.get("Action", "")).strip().lower()
                if address and action in ("failed", "delayed"):
                    found.append(Report(address, "hard" if status.startswith("5") else "soft"))
        elif report_type == "feedback-report" and kind in ("message/rfc822", "text/rfc822-headers"):
            original = part.get_payload()[0] if part.is_multipart() else email.message_from_string(part.get_payload())
            found += [
                Report(address.lower(), "complaint") for _name, address in getaddresses(original.get_all("To", []))
            ]
    return found


@transaction.atomic
def apply(report):
    """Mark the address: a hard bounce or a complaint stops all sending to it."""
    subscribers = Subscriber.objects.filter(email=report.address)
    if report.kind == "complaint":
        return subscribers.update(state=Subscriber.State.COMPLAINED)
    changed = subscribers.update(bounces=F("bounces") + 1)
    if report.kind == "hard":
        subscribers.update(state=Subscriber.State.BOUNCED)
    return changed
