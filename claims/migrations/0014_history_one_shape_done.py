"""History of one shape, step 3 of 3: the columns that ``old`` and ``new`` replaced go."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_history_one_shape_values")]

    operations = [
        migrations.RemoveField(model_name="claimevent", name="old_verdict"),
        migrations.RemoveField(model_name="claimevent", name="new_verdict"),
        migrations.RemoveField(model_name="claimevent", name="summary"),
        migrations.RemoveField(model_name="claimevent", name="evidence_links"),
        migrations.RemoveField(model_name="claimevent", name="quote_ids"),
        migrations.RemoveField(model_name="speakerevent", name="data"),
        migrations.AlterField(
            model_name="claimevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("quotes_added", "Quotes attached"),
                    ("quotes_removed", "Quotes detached"),
                    ("verdict", "Verdict set"),
                ],
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="speakerevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("alias_added", "Alias added"),
                    ("alias_removed", "Alias removed"),
                    ("merged", "Speaker merged in"),
                    ("identity", "Identity set"),
                ],
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="quoteevent",
            name="old",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="quoteevent",
            name="new",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
