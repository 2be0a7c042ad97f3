import datetime
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_translated_places"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="internal_notes",
            field=models.TextField(
                blank=True,
                help_text="Never shown on the public site.",
                max_length=100000,
                verbose_name="internal notes",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="signed_on",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1800, 1, 1), message="Enter a date from the year 1800 on."
                    )
                ],
                verbose_name="signed on",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="valid_from",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1800, 1, 1), message="Enter a date from the year 1800 on."
                    )
                ],
                verbose_name="valid from",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="valid_until",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1800, 1, 1), message="Enter a date from the year 1800 on."
                    )
                ],
                verbose_name="valid until",
            ),
        ),
        migrations.AlterField(
            model_name="counterpart",
            name="notes",
            field=models.TextField(blank=True, max_length=100000, verbose_name="notes"),
        ),
        migrations.AlterField(
            model_name="partner",
            name="internal_notes",
            field=models.TextField(
                blank=True,
                help_text="Never shown on the public site.",
                max_length=100000,
                verbose_name="internal notes",
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-90),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-180),
                    django.core.validators.MaxValueValidator(180),
                ],
                verbose_name="longitude",
            ),
        ),
        migrations.AlterConstraint(
            model_name="partner",
            name="partner_coordinates_both_or_neither",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                    models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                    _connector="OR",
                ),
                name="partner_coordinates_both_or_neither",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ),
    ]
