from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_owner_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="address",
            field=models.TextField(blank=True, verbose_name="postal address"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="phone",
            field=models.CharField(blank=True, max_length=40, verbose_name="phone"),
        ),
    ]
