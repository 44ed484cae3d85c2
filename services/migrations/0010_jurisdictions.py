"""Jurisdictions: Chongqing Municipality and its districts and counties. The portal served
Dianjiang County alone until now: its departments and parks become Dianjiang's, each
department gets the kind its code names, and keeps its code as the key of its HSDS
identifiers so that those never change."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

JURISDICTIONS = [
    ("500000", "municipality", None, "重庆市", "Chongqing Municipality"),
    ("500231", "district", "500000", "垫江县", "Dianjiang County"),
    ("500115", "district", "500000", "长寿区", "Changshou District"),
]
KINDS = {
    "hrss": "hrss",
    "market": "market",
    "scitech": "scitech",
    "agri": "agri",
    "tax": "tax",
    "civil": "civil",
    "women": "women",
    "ddrc": "drc",
    "drc": "drc",
}


def forwards(apps, schema_editor):
    Jurisdiction = apps.get_model("services", "Jurisdiction")
    Department = apps.get_model("services", "Department")
    Park = apps.get_model("services", "Park")
    made = {}
    for code, level, parent, name_zh, name_en in JURISDICTIONS:
        made[code], _ = Jurisdiction.objects.get_or_create(
            code=code,
            defaults={
                "level": level,
                "parent": made.get(parent),
                "name_zh": name_zh,
                "name_en": name_en,
            },
        )
    dianjiang = made["500231"]
    taken = set()
    for department in Department.objects.order_by("pk"):
        kind = KINDS.get(department.code, "other")
        if kind in taken:
            kind = "other"
        taken.add(kind)
        Department.objects.filter(pk=department.pk).update(
            jurisdiction=dianjiang, kind=kind, hsds_key=department.code
        )
    Park.objects.update(jurisdiction=dianjiang)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0009_former_slug_english_optional"),
    ]

    operations = [
        migrations.CreateModel(
            name="Jurisdiction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=6,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9]{6}$", "Six digits, such as 500231."
                            )
                        ],
                        verbose_name="administrative division code",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("municipality", "Municipality"),
                            ("district", "District or county"),
                        ],
                        default="district",
                        max_length=16,
                        verbose_name="level",
                    ),
                ),
                ("name_zh", models.CharField(max_length=60, verbose_name="name (Chinese)")),
                ("name_en", models.CharField(max_length=120, verbose_name="name (English)")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="parts",
                        to="services.jurisdiction",
                        verbose_name="part of",
                    ),
                ),
            ],
            options={
                "verbose_name": "jurisdiction",
                "verbose_name_plural": "jurisdictions",
                "ordering": ["code"],
            },
        ),
        migrations.AddField(
            model_name="department",
            name="jurisdiction",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="departments",
                to="services.jurisdiction",
                verbose_name="jurisdiction",
            ),
        ),
        migrations.AddField(
            model_name="department",
            name="kind",
            field=models.CharField(
                choices=[
                    ("hrss", "Human resources and social security"),
                    ("market", "Market supervision"),
                    ("scitech", "Science and technology"),
                    ("agri", "Agriculture and rural affairs"),
                    ("tax", "Taxation"),
                    ("civil", "Civil affairs"),
                    ("women", "Women's federation"),
                    ("drc", "Development and reform"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=16,
                verbose_name="kind of bureau",
            ),
        ),
        migrations.AddField(
            model_name="department",
            name="hsds_key",
            field=models.CharField(editable=False, max_length=48, null=True),
        ),
        migrations.AddField(
            model_name="park",
            name="jurisdiction",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="parks",
                to="services.jurisdiction",
                verbose_name="jurisdiction",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="department",
            name="jurisdiction",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="departments",
                to="services.jurisdiction",
                verbose_name="jurisdiction",
            ),
        ),
        migrations.AlterField(
            model_name="department",
            name="hsds_key",
            field=models.CharField(editable=False, max_length=48, unique=True),
        ),
        migrations.AlterField(
            model_name="park",
            name="jurisdiction",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="parks",
                to="services.jurisdiction",
                verbose_name="jurisdiction",
            ),
        ),
        migrations.AlterField(
            model_name="department",
            name="code",
            field=models.SlugField(
                help_text="Unique within its jurisdiction.", max_length=32, verbose_name="code"
            ),
        ),
        migrations.AlterModelOptions(
            name="department",
            options={
                "ordering": ["jurisdiction__code", "code"],
                "verbose_name": "department",
                "verbose_name_plural": "departments",
            },
        ),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                fields=("jurisdiction", "code"), name="department_code_in_jurisdiction"
            ),
        ),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "other"), _negated=True),
                fields=("jurisdiction", "kind"),
                name="department_kind_in_jurisdiction",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="department",
            field=models.ForeignKey(
                help_text=(
                    "Applications for this programme are routed to this department; for a "
                    "programme of a municipal bureau, to the bureau of the same kind in the "
                    "applicant's district."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="services.department",
                verbose_name="owning department",
            ),
        ),
    ]
