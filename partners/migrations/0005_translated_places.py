from django.db import migrations, models


def copy_to_english(apps, schema_editor):
    """The place and office typed before they were translatable become their English version,
    the default language, which the other languages fall back to."""
    Agreement = apps.get_model("partners", "Agreement")
    Signatory = apps.get_model("partners", "Signatory")
    Agreement.objects.exclude(signed_at="").update(signed_at_en=models.F("signed_at"))
    Signatory.objects.exclude(office="").update(office_en=models.F("office"))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_partner_sort_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="signed_at_de",
            field=models.CharField(
                blank=True, help_text="Place of signing.", max_length=200, null=True, verbose_name="signed at"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="signed_at_en",
            field=models.CharField(
                blank=True, help_text="Place of signing.", max_length=200, null=True, verbose_name="signed at"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="signed_at_fr",
            field=models.CharField(
                blank=True, help_text="Place of signing.", max_length=200, null=True, verbose_name="signed at"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="signed_at_nl",
            field=models.CharField(
                blank=True, help_text="Place of signing.", max_length=200, null=True, verbose_name="signed at"
            ),
        ),
        migrations.AddField(
            model_name="signatory",
            name="office_de",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="office"),
        ),
        migrations.AddField(
            model_name="signatory",
            name="office_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="office"),
        ),
        migrations.AddField(
            model_name="signatory",
            name="office_fr",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="office"),
        ),
        migrations.AddField(
            model_name="signatory",
            name="office_nl",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="office"),
        ),
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
    ]
