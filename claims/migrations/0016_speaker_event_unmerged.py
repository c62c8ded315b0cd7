"""Speaker events: ``unmerged``, a merge undone (claims.services.speaker_unmerge)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_claim_statement_edited"),
    ]

    operations = [
        migrations.AlterField(
            model_name="speakerevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("alias_added", "Alias added"),
                    ("alias_removed", "Alias removed"),
                    ("merged", "Speaker merged in"),
                    ("unmerged", "Merge undone"),
                    ("identity", "Identity set"),
                ],
                max_length=32,
            ),
        ),
    ]
