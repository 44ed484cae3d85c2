"""A preference holds how often (at once, daily, weekly, never) instead of on or off; a
delivery may wait for its digest."""

from django.db import migrations, models


def on_off_to_frequency(apps, schema_editor):
    Preference = apps.get_model("notifications", "Preference")
    Preference.objects.filter(enabled=True).update(frequency="at_once")
    Preference.objects.filter(enabled=False).update(frequency="off")


def frequency_to_on_off(apps, schema_editor):
    Preference = apps.get_model("notifications", "Preference")
    Preference.objects.update(enabled=True)
    Preference.objects.filter(frequency="off").update(enabled=False)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_draft_purge_kind")]

    operations = [
        migrations.AddField(
            model_name="preference",
            name="frequency",
            field=models.CharField(
                choices=[
                    ("at_once", "At once"),
                    ("daily", "Once a day"),
                    ("weekly", "Once a week"),
                    ("off", "Never"),
                ],
                default="at_once",
                max_length=8,
                verbose_name="how often",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(on_off_to_frequency, frequency_to_on_off),
        # A default first, so that going back can add the column again to existing rows.
        migrations.AlterField(
            model_name="preference",
            name="enabled",
            field=models.BooleanField(default=True, verbose_name="on"),
        ),
        migrations.RemoveField(model_name="preference", name="enabled"),
        migrations.AddField(
            model_name="delivery",
            name="digest",
            field=models.CharField(blank=True, default="", max_length=8, verbose_name="digest"),
        ),
    ]
