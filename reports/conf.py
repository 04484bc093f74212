"""What a report prints about who issues it, read from settings with the province's defaults.

Settings (all optional): REPORT_SUPERIOR_BODY, REPORT_ISSUING_BODY, REPORT_PLACE, REPORT_SYMBOL,
REPORT_AUTHORITY (list of lines), REPORT_SIGNER_NAME, REPORT_RECIPIENTS (list of lines); and how the
background build is handed over and watched: REPORT_HEARTBEAT_SECONDS, REPORT_LEASE_SECONDS,
REPORT_QUEUE_TIMEOUT_SECONDS, REPORT_MAX_ATTEMPTS, REPORT_BUILD_TIME_LIMIT (dtsystem/settings/base.py), and
REPORT_PDF_CHUNK_ROWS (table rows laid out at a time)."""

from datetime import timedelta

from django.conf import settings


def heartbeat_seconds() -> float:
    return float(getattr(settings, "REPORT_HEARTBEAT_SECONDS", 20))


def lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "REPORT_LEASE_SECONDS", 120))


def queue_timeout() -> timedelta:
    return timedelta(seconds=getattr(settings, "REPORT_QUEUE_TIMEOUT_SECONDS", 600))


def max_attempts() -> int:
    return max(1, int(getattr(settings, "REPORT_MAX_ATTEMPTS", 3)))


def pdf_chunk_rows() -> int:
    """Table rows a PDF report lays out at a time (its memory is bounded by this, not by the tasks)."""
    return max(20, int(getattr(settings, "REPORT_PDF_CHUNK_ROWS", 400)))


def build_time_limit() -> int:
    return int(getattr(settings, "REPORT_BUILD_TIME_LIMIT", 3600))


def province() -> str:
    return getattr(settings, "PROVINCE_NAME", "Đồng Tháp")


def superior_body() -> str:
    return getattr(settings, "REPORT_SUPERIOR_BODY", "")


def issuing_body() -> str:
    """Two lines, as Nghị định 30/2020 prints the name of a provincial People's Committee."""
    return getattr(settings, "REPORT_ISSUING_BODY", f"Ủy ban nhân dân\ntỉnh {province()}")


def place() -> str:
    return getattr(settings, "REPORT_PLACE", province())


def symbol() -> str:
    return getattr(settings, "REPORT_SYMBOL", "BC-UBND")


def authority() -> list[str]:
    return list(
        getattr(settings, "REPORT_AUTHORITY", ["TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch"])
    )


def signer_name() -> str:
    """The configured signer, else the Vice-Chairman who signed the province's latest document."""
    name = getattr(settings, "REPORT_SIGNER_NAME", "")
    if name:
        return name
    from django.db.models import Q

    from directives.models import Document

    # SQLite folds the case of ASCII letters only: match both spellings explicitly.
    title = Q(signer_title__contains="PHÓ CHỦ TỊCH") | Q(signer_title__contains="Phó Chủ tịch")
    body = Q(issuing_body_text__contains=province().upper()) | Q(issuing_body_text__contains=province())
    return (
        Document.objects.filter(title, body)
        .exclude(signer="")
        .order_by("-issue_date", "-id")
        .values_list("signer", flat=True)
        .first()
        or ""
    )


def recipients() -> list[str]:
    return list(
        getattr(
            settings,
            "REPORT_RECIPIENTS",
            [
                "Ban Chỉ đạo Chuyển đổi số tỉnh;",
                "CT, các PCT UBND Tỉnh;",
                "Thành viên BCĐ Chuyển đổi số tỉnh;",
                "Sở Thông tin và Truyền thông;",
                "Các Sở, ban, ngành Tỉnh;",
                "UBND huyện, thành phố;",
                "Lưu: VT, THVX.",
            ],
        )
    )
