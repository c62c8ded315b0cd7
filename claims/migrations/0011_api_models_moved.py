"""API tokens and idempotency records now belong to the api app (api/migrations/0001): only
Django's state changes here, the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_history_kept"),
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="idempotentrequest", name="user"),
                migrations.DeleteModel(name="ApiToken"),
                migrations.DeleteModel(name="IdempotentRequest"),
            ]
        ),
    ]
