"""A question's scoring parameters move from one column per method (scoring_bands, scoring_rules)
to one mapping keyed by method (assessment.scoring_methods), so a new method needs no new column.
Every question and every version in its history keeps its bands and rules; the way back restores
them."""

from django.db import migrations, models

OLD_FIELDS = ("bands", "rules")


def to_parameters(apps, schema_editor):
    for name in ("Question", "HistoricalQuestion"):
        model = apps.get_model("assessment", name)
        for row in model.objects.all().iterator():
            row.scoring_parameters = {
                key: getattr(row, f"scoring_{key}")
                for key in OLD_FIELDS
                if getattr(row, f"scoring_{key}")
            }
            row.save(update_fields=["scoring_parameters"])


def from_parameters(apps, schema_editor):
    for name in ("Question", "HistoricalQuestion"):
        model = apps.get_model("assessment", name)
        for row in model.objects.all().iterator():
            for key in OLD_FIELDS:
                setattr(row, f"scoring_{key}", row.scoring_parameters.get(key, []))
            row.save(update_fields=[f"scoring_{key}" for key in OLD_FIELDS])


PARAMETERS = models.JSONField(
    blank=True,
    default=dict,
    help_text="Each method's parameters under its key, as the content format writes them: "
    '{"bands": [{"points": 4, "marks": 3}, ...]}.',
)


class Migration(migrations.Migration):
    # Each step commits on its own: on PostgreSQL a column cannot be dropped in the transaction
    # that just updated the table's rows ("pending trigger events"). The copy itself is atomic.
    atomic = False

    dependencies = [
        ("assessment", "0006_archive_and_protect"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalquestion", name="scoring_parameters", field=PARAMETERS
        ),
        migrations.AddField(model_name="question", name="scoring_parameters", field=PARAMETERS),
        migrations.RunPython(to_parameters, from_parameters, atomic=True),
        migrations.RemoveField(model_name="historicalquestion", name="scoring_bands"),
        migrations.RemoveField(model_name="historicalquestion", name="scoring_rules"),
        migrations.RemoveField(model_name="question", name="scoring_bands"),
        migrations.RemoveField(model_name="question", name="scoring_rules"),
        migrations.AlterField(
            model_name="historicalquestion",
            name="scoring_method",
            field=models.CharField(default="points", max_length=20),
        ),
        migrations.AlterField(
            model_name="question",
            name="scoring_method",
            field=models.CharField(default="points", max_length=20),
        ),
    ]
