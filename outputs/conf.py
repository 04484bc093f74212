"""Settings of the chase letter and the scorecards, with the province's defaults (all optional):

- CHASE_REPLY_WORKING_DAYS (5): the reply-by date is this many working days after the letter's date;
- CHASE_SOON_DAYS (7): the letter also lists the unit's open tasks due within this many days;
- CHASE_SUPERIOR_BODY ("UBND tỉnh <PROVINCE_NAME>"), CHASE_ISSUING_BODY ("Văn phòng"), CHASE_SYMBOL
  ("VP-KGVX"), CHASE_PLACE (PROVINCE_NAME), CHASE_AUTHORITY (["KT. Chánh Văn phòng", "Phó Chánh Văn
  phòng"]), CHASE_SIGNER_NAME (""), CHASE_RECIPIENTS (the "Nơi nhận" list after the addressee);
- SCORECARD_TREND_PERIODS (3): how many periods before the chosen one the trend shows."""

from django.conf import settings


def province() -> str:
    return getattr(settings, "PROVINCE_NAME", "Đồng Tháp")


def reply_working_days() -> int:
    return max(1, int(getattr(settings, "CHASE_REPLY_WORKING_DAYS", 5)))


def soon_days() -> int:
    return max(0, int(getattr(settings, "CHASE_SOON_DAYS", 7)))


def superior_body() -> str:
    return getattr(settings, "CHASE_SUPERIOR_BODY", f"UBND tỉnh {province()}")


def issuing_body() -> str:
    return getattr(settings, "CHASE_ISSUING_BODY", "Văn phòng")


def symbol() -> str:
    return getattr(settings, "CHASE_SYMBOL", "VP-KGVX")


def place() -> str:
    return getattr(settings, "CHASE_PLACE", province())


def authority() -> list[str]:
    return list(getattr(settings, "CHASE_AUTHORITY", ["KT. Chánh Văn phòng", "Phó Chánh Văn phòng"]))


def signer_name() -> str:
    return getattr(settings, "CHASE_SIGNER_NAME", "")


def recipients() -> list[str]:
    return list(
        getattr(
            settings,
            "CHASE_RECIPIENTS",
            ["CT, các PCT UBND tỉnh (để b/c);", "Lãnh đạo VP UBND tỉnh;", "Lưu: VT, KGVX."],
        )
    )


def trend_periods() -> int:
    return max(0, int(getattr(settings, "SCORECARD_TREND_PERIODS", 3)))
