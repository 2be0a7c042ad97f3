from django.core.management import call_command
from django.urls import reverse

from cooperation.models import Application, Call, Grant, IatiPublisher, Payment
from cooperation.sample import sample_generate


def test_sample_data_is_labelled_shown_as_sample_and_removed_with_one_command(client, call, draft):
    Application.objects.filter(pk=draft.pk).update(is_sample=False)  # a real draft, kept
    sample_generate(grants=30, organisations=5)
    assert Grant.objects.filter(is_sample=True).count() == 30
    assert IatiPublisher.objects.get().identifier == "XI-IATI-SAMPLE-LIAISON"
    page = client.get(reverse("cooperation:project-list")).content.decode()
    assert page.count(">sample<") >= 20
    call_command("remove_cooperation_sample", stdout=open("/dev/null", "w"))
    assert not Grant.objects.exists() and not Payment.objects.exists()
    assert not IatiPublisher.objects.exists()
    assert list(Application.objects.all()) == [draft]
    assert list(Call.objects.all()) == [call]
