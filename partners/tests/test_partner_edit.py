"""Object-level rights in the back office: an officer changes only their portfolio."""

from auditlog.models import LogEntry
from django.urls import reverse

from partners.models import Agreement, Partner


def partner_form(partner, **changes):
    data = {
        "slug": partner.slug,
        "kind": partner.kind,
        "state": partner.state,
        "country": partner.country.code,
        "latitude": partner.latitude,
        "longitude": partner.longitude,
        "geonames_id": partner.geonames_id or "",
        "internal_notes": partner.internal_notes,
        "source": partner.source,
        "themes": list(partner.themes.values_list("pk", flat=True)),
    }
    for code in ("fr", "nl", "en", "de"):
        data[f"name_{code}"] = getattr(partner, f"name_{code}")
        data[f"description_{code}"] = getattr(partner, f"description_{code}")
    for prefix, related in (
        ("aliases", partner.aliases),
        ("assignments", partner.assignments),
        ("agreements", partner.agreements),
        ("counterparts", partner.counterparts),
    ):
        rows = list(related.all())
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-partner"] = partner.pk
            for field in ("name", "language", "office", "email", "phone", "notes", "source"):
                if hasattr(row, field):
                    data[f"{prefix}-{i}-{field}"] = getattr(row, field)
            if prefix == "assignments":
                data[f"{prefix}-{i}-staff_member"] = row.staff_member_id
    data.update(changes)
    return data


def change_url(partner):
    return reverse("admin:partners_partner_change", args=[partner.pk])


def test_officer_can_edit_partner_in_portfolio_and_the_change_is_audited(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    response = client.post(change_url(berlin), partner_form(berlin, internal_notes="Call before the Berlin Days."))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    berlin.refresh_from_db()
    assert berlin.internal_notes == "Call before the Berlin Days."
    entry = LogEntry.objects.get_for_object(berlin).latest("timestamp")
    assert entry.actor == officer
    assert entry.changes_dict == {"internal_notes": ["", "Call before the Berlin Days."]}


def test_officer_cannot_edit_partner_outside_portfolio(client, other_officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(other_officer)
    response = client.post(change_url(berlin), partner_form(berlin, internal_notes="Not mine to write."))
    assert response.status_code == 403
    berlin.refresh_from_db()
    assert berlin.internal_notes == ""
    # They may still read it, without a save button.
    page = client.get(change_url(berlin))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_officer_cannot_add_an_agreement_to_a_partner_outside_portfolio(client, other_officer):
    client.force_login(other_officer)
    berlin = Partner.objects.get(slug="berlin")
    response = client.post(
        reverse("admin:partners_agreement_add"),
        {
            "partner": berlin.pk,
            "kind": "memorandum",
            "title_en": "Sneaky",
            "signing_mode": "in_person",
            "signed_on_precision": "day",
            "renewal": "unspecified",
            "signatories-TOTAL_FORMS": 0,
            "signatories-INITIAL_FORMS": 0,
            "documents-TOTAL_FORMS": 0,
            "documents-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "partner" in response.context["adminform"].form.errors
    assert not Agreement.objects.filter(title_en="Sneaky").exists()


def test_head_of_unit_can_edit_every_partner(client, head_of_unit):
    seoul = Partner.objects.get(slug="seoul")
    client.force_login(head_of_unit)
    response = client.post(change_url(seoul), partner_form(seoul, state="dormant"))
    assert response.status_code == 302
    seoul.refresh_from_db()
    assert seoul.state == "dormant"


def test_communication_officer_cannot_change_partners(client, visitor):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(visitor)
    assert client.post(change_url(berlin), partner_form(berlin, state="ended")).status_code == 403
    assert Partner.objects.get(slug="berlin").state == "active"


def test_anonymous_is_sent_to_login(client, seed):
    berlin = Partner.objects.get(slug="berlin")
    response = client.get(change_url(berlin))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_bad_input_gets_messages_and_changes_nothing(client, officer):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    no_name = {f"name_{code}": "" for code in ("fr", "nl", "en", "de")}
    bad = partner_form(berlin, **no_name, country="XX", slug="x" * 300, latitude="95", longitude="")
    response = client.post(change_url(berlin), bad, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    # A name in any one language would do; with none, the message is at the reader's language.
    assert {"name_fr", "country", "slug", "latitude"} <= errors.keys()
    berlin.refresh_from_db()
    assert (berlin.name_en, berlin.country.code, berlin.slug) == ("Berlin", "DE", "berlin")


def test_agreement_dates_in_the_wrong_order_are_refused(client, officer):
    agreement = Agreement.objects.get(partner__slug="berlin")
    client.force_login(officer)
    data = {
        "partner": agreement.partner_id,
        "kind": agreement.kind,
        "signing_mode": "in_person",
        "signed_on": "1992-06-01",
        "signed_on_precision": "day",
        "renewal": "unspecified",
        "valid_from": "2030-01-01",
        "valid_until": "2020-01-01",
        "is_public": "on",
        "signatories-TOTAL_FORMS": 0,
        "signatories-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
        **{f"title_{c}": getattr(agreement, f"title_{c}") for c in ("fr", "nl", "en", "de")},
    }
    response = client.post(reverse("admin:partners_agreement_change", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert "valid_until" in response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.valid_until is None


def test_audit_history_page_shows_who_changed_what(client, officer, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    client.force_login(officer)
    client.post(change_url(berlin), partner_form(berlin, internal_notes="Seen."))
    client.force_login(head_of_unit)
    page = client.get(reverse("admin:partners_partner_history", args=[berlin.pk]))
    assert page.status_code == 200
    assert b"vandernoot" in page.content
    assert b"Seen." in page.content


def test_partner_history_includes_its_officers_names_and_agreements(client, head_of_unit):
    seoul = Partner.objects.get(slug="seoul")
    client.force_login(head_of_unit)
    data = partner_form(seoul)
    data.update(
        {
            "assignments-TOTAL_FORMS": 1,
            "assignments-0-staff_member": head_of_unit.staff_member.pk,
            "assignments-0-source": "",
            "aliases-TOTAL_FORMS": 1,
            "aliases-0-name": "Sŏul",
            "aliases-0-language": "ko",
        }
    )
    assert client.post(change_url(seoul), data).status_code == 302
    page = client.get(reverse("admin:partners_partner_history", args=[seoul.pk]), HTTP_ACCEPT_LANGUAGE="en")
    content = page.content.decode()
    assert "Portfolio assignment: Geoffroy Clerckx → S" in content
    assert "Other name: Sŏul" in content
    assert b"partners.PartnerAlias.None" not in page.content


def test_counterparts_are_hidden_from_roles_without_the_right(client, visitor, officer):
    ankara = Partner.objects.get(slug="ankara")
    client.force_login(visitor)
    # Ekrem İmamoğlu is Istanbul's counterpart, so Ankara's public description never names him.
    ankara.counterparts.update(name="Ekrem İmamoğlu")
    assert "Ekrem İmamoğlu" not in client.get(change_url(ankara)).content.decode()
    client.force_login(officer)
    assert "Ekrem İmamoğlu" in client.get(change_url(ankara)).content.decode()
