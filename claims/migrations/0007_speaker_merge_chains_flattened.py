from django.db import migrations


def flatten(apps, schema_editor):
    """A speaker merged into one that was merged in turn points at the final one."""
    Speaker = apps.get_model("claims", "Speaker")
    targets = dict(
        Speaker.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    )
    for pk, target in targets.items():
        seen = {pk}
        while target in targets and target not in seen:
            seen.add(target)
            target = targets[target]
        if target != targets[pk]:
            Speaker.objects.filter(pk=pk).update(merged_into=target)


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_speaker_gender_identity_event")]

    operations = [migrations.RunPython(flatten, migrations.RunPython.noop)]
