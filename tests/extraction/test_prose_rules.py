"""Issue 13, unnumbered prose (a meeting's news, a conclusion written as paragraphs): who leads when no
item is numbered. Each rule with the sentence that motivated it; units of the corpus's register."""

from datetime import date

from extraction import extract_notice

TITLE = "Đẩy nhanh tiến độ triển khai Đề án 06 trên địa bàn tỉnh\n\n"


def read(body, units):
    return extract_notice(TITLE + body, units=units)


def lead(task):
    ref = task.lead_unit
    return ref.code or (f"group:{ref.group}" if ref.group else f"{ref.kind}:{ref.name}")


def test_the_speaker_who_asks_is_not_the_lead_the_unit_asked_is(units):
    (task,) = read(
        "Để hoàn thành các mục tiêu năm 2025, Phó Chủ tịch UBND tỉnh yêu cầu Công an tỉnh tiếp tục chủ trì, "
        "phối hợp với Sở Tư pháp đẩy nhanh tiến độ làm sạch dữ liệu hộ tịch, hoàn thành trước ngày 30/10/2025.",
        units,
    ).tasks
    assert lead(task) == "congan"
    assert [u.code for u in task.coordinating_units] == ["so-tuphap"]
    assert task.deadline == date(2025, 10, 30)
    assert "Phó Chủ tịch" not in task.content


def test_the_speaker_also_asks_another_unit(units):
    (task,) = read(
        "Phó Chủ tịch UBND tỉnh cũng đề nghị Bưu điện tỉnh phối hợp với UBND các xã, phường hỗ trợ người cao "
        "tuổi thực hiện dịch vụ công trực tuyến.",
        units,
    ).tasks
    assert lead(task) == "buudien"
    assert [lead_key for lead_key in (u.group for u in task.coordinating_units)] == ["communes"]


def test_a_topic_names_the_addressee_of_a_request_that_names_no_one(units):
    (task,) = read(
        "Đối với UBND các xã, phường, Phó Chủ tịch UBND tỉnh đề nghị quan tâm bố trí nhân lực tại bộ phận một "
        "cửa; phấn đấu đến hết năm 2025 tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 60%.",
        units,
    ).tasks
    assert lead(task) == "group:communes"
    assert task.deadline == date(2025, 12, 31)


def test_a_unit_that_is_given_a_task_leads_it(units):
    (task,) = read(
        "Sở Tài chính được giao cân đối, bố trí kinh phí cho các nhiệm vụ của Đề án 06 trong dự toán năm 2026.",
        units,
    ).tasks
    assert lead(task) == "so-taichinh"
    assert task.content.startswith("Cân đối, bố trí kinh phí")
    assert task.deadline is None


def test_chairing_the_meeting_and_speaking_are_not_orders(units):
    extraction = read(
        "Chiều ngày 20/8/2025, đồng chí Lê Minh Tâm, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp nghe báo cáo tiến "
        "độ triển khai Đề án 06.\n\nPhát biểu kết luận, Phó Chủ tịch UBND tỉnh nhấn mạnh vai trò của dữ liệu.\n\n"
        "Sở Y tế có trách nhiệm chỉ đạo các cơ sở khám bệnh, chữa bệnh triển khai sổ sức khỏe điện tử.",
        units,
    )
    assert [lead(t) for t in extraction.tasks] == ["so-yte"]
    assert extraction.shape == "prose"


def test_giao_after_the_speaker(units):
    (task,) = read(
        "Đồng chí giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Trung tâm Phục vụ hành chính công tỉnh rà "
        "soát, nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính trong tháng 9/2025.",
        units,
    ).tasks
    assert (lead(task), [u.code for u in task.coordinating_units]) == ("so-khcn", ["tt-phvhcc"])
    assert task.deadline == date(2025, 9, 30)


def test_prose_content_is_less_sure_than_a_numbered_item(units):
    (task,) = read("Sở Y tế có trách nhiệm triển khai sổ sức khỏe điện tử.", units).tasks
    assert task.field_confidence["content"] < 1.0
    assert task.origin == "prose"


def test_a_topic_with_an_order_in_the_imperative(units):
    (task,) = read(
        "Về phía Sở Tài chính, cần ưu tiên bố trí nguồn lực cho các dự án chuyển đổi số trọng điểm.", units
    ).tasks
    assert lead(task) == "so-taichinh"
    assert task.content.startswith("Cần ưu tiên bố trí nguồn lực") or task.content.startswith(
        "Ưu tiên bố trí"
    )


def test_the_closing_formula_of_a_prose_notice_is_not_an_order(units):
    extraction = read(
        "Văn phòng UBND tỉnh theo dõi, đôn đốc các đơn vị thực hiện.\n\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        units,
    )
    assert [t.content for t in extraction.tasks] == ["Theo dõi, đôn đốc các đơn vị thực hiện."]


def test_a_speaker_who_reminds_a_unit_gives_it_the_order(units):
    (task,) = read(
        "Phó Chủ tịch UBND tỉnh cũng lưu ý UBND các xã, phường tạo điều kiện về mặt bằng cho doanh nghiệp lắp đặt "
        "trạm phát sóng.",
        units,
    ).tasks
    assert lead(task) == "group:communes"


def test_a_periodic_report_after_a_comma_is_a_recurring_task_of_its_own(units):
    tasks = read(
        "Sở Khoa học và Công nghệ có trách nhiệm làm đầu mối theo dõi tiến độ phát triển hạ tầng số, hằng quý "
        "báo cáo UBND tỉnh.",
        units,
    ).tasks
    assert [(lead(t), t.recurrence) for t in tasks] == [("so-khcn", None), ("so-khcn", "quarterly")]


def test_a_dated_account_of_the_meeting_is_not_an_order(units):
    extraction = read(
        "Sáng 06/3/2026, Sở Khoa học và Công nghệ tổ chức giao ban chuyển đổi số tháng 3 với các sở, ngành.\n\n"
        "Trung tâm Chuyển đổi số tỉnh được giao theo dõi, tổng hợp kết quả ký số, báo cáo tại giao ban tháng 4.",
        units,
    )
    assert [(lead(t), t.deadline) for t in extraction.tasks] == [("tt-cds", date(2026, 4, 30))]
