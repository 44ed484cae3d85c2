"""Each training session is held in a district: existing sessions are placed in their
programme's district, or for a municipal programme in its first park's (else Dianjiang)."""

import django.db.models.deletion
from django.db import migrations, models

DIANJIANG = "500231"


def place_sessions(apps, schema_editor):
    TrainingSession = apps.get_model("services", "TrainingSession")
    Jurisdiction = apps.get_model("services", "Jurisdiction")
    fallback = Jurisdiction.objects.filter(code=DIANJIANG).first()
    for session in TrainingSession.objects.select_related("programme__department__jurisdiction"):
        programme = session.programme
        owner = programme.department.jurisdiction
        if owner.level == "district":
            place = owner
        else:
            park = programme.parks.select_related("jurisdiction").order_by("slug").first()
            place = park.jurisdiction if park else fallback
        session.jurisdiction = place
        session.save(update_fields=["jurisdiction"])


class Migration(migrations.Migration):
    dependencies = [("services", "0010_jurisdictions")]

    operations = [
        migrations.AddField(
            model_name="trainingsession",
            name="jurisdiction",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sessions",
                to="services.jurisdiction",
            ),
        ),
        migrations.RunPython(place_sessions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trainingsession",
            name="jurisdiction",
            field=models.ForeignKey(
                help_text="Where it is held: the session is offered to the people living there.",
                limit_choices_to={"level": "district"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sessions",
                to="services.jurisdiction",
                verbose_name="district or county",
            ),
        ),
    ]
