import datetime

from django.urls import reverse

from partners.models import Agreement


def test_agreement_is_due_for_renewal_within_six_months():
    today = datetime.date(2026, 11, 25)
    soon = Agreement(valid_until=datetime.date(2027, 3, 1))
    later = Agreement(valid_until=datetime.date(2028, 1, 1))
    lapsed = Agreement(valid_until=datetime.date(2026, 1, 1))
    assert soon.is_due_for_renewal(today=today)
    assert not later.is_due_for_renewal(today=today)
    assert not lapsed.is_due_for_renewal(today=today)
    assert not Agreement(valid_until=None).is_due_for_renewal(today=today)
    assert not lapsed.is_in_force(today=today) and later.is_in_force(today=today)


def test_head_of_unit_sees_agreements_to_renew(client, head_of_unit):
    Agreement.objects.filter(partner__slug="ankara").update(
        valid_until=datetime.date.today() + datetime.timedelta(days=30)
    )
    client.force_login(head_of_unit)
    content = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    renewals = content[content.index('id="renewals"') : content.index('id="portfolios"')]
    assert "Ankara" in renewals and "Berlin" not in renewals
