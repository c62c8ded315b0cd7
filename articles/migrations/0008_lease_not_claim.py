"""A worker's hold on an article is a lease: "claim" means only a fact-check claim."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_cleaning")]

    operations = [
        migrations.RenameField("article", "claimed_by", "leased_by"),
        migrations.RenameField("article", "claimed_until", "lease_expires_at"),
        migrations.AlterField(
            model_name="article",
            name="lease_expires_at",
            field=models.DateTimeField(
                blank=True, null=True, help_text="When that lease lapses if the task never finishes."
            ),
        ),
    ]
