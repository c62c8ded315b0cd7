"""History of one shape, step 1 of 3: claim, quote and speaker events all get ``action``,
``old``, ``new`` and ``note``. A quote event's ``field``, ``old_value`` and ``new_value``
become its ``action``, ``old`` and ``new`` (renamed; 0013 rewrites the values); claim and
speaker events get ``old`` and ``new`` beside the columns they replace (0013 fills them,
0014 drops the old columns)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_api_models_moved")]

    operations = [
        migrations.RenameField(model_name="quoteevent", old_name="field", new_name="action"),
        migrations.RenameField(model_name="quoteevent", old_name="old_value", new_name="old"),
        migrations.RenameField(model_name="quoteevent", old_name="new_value", new_name="new"),
        migrations.AlterField(
            model_name="quoteevent",
            name="action",
            field=models.CharField(
                choices=[("created", "Created"), ("edited", "Edited")], max_length=32
            ),
        ),
        migrations.AddField(
            model_name="claimevent",
            name="old",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="claimevent",
            name="new",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="speakerevent",
            name="old",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="speakerevent",
            name="new",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
