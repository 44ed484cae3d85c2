"""Where the applicant lives. Every profile so far is of Dianjiang County, the one county the
portal served: they live there. `hukou_in_county` now reads "hukou in the district where you
live", which for them is the same question, so no rule changes."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Jurisdiction = apps.get_model("services", "Jurisdiction")
    ApplicantProfile = apps.get_model("applications", "ApplicantProfile")
    dianjiang = Jurisdiction.objects.filter(code="500231").first()
    if dianjiang is not None:
        ApplicantProfile.objects.filter(district__isnull=True).update(district=dianjiang)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0018_consent_scan"),
        ("services", "0010_jurisdictions"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicantprofile",
            name="district",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"level": "district"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="services.jurisdiction",
                verbose_name="district or county where you live",
            ),
        ),
        migrations.AlterField(
            model_name="applicantprofile",
            name="hukou_in_county",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="hukou in the district where you live"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
