"""Issue 13: the reading does not depend on how the items are numbered (1. / 1) / a) / - / +), on the
spacing and line ends, nor on the Unicode form of the diacritics (NFC or NFD, as some editors save).
A property test: any such rendering of the same orders gives the same tasks."""

import string
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extraction import extract_notice
from extraction.normalize import fold
from extraction.quality import corpus_units

UNITS = corpus_units()
HEADER = (
    "UBND TỈNH ĐỒNG THÁP\nVĂN PHÒNG\nSố: 12/TB-VPUBND\nĐồng Tháp, ngày 10 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
    "Kết luận của Chủ tịch UBND tỉnh\n\nChủ tịch UBND tỉnh kết luận như sau:"
)
ORDERS = [
    "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ tham mưu ban hành Kế hoạch chuyển đổi số, "
    "trình UBND tỉnh trước ngày 15/9/2025.",
    "Sở Tài chính tham mưu bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số, hoàn thành trong tháng 10/2025.",
    "Các sở, ban, ngành, UBND các xã, phường cập nhật dữ liệu vào hệ thống đánh giá DTI trước ngày 15/10/2025.",
    "Công an tỉnh phối hợp với Sở Tư pháp làm sạch dữ liệu hộ tịch; hằng tháng báo cáo kết quả về Sở Khoa học "
    "và Công nghệ.",
]
STYLES = ["{n}.", "{n})", "{a})", "-", "+", "{n}. "]


def render(style: str, newline: str, space: str, form: str) -> str:
    lines = []
    for n, order in enumerate(ORDERS, start=1):
        marker = style.format(n=n, a=string.ascii_lowercase[n - 1])
        lines.append(f"{marker}{space}{order.replace(' ', space) if space != ' ' else order}")
    text = HEADER + newline + newline.join(lines) + newline
    return unicodedata.normalize(form, text)


def reading(text: str):
    out = []
    for task in extract_notice(text, units=UNITS).tasks:
        lead = task.lead_unit
        out.append(
            (
                lead.code or f"group:{lead.group}",
                sorted(u.code or f"group:{u.group}" for u in task.coordinating_units),
                task.deadline,
                task.recurrence,
                " ".join(fold(task.content).split()),
            )
        )
    return out


EXPECTED = reading(render("{n}.", "\n", " ", "NFC"))


def test_the_reference_rendering_is_read_right():
    assert [(lead, deadline, recurrence) for lead, _, deadline, recurrence, _ in EXPECTED] == [
        ("so-khcn", date(2025, 9, 15), None),
        ("so-taichinh", date(2025, 10, 31), None),
        ("group:departments", date(2025, 10, 15), None),
        ("group:communes", date(2025, 10, 15), None),
        ("congan", None, None),
        ("congan", None, "monthly"),
    ]


@settings(max_examples=60, deadline=None)
@given(
    style=st.sampled_from(STYLES),
    newline=st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]),
    space=st.sampled_from([" ", "  ", "\u00a0", " \u00a0"]),
    form=st.sampled_from(["NFC", "NFD"]),
)
def test_numbering_spacing_and_unicode_form_do_not_change_the_reading(style, newline, space, form):
    assert reading(render(style, newline, space, form)) == EXPECTED
