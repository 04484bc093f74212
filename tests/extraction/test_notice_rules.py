"""Issue 13, numbered notices: the general rules behind the misreadings of a notice the assistant had
never seen, each with the sentence that motivated it. Units: the corpus's register (a province after the
2025 reforms), in memory."""

from datetime import date

import pytest

from extraction import extract_notice

HEADER = (
    "UBND TỈNH ĐỒNG THÁP\nVĂN PHÒNG\n\nSố: 12/TB-VPUBND\nĐồng Tháp, ngày 10 tháng 9 năm 2025\n\n"
    "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại phiên họp Ban Chỉ đạo\n\n"
    "Chủ tịch UBND tỉnh kết luận như sau:\n\n"
)


def tasks_of(body, units):
    return extract_notice(HEADER + body, units=units).tasks


def leads(tasks):
    return [
        t.lead_unit.code or f"{t.lead_unit.kind}:{t.lead_unit.name}" if t.lead_unit else None for t in tasks
    ]


# --------------------------------------------------------------------------- assessment is not an order
def test_an_assessment_section_gives_no_task(units):
    body = (
        "1. Đánh giá chung\n\n"
        "Trong 7 tháng đầu năm 2025, các cơ quan, đơn vị đã triển khai tích cực các nhiệm vụ chuyển đổi số.\n\n"
        "Tuy nhiên, nhìn chung tiến độ số hóa hồ sơ còn chậm; Sở Nông nghiệp và Môi trường, Sở Xây dựng chưa "
        "hoàn thành việc cập nhật cơ sở dữ liệu chuyên ngành theo kế hoạch.\n\n"
        "2. Sở Tư pháp rà soát các quy định về thủ tục hành chính trước ngày 30/10/2025.\n"
    )
    assert leads(tasks_of(body, units)) == ["so-tuphap"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Chủ tịch UBND tỉnh ghi nhận, biểu dương Sở Khoa học và Công nghệ đã chủ động triển khai nhiệm vụ.",
        "Nhìn chung, Sở Y tế đã hoàn thành 90% chỉ tiêu bệnh án điện tử.",
        "Sở Xây dựng chưa hoàn thành việc cập nhật cơ sở dữ liệu chuyên ngành.",
        "Công an tỉnh đã triển khai hiệu quả việc làm sạch dữ liệu dân cư.",
        "Sở Nội vụ còn chậm trong việc bố trí công chức phụ trách chuyển đổi số.",
        "Đánh giá cao sự vào cuộc của Sở Tài chính trong bố trí kinh phí.",
    ],
)
def test_assessments_and_past_results_are_not_orders(units, sentence):
    assert (
        tasks_of(f"1. {sentence}\n\n2. Sở Tư pháp rà soát các quy định trước ngày 30/10/2025.\n", units)[
            0
        ].lead_unit.code
        == "so-tuphap"
    )
    assert len(tasks_of(f"1. {sentence}\n", units)) == 0


def test_a_title_in_capitals_is_not_an_order(units):
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025\n\n"
        "Sở Y tế triển khai bệnh án điện tử trước ngày 30/9/2025.\n"
    )
    assert leads(extract_notice(text, units=units).tasks) == ["so-yte"]


# --------------------------------------------------------------------------- a cited title's year
@pytest.mark.parametrize(
    "sentence",
    [
        "Sở Xây dựng triển khai Chương trình chuyển đổi số ngành xây dựng đến năm 2030, tầm nhìn đến năm 2045.",
        "Sở Khoa học và Công nghệ tham mưu triển khai Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia đến năm 2030.",
        "Sở Nội vụ triển khai Đề án phát triển nguồn nhân lực số đến năm 2030 trên địa bàn tỉnh.",
    ],
)
def test_a_year_in_a_cited_title_is_not_a_deadline(units, sentence):
    (task,) = tasks_of(f"1. {sentence}\n", units)
    assert (task.deadline, task.deadline_text) == (None, "")


def test_a_real_deadline_after_a_cited_title_is_kept(units):
    (task,) = tasks_of(
        "1. Sở Khoa học và Công nghệ trình Kế hoạch thực hiện Chiến lược dữ liệu đến năm 2030 trước ngày "
        "15/9/2025.\n",
        units,
    )
    assert task.deadline == date(2025, 9, 15)
    (task,) = tasks_of("1. Sở Nội vụ hoàn thành Đề án vị trí việc làm trong năm 2025.\n", units)
    assert task.deadline == date(2025, 12, 31)


# --------------------------------------------------------------------------- unit names end at a clause
def test_an_unknown_units_name_ends_at_its_verb_not_inside_a_word(units):
    (task,) = tasks_of(
        "1. Trung tâm Xúc tiến Thương mại và Đầu tư tỉnh xây dựng sàn thương mại điện tử, vận hành trong "
        "năm 2025.\n",
        units,
    )
    assert task.lead_unit.kind == "new"
    assert task.lead_unit.name == "Trung tâm Xúc tiến Thương mại và Đầu tư"
    assert task.content.startswith("Xây dựng sàn thương mại điện tử")


# --------------------------------------------------------------------------- never twice
def test_an_item_is_never_proposed_twice(units):
    body = (
        "1. Sở Y tế:\n"
        "- Triển khai bệnh án điện tử tại các bệnh viện công lập trước ngày 30/9/2025.\n"
        "- Triển khai bệnh án điện tử tại các bệnh viện công lập trước ngày 30/9/2025.\n"
    )
    assert len(tasks_of(body, units)) == 1


# --------------------------------------------------------------------------- coordination named only
def test_coordinating_units_only_where_the_text_names_them(units):
    body = (
        "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ tham mưu ban hành Kế hoạch trước ngày "
        "15/9/2025.\n\n"
        "2. Sở Tài chính tham mưu bố trí kinh phí, hoàn thành trong tháng 10/2025.\n\n"
        "3. Sở Xây dựng triển khai Chương trình chuyển đổi số ngành; báo cáo kết quả về Sở Khoa học và Công "
        "nghệ để tổng hợp.\n"
    )
    tasks = tasks_of(body, units)
    assert [[u.code for u in t.coordinating_units] for t in tasks] == [["so-noivu"], [], []]


def test_a_conditional_request_for_feedback_is_not_an_order(units):
    tasks = tasks_of(
        "1. Sở Y tế triển khai bệnh án điện tử trước ngày 30/9/2025.\n\n"
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Khoa học và "
        "Công nghệ để tổng hợp, báo cáo UBND tỉnh xem xét./.\n",
        units,
    )
    assert leads(tasks) == ["so-yte"]


def test_a_report_due_at_a_months_meeting_has_that_month_as_deadline(units):
    (task,) = tasks_of(
        "3. Văn phòng UBND tỉnh theo dõi, tổng hợp kết quả thực hiện; báo cáo Chủ tịch UBND tỉnh tại cuộc họp "
        "tháng 01 năm 2026.\n",
        units,
    )
    assert (task.deadline, task.deadline_text) == (date(2026, 1, 31), "tháng 01 năm 2026")


def test_a_topic_title_is_not_joined_with_the_order_under_it(units):
    (task,) = tasks_of(
        "3. Về chế độ báo cáo\nUBND các xã, phường báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước "
        "ngày 10 hằng tháng.\n",
        units,
    )
    assert (task.lead_unit.group, task.recurrence) == ("communes", "monthly")
