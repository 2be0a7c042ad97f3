import datetime

from django.urls import reverse

from partners.models import Partner
from partners.tests.factories import AssignmentFactory, PartnerFactory


def test_officer_sees_their_partners_with_agreements(client, officer):
    client.force_login(officer)
    content = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My portfolio" in content
    assert "Berlin" in content and "Vienna" in content
    assert "Seoul" not in content  # not hers, and only the head of unit sees the gaps
    assert "partners that nobody follows" not in content


def test_head_of_unit_sees_every_portfolio_and_the_eight_unfollowed(client, head_of_unit):
    client.force_login(head_of_unit)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "8 partners that nobody follows" in content
    for name in ("Seoul", "Istanbul", "Ankara", "Chennai"):
        assert name in content
    assert "Florence Vandernoot" in content and "Daniël Verheyden" in content
    officer_list = client.get(
        reverse("admin:partners_partner_changelist"),
        {"assignments__staff_member__id__exact": head_of_unit.staff_member.pk},
    )
    assert officer_list.status_code == 200


def test_portfolio_page_keeps_a_fixed_number_of_queries(client, head_of_unit, django_assert_max_num_queries):
    member = head_of_unit.staff_member
    for partner in PartnerFactory.create_batch(50):
        AssignmentFactory(partner=partner, staff_member=member)
    PartnerFactory.create_batch(50)
    client.force_login(head_of_unit)
    # 20, 4 for the grant work panel (calls, reports, tranches) and 12 for the dashboards (dashboards.figures:
    # dormant partners, their officers and count; 7 for the charts; next activities, reports due)
    with django_assert_max_num_queries(36):
        response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "58 partners that nobody follows" in content
    assert "See all 58 partners" in content and "See all 50 partners" not in content


def test_admin_partner_list_keeps_a_fixed_number_of_queries(client, head_of_unit, django_assert_max_num_queries):
    for partner in PartnerFactory.create_batch(120):
        AssignmentFactory(partner=partner)
    client.force_login(head_of_unit)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:partners_partner_changelist"))
    assert response.status_code == 200
    assert Partner.objects.count() == 150


def test_admin_search_ignores_accents_and_finds_aliases(client, visitor):
    client.force_login(visitor)
    response = client.get(reverse("admin:partners_partner_changelist"), {"q": "kyjiw"})
    assert [p.slug for p in response.context["cl"].result_list] == ["kyiv"]


def test_new_partner_gets_coordinates_suggested_from_geonames(client, head_of_unit):
    client.force_login(head_of_unit)
    data = {
        "name_en": "Lyon",
        "name_de": "Lyon",
        "slug": "lyon",
        "kind": "city",
        "state": "active",
        "country": "FR",
        "source": "",
        "internal_notes": "",
        **{
            f"{p}-{k}": 0
            for p in ("aliases", "assignments", "agreements", "counterparts")
            for k in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(reverse("admin:partners_partner_add"), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    lyon = Partner.objects.get(slug="lyon")
    assert (round(lyon.latitude), round(lyon.longitude)) == (46, 5)
    assert "Coordinates suggested from GeoNames" in response.content.decode()


def test_officer_cannot_add_partners(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:partners_partner_add")).status_code == 403


def test_staff_without_portfolio_is_told_so_and_anonymous_is_sent_to_login(client, visitor, django_user_model):
    client.force_login(visitor)
    content = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No partner is in your portfolio." in content
    assert "partners that nobody follows" not in content
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    client.force_login(stranger)
    content = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not linked to a staff member" in content
    client.logout()
    assert client.get(reverse("admin:index")).status_code == 302


def test_officer_sees_the_renewals_of_her_own_agreements_only(client, officer):
    from django.utils import timezone

    from partners.models import Agreement

    soon = timezone.localdate() + datetime.timedelta(days=30)
    Agreement.objects.filter(partner__slug="berlin").update(valid_until=soon)
    Agreement.objects.filter(partner__slug="ankara").update(valid_until=soon)
    client.force_login(officer)
    content = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    renewals = content[content.index('id="my-renewals"') :]
    renewals = renewals[: renewals.index("</p>")]
    assert "Berlin: " in renewals and "Ankara" not in renewals
    assert soon.strftime("%d/%m/%Y") in renewals


def test_the_french_back_office_reads_naturally(client, head_of_unit):
    from partners.models import Agreement

    client.force_login(head_of_unit)
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Noyau" not in index and "Organisation et historique" in index
    assert "Sujets suivis" in index and "Matières de portefeuille" not in index
    agreement = Agreement.objects.get(partner__slug="berlin")
    change = client.get(reverse("admin:partners_agreement_change", args=[agreement.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert "| Modification\u00a0: accord |" in change.content.decode()
    assert "Modification de accord" not in change.content.decode()
