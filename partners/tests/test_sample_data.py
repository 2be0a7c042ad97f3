from django.core.management import call_command

from partners.models import Agreement, Partner


def test_sample_data_is_generated_and_labelled(seed, capsys):
    call_command("generate_sample_data", partners=50, officers=5)
    assert "50 sample partners added" in capsys.readouterr().out
    samples = Partner.objects.filter(is_sample=True)
    assert samples.count() == 50
    assert Agreement.objects.filter(partner__in=samples, is_sample=True).count() == 50
    assert samples.search("sample").count() == 50
    assert Partner.objects.filter(is_sample=False).count() == 30
    call_command("generate_sample_data", partners=10, officers=1)
    assert Partner.objects.filter(is_sample=True).count() == 60
