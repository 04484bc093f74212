"""Tasks of conclusion notices (TB) were given at a meeting; the chair's title tells who gave them."""

from django.db import migrations


def backfill(apps, schema_editor):
    Task = apps.get_model("directives", "Task")
    Document = apps.get_model("directives", "Document")
    Task.objects.filter(document__kind="TB").update(source_kind="meeting")
    for doc in Document.objects.exclude(chair_title="").only("id", "chair", "chair_title"):
        title = doc.chair_title.lower()
        if "phó chủ tịch" in title:
            Task.objects.filter(document_id=doc.pk, issuer="").update(
                issuer="vice_chairman", issuer_name=doc.chair[:128]
            )
        elif "chủ tịch" in title:
            Task.objects.filter(document_id=doc.pk, issuer="").update(issuer="chairman", issuer_name=doc.chair[:128])


class Migration(migrations.Migration):
    dependencies = [("directives", "0008_task_parent_kind_group_issuer")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
