from django.core.management import call_command

from activities.models import Activity, Participant, ProgrammeItem
from partners.models import Partner


def test_the_generator_adds_labelled_activities_with_participants_and_programme(db):
    call_command("generate_sample_data", partners=20, officers=2, activities=60)
    activities = Activity.objects.filter(is_sample=True)
    assert activities.count() == 60
    assert Participant.objects.filter(activity__in=activities).count() == 120
    assert ProgrammeItem.objects.filter(activity__in=activities).count() == 60
    busy = Partner.objects.filter(is_sample=True).order_by("pk").first()
    assert busy.activities.count() >= 60 // 2
    for activity in activities.filter(state__in=["cancelled", "postponed"]):
        activity.full_clean()  # a cancelled sample still gives its reason
