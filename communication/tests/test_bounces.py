from django.core.management import call_command

from communication import sending, services
from communication.models import Subscriber
from communication.tests.factories import CampaignFactory, SubscriberFactory

DSN = """\
From: MAILER-DAEMON@relay.example
To: liaison@localhost
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system at host relay.example.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example

Final-Recipient: rfc822; {address}
Original-Recipient: rfc822;{address}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {status} mailbox problem

--B--
"""

COMPLAINT = """\
From: feedback@isp.example
To: liaison@localhost
Subject: Complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F"

--F
Content-Type: text/plain

This is an abuse report.

--F
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ISP/1.0
Version: 1

--F
Content-Type: message/rfc822

From: liaison@localhost
To: {address}
Subject: The Brussels Globe

Hello
--F--
"""


def process(folder, **files):
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / f"{name}.eml").write_text(content)
    call_command("process_bounces", str(folder))


def test_a_hard_bounce_marks_the_address_and_it_is_no_longer_sent_to(db, smtp, tmp_path):
    gone = SubscriberFactory(email="gone@example.org")
    SubscriberFactory(email="here@example.org")
    process(tmp_path / "bounces", one=DSN.format(address="Gone@example.org", action="failed", status="5.1.1"))
    gone.refresh_from_db()
    assert gone.state == Subscriber.State.BOUNCED and gone.bounces == 1
    services.campaign_schedule(campaign=CampaignFactory())
    sending.run_round("test-worker")
    assert [message["To"] for message in smtp.messages] == ["here@example.org"]


def test_a_soft_bounce_is_counted_but_the_address_still_receives(db, tmp_path):
    busy = SubscriberFactory(email="busy@example.org")
    process(tmp_path / "bounces", one=DSN.format(address="busy@example.org", action="delayed", status="4.2.2"))
    busy.refresh_from_db()
    assert busy.state == Subscriber.State.CONFIRMED and busy.bounces == 1


def test_a_complaint_stops_the_sending(db, tmp_path):
    angry = SubscriberFactory(email="angry@example.org")
    process(tmp_path / "bounces", one=COMPLAINT.format(address="angry@example.org"))
    angry.refresh_from_db()
    assert angry.state == Subscriber.State.COMPLAINED


def test_each_file_is_read_once_and_other_mail_is_ignored(db, tmp_path, capsys):
    subscriber = SubscriberFactory(email="gone@example.org")
    folder = tmp_path / "bounces"
    process(
        folder,
        one=DSN.format(address="gone@example.org", action="failed", status="5.1.1"),
        other="From: someone@example.org\nSubject: hello\n\nNot a report.\n",
        broken="\x00\x01 not even mail",
    )
    call_command("process_bounces", str(folder))
    subscriber.refresh_from_db()
    assert subscriber.bounces == 1
    assert sorted(path.name for path in (folder / "processed").iterdir()) == ["broken.eml", "one.eml", "other.eml"]
    assert "0 messages read" in capsys.readouterr().out
