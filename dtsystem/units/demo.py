"""Demo data of the organisation: the province's units from fixtures/units.json."""

import json

from django.conf import settings

from .services import units_load

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


def load_units() -> dict:
    rows = json.loads((FIXTURES_DIR / "units.json").read_text(encoding="utf-8"))
    created, updated = units_load(rows=rows)
    return {"units_created": created, "units_updated": updated}
