"""A programme and a delegation are shown in the position staff give them, on every database."""

import datetime

from activities.models import Participant
from activities.tests.factories import ActivityFactory, ParticipantFactory, PersonFactory, ProgrammeItemFactory


def _titles(response, titles):
    page = response.content.decode()
    return sorted(titles, key=page.index)


def test_an_item_known_to_the_day_keeps_its_position_among_items_without_a_day(client, db):
    activity = ActivityFactory(start_date=datetime.date(2021, 10, 1), date_precision="month")
    ProgrammeItemFactory(activity=activity, title_en="Meeting in Istanbul", order=1)
    ProgrammeItemFactory(activity=activity, title_en="Signing in Ankara", order=2, date=datetime.date(2021, 10, 26))
    ProgrammeItemFactory(activity=activity, title_en="Wreath in Ankara", order=3)

    response = client.get(f"/en/activities/{activity.slug}/")

    titles = ["Wreath in Ankara", "Signing in Ankara", "Meeting in Istanbul"]
    assert _titles(response, titles) == ["Meeting in Istanbul", "Signing in Ankara", "Wreath in Ankara"]


def test_staff_move_an_item_by_changing_its_position(client, db):
    activity = ActivityFactory()
    first = ProgrammeItemFactory(activity=activity, title_en="First item", order=1)
    ProgrammeItemFactory(activity=activity, title_en="Second item", order=2)
    first.order = 3
    first.save()

    response = client.get(f"/en/activities/{activity.slug}/")

    assert _titles(response, ["First item", "Second item"]) == ["Second item", "First item"]


def test_the_head_of_the_delegation_comes_before_an_ambassador_of_another_side(client, db):
    activity = ActivityFactory()
    ParticipantFactory(
        activity=activity, person=PersonFactory(name="Head Person"), role="head", side=Participant.Side.OURS, order=0
    )
    ParticipantFactory(
        activity=activity, person=PersonFactory(name="Ambassador Person"), role="ambassador", side="other", order=1
    )

    response = client.get(f"/en/activities/{activity.slug}/")

    assert _titles(response, ["Ambassador Person", "Head Person"]) == ["Head Person", "Ambassador Person"]
