"""The three groups orders are most often addressed to, each with the key the notice assistant gives
the addressee (extraction/groups.py), so that an order to "các sở, ban, ngành" finds its group."""

from django.db import migrations

GROUPS = [
    {
        "key": "departments",
        "name": "Các sở, ban, ngành tỉnh",
        "description": "Mọi sở, ban, ngành cấp tỉnh đang hoạt động.",
        "membership_kind": "by_kind",
        "unit_kind": "department",
    },
    {
        "key": "communes",
        "name": "UBND các xã, phường",
        "description": "Ủy ban nhân dân mọi xã, phường, đặc khu đang hoạt động.",
        "membership_kind": "by_kind",
        "unit_kind": "commune",
    },
    {
        "key": "mass_orgs",
        "name": "Các đoàn thể",
        "description": "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh.",
        "membership_kind": "by_kind",
        "unit_kind": "mass_org",
    },
]


def seed(apps, schema_editor):
    UnitGroup = apps.get_model("units", "UnitGroup")
    for row in GROUPS:
        if not UnitGroup.objects.filter(key=row["key"]).exists():
            UnitGroup.objects.get_or_create(name=row["name"], defaults=row)


def unseed(apps, schema_editor):
    UnitGroup = apps.get_model("units", "UnitGroup")
    UnitGroup.objects.filter(key__in=[g["key"] for g in GROUPS], tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0003_unit_groups")]

    operations = [migrations.RunPython(seed, unseed)]
