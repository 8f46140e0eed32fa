"""Denunciations already stored keep their identity confidential under the new flag."""

from django.db import migrations


def forwards(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    Petition.objects.filter(kind="to_cao").update(identity_confidential=True)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_petition_identity_confidential")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
