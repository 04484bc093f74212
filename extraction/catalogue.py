"""The national catalogue: central bodies a document may address, with their short forms and their names
before the 2025 reorganisation (pure data, in catalogue.json beside this module; no database).

The Government as organised by Resolution 176/2025/QH15 (from 01/03/2025): 14 ministries and 3
ministry-level agencies. Merged ministries keep their former names as aliases, so that an older
document's "Bộ TT&TT" is read as the body that carries its duties now (Bộ Khoa học và Công nghệ).
Also: the Government's own bodies and agencies, the Party's central bodies, the National Assembly's
bodies, the state's and the central mass organisations.

The engine uses the catalogue alongside the province's register (extraction.units.UnitMatcher): a
body the register holds (same name or short form) is the register's unit, and the catalogue only adds
its other names; a body the register does not hold is proposed as a new unit of kind "central", for
the clerk to accept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MINISTRY = "ministry"
MINISTRY_LEVEL = "ministry_level"
GOVERNMENT = "government"  # the Government, the Prime Minister, their steering committees
GOVERNMENT_AGENCY = "government_agency"  # cơ quan thuộc Chính phủ, and other central agencies
PARTY = "party"
NATIONAL_ASSEMBLY = "national_assembly"
STATE = "state"
MASS_ORG = "mass_org"
ENTERPRISE = "enterprise"

CENTRAL = "central"  # the kind of unit a catalogue body becomes (dtsystem.units.choices.UnitKind.CENTRAL)


@dataclass(frozen=True)
class CentralBody:
    key: str
    name: str
    kind: str
    short_forms: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()  # before the 2025 mergers (now this body's duties)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_forms, *self.former_names)

    @property
    def unit_kind(self) -> str:
        return ENTERPRISE if self.kind == ENTERPRISE else CENTRAL


def _load() -> tuple[CentralBody, ...]:
    data = json.loads((Path(__file__).with_name("catalogue.json")).read_text(encoding="utf-8"))
    return tuple(
        CentralBody(
            key=row["key"],
            name=row["name"],
            kind=row["kind"],
            short_forms=tuple(row.get("short_forms", ())),
            former_names=tuple(row.get("former_names", ())),
        )
        for row in data["bodies"]
    )


CATALOGUE: tuple[CentralBody, ...] = _load()

# Leaders' titles: an order to "Bộ trưởng Bộ Tài chính", "Thống đốc Ngân hàng Nhà nước", "Chủ tịch UBND
# tỉnh", "Giám đốc Sở ..." is an order to the body (folded words). A title that shares words with its body
# ("Tổng Thanh tra Chính phủ") is a short form of the body instead.
LEADER_TITLES = (
    ("bo", "truong", ",", "chu", "nhiem"),
    ("bo", "truong", ",", "thu", "truong"),
    ("bo", "truong"),
    ("thu", "truong"),
    ("thong", "doc"),
    ("tong", "giam", "doc"),
    ("chu", "nhiem"),
    ("chanh", "an"),
    ("vien", "truong"),
)


def by_key() -> dict[str, CentralBody]:
    return {body.key: body for body in CATALOGUE}


__all__ = ["CATALOGUE", "CENTRAL", "LEADER_TITLES", "CentralBody", "by_key"]
