"""The grammar the assistant reads, sentence by sentence: deadlines and recurrence in context, unit
names and their variants, unknown units and groups, who leads and who coordinates, and the outline
(headings, bullets, closing deadline lines). Units are in memory: no database."""

from datetime import date

import pytest

from extraction import KnownUnit, extract_notice
from extraction.quality import fixture_units
from extraction.units import GROUP, NEW, UNIT, UnitMatcher

HEADER = "Số: 12/TB-UBND\nĐồng Tháp, ngày 10 tháng 3 năm 2022\n\nTHÔNG BÁO\nKết luận về chuyển đổi số\n\n"


@pytest.fixture(scope="module")
def units():
    return fixture_units()


@pytest.fixture(scope="module")
def matcher(units):
    return UnitMatcher(units)


def tasks_of(body: str, units, *, header: str = HEADER):
    return extract_notice(header + body, units=units).tasks


def only(body: str, units, **kw):
    tasks = tasks_of(body, units, **kw)
    assert len(tasks) == 1, [(t.item, t.content) for t in tasks]
    return tasks[0]


def lead(task):
    return task.lead_unit.code or f"{task.lead_unit.kind}:{task.lead_unit.name}"


def coords(task):
    return [u.code or f"{u.kind}:{u.name}" for u in task.coordinating_units]


# --------------------------------------------------------------------------- deadlines in context
@pytest.mark.parametrize(
    "sentence, text, due, kind",
    [
        (
            "hoàn thành trước ngày 25 tháng 01 năm 2022.",
            "trước ngày 25 tháng 01 năm 2022",
            date(2022, 1, 25),
            "day",
        ),
        (
            "trình UBND tỉnh **trước ngày 28/02/2022** để xem xét.",
            "trước ngày 28/02/2022",
            date(2022, 2, 28),
            "day",
        ),
        ("báo cáo UBND tỉnh trước ngày 30/6/2022.", "trước ngày 30/6/2022", date(2022, 6, 30), "day"),
        ("hoàn thành trong Quý I năm 2022.", "trong Quý I năm 2022", date(2022, 3, 31), "quarter"),
        ("hoàn thành trong quý 2/2022.", "trong quý 2/2022", date(2022, 6, 30), "quarter"),
        ("triển khai thực hiện trong năm 2023.", "trong năm 2023", date(2023, 12, 31), "year"),
        ("đưa vào sử dụng chính thức từ **tháng 9/2022**.", "từ tháng 9/2022", date(2022, 9, 30), "month"),
        (
            "báo cáo kết quả *trước ngày 15/9*.",
            "trước ngày 15/9",
            date(2022, 9, 15),
            "day",
        ),  # the notice's year
        ("hoàn thành chậm nhất ngày 15/11/2022.", "chậm nhất ngày 15/11/2022", date(2022, 11, 15), "day"),
        ("hoàn thành trong 6 tháng đầu năm 2022.", "trong 6 tháng đầu năm 2022", date(2022, 6, 30), "month"),
        ("đưa vào vận hành cuối năm 2023.", "cuối năm 2023", date(2023, 12, 31), "year"),
        ("hoàn thành, thời hạn: Quý IV năm 2022.", "Quý IV năm 2022", date(2022, 12, 31), "quarter"),
        ("xây dựng kế hoạch, xong trước 30/11/2022.", "trước 30/11/2022", date(2022, 11, 30), "day"),
    ],
)
def test_deadline_phrases_in_a_sentence(units, sentence, text, due, kind):
    task = only(f"1. Sở Y tế xây dựng kế hoạch ứng dụng hồ sơ sức khỏe điện tử, {sentence}", units)
    assert (task.deadline_text, task.deadline, task.deadline_kind, task.recurrence) == (text, due, kind, None)


def test_deadline_sentence_thoi_gian_hoan_thanh_closes_the_item(units):
    task = only(
        "1. Sở Y tế hoàn chỉnh đề án, trình UBND tỉnh. Thời gian hoàn thành trong tháng 02 năm 2022.", units
    )
    assert (task.deadline_text, task.deadline) == ("trong tháng 02 năm 2022", date(2022, 2, 28))
    assert "Thời gian hoàn thành" not in task.content


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở Y tế triển khai Thông báo số 33/TB-UBND ngày 24/01/2022 của UBND tỉnh.",
        "Sở Y tế hoàn chỉnh danh mục nhiệm vụ trong năm 2022 và các năm tiếp theo.",
        "Sở Y tế nghiên cứu triển khai Chương trình giai đoạn 2021-2025.",
        "Sở Y tế hoàn chỉnh Chương trình công tác năm 2022, trình UBND tỉnh.",
        "Sở Y tế cân đối dự toán đã bố trí năm 2022 để triển khai.",
        "Sở Y tế thực hiện theo Quyết định số 186/QĐ-BTTTT ngày 11/02/2022 của Bộ Thông tin và Truyền thông.",
        "Sở Y tế khẩn trương xây dựng đề án chuyển đổi số của ngành.",
    ],
)
def test_dates_that_are_not_deadlines(units, sentence):
    task = only(f"1. {sentence}", units)
    assert (task.deadline_text, task.deadline, task.deadline_kind) == ("", None, "none")


def test_time_adverbial_opening_the_sentence_is_a_year_deadline(units):
    task = only("1. Quan điểm\nVì vậy, năm 2022, Sở Y tế phải tập trung số hóa hồ sơ bệnh án.", units)
    assert (task.deadline_text, task.deadline, task.deadline_kind) == ("năm 2022", date(2022, 12, 31), "year")


def test_a_date_without_a_year_takes_the_year_of_the_notice(units):
    header = HEADER.replace("năm 2022", "năm 2024")
    task = only("1. Sở Y tế báo cáo kết quả trước ngày 30/6.", units, header=header)
    assert task.deadline == date(2024, 6, 30)


# --------------------------------------------------------------------------- recurrence
@pytest.mark.parametrize(
    "sentence, recurrence, text",
    [
        ("Hằng năm, tổ chức hội thảo về chuyển đổi số.", "yearly", "Hằng năm"),
        ("Tổ chức giao ban chuyển đổi số hàng tháng.", "monthly", "hàng tháng"),
        ("Tổ chức tập huấn ít nhất 01 lần/năm.", "yearly", "ít nhất 01 lần/năm"),
        ("Định kỳ hằng quý báo cáo UBND tỉnh.", "quarterly", "Định kỳ hằng quý"),
        ("Báo cáo kết quả về Sở TTTT trước ngày 25 hằng tháng.", "monthly", "trước ngày 25 hằng tháng"),
    ],
)
def test_recurring_duties(units, sentence, recurrence, text):
    task = only(f"1. Sở Y tế:\n- {sentence}", units)
    assert (task.recurrence, task.deadline_kind, task.deadline, task.deadline_text) == (
        recurrence,
        "recurring",
        None,
        text,
    )


def test_a_budget_qualified_hang_nam_is_not_a_recurrence(units):
    task = only("1. Sở Tài chính tham mưu bố trí kinh phí theo khả năng cân đối ngân sách hàng năm.", units)
    assert task.recurrence is None and task.deadline_kind == "none"


def test_a_recurring_clause_is_split_from_the_one_off_duty_and_keeps_no_closing_deadline(units):
    tasks = tasks_of(
        "1. Về kiểm tra\nSở Nội vụ:\n"
        "- Bổ sung Kế hoạch kiểm tra cải cách hành chính; hằng năm, tổ chức tập huấn ít nhất 01 lần/năm.\n"
        "- Hoàn chỉnh quy chế phối hợp.\n"
        "Thời gian hoàn thành trước ngày 24 tháng 01 năm 2022.",
        units,
    )
    assert [(t.item, lead(t), t.deadline, t.recurrence) for t in tasks] == [
        ("1.1", "so-noivu", date(2022, 1, 24), None),
        ("1.1", "so-noivu", None, "yearly"),
        ("1.2", "so-noivu", date(2022, 1, 24), None),
    ]


# --------------------------------------------------------------------------- unit names
@pytest.mark.parametrize(
    "written, code",
    [
        ("Sở Thông tin và Truyền thông", "so-tttt"),
        ("Sở TT&TT", "so-tttt"),
        ("Sở TTTT", "so-tttt"),
        ("Sở TT và TT", "so-tttt"),
        ("Sở Thông tin - Truyền thông", "so-tttt"),
        ("Văn phòng UBND Tỉnh", "vp-ubnd-dt"),
        ("VP UBND tỉnh", "vp-ubnd-dt"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "vp-ubnd-dt"),
        ("Công an Tỉnh", "congan-tinh"),
        ("Tỉnh Đoàn", "tinh-doan"),
        ("Tỉnh đoàn", "tinh-doan"),
        ("Ủy ban nhân dân tỉnh", "ubnd-dt"),
        ("UBND Tỉnh", "ubnd-dt"),
        ("Sở KH&ĐT", "so-khdt"),
        ("Sở KH và ĐT", "so-khdt"),
        ("Sở LĐ-TB&XH", "so-ldtbxh"),
        ("Sở Văn hoá, Thể thao và Du lịch", "so-vhttdl"),
        ("UBND TP. Cao Lãnh", "ubnd-tp-caolanh"),
        ("UBND TP Cao Lãnh", "ubnd-tp-caolanh"),
        ("Ủy ban nhân dân huyện Tháp Mười", "ubnd-h-thapmuoi"),
        ("Trung tâm CNTT&TT", "tt-cntt-tt"),
    ],
)
def test_unit_name_variants(matcher, written, code):
    mentions = matcher.analyse(f"Giao {written} phối hợp triển khai.").mentions
    assert [(m.kind, m.unit.code) for m in mentions] == [(UNIT, code)]
    assert mentions[0].text == written


def test_longest_name_wins(matcher):
    text = "Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi và Trung tâm Công nghệ thông tin và Truyền thông"
    assert [m.unit.code for m in matcher.analyse(text).mentions] == ["bcd-cds-quangngai", "tt-cntt-tt"]


def test_common_words_are_not_units(matcher):
    text = "Trên cơ sở y tế của xã, bãi cát ven sông và cơ sở dữ liệu, Trung tâm là đơn vị sự nghiệp."
    assert matcher.analyse(text).mentions == []


def test_short_forms_are_derived_for_units_without_aliases():
    units = [
        KnownUnit(id=1, code="vh", name="Sở Văn hóa, Thể thao và Du lịch"),
        KnownUnit(id=2, code="dp", name="Ủy ban nhân dân huyện Đức Phổ"),
        KnownUnit(id=3, code="tt", name="Sở Thông tin và Truyền thông"),
    ]
    found = UnitMatcher(units).analyse("Sở VHTTDL, UBND huyện Đức Phổ và Sở TT&TT")
    assert [m.unit.code for m in found.mentions] == ["vh", "dp", "tt"]


@pytest.mark.parametrize(
    "written",
    [
        "các sở, ban, ngành",
        "các Sở, ban, ngành Tỉnh",
        "UBND các huyện, thành phố",
        "UBND các huyện, thị xã, thành phố",
        "Ủy ban nhân dân huyện, thành phố",
        "các cơ quan, đơn vị, địa phương có liên quan",
        "các Bộ, ngành Trung ương",
    ],
)
def test_group_phrases_are_kept_as_groups(matcher, written):
    mentions = matcher.analyse(f"Đề nghị {written} triển khai.").mentions
    assert [(m.kind, m.text) for m in mentions] == [(GROUP, written)]


@pytest.mark.parametrize(
    "written",
    [
        "Sở Ngoại vụ",
        "Ban Quản lý các khu công nghiệp",
        "UBND huyện Đức Phổ",
        "Viettel Bình Định",
        "Viễn thông Bình Định",
    ],
)
def test_unknown_units_are_proposed_for_creation(matcher, written):
    mentions = matcher.analyse(f"Giao {written} chủ trì triển khai.").mentions
    assert [(m.kind, m.name) for m in mentions] == [(NEW, written)]


def test_shared_head_lists_expand_to_one_unit_each(matcher):
    mentions = matcher.analyse("lãnh đạo các Sở: Tài chính, Kế hoạch và Đầu tư, Nội vụ").mentions
    assert [m.unit.code for m in mentions] == ["so-taichinh", "so-khdt", "so-noivu"]


def test_an_unknown_lead_becomes_a_task_with_a_unit_to_create(units):
    task = only("1. Sở Ngoại vụ chủ trì, phối hợp với Sở TT&TT xây dựng cổng thông tin đối ngoại.", units)
    assert (task.lead_unit.kind, task.lead_unit.name, task.lead_unit.unit) == (NEW, "Sở Ngoại vụ", None)
    assert coords(task) == ["so-tttt"]


# --------------------------------------------------------------------------- lead and coordinating
@pytest.mark.parametrize(
    "sentence, expected_lead, expected_coords",
    [
        (
            "Sở TT&TT chủ trì, phối hợp với Sở Nội vụ và Sở Tài chính xây dựng Đề án.",
            "so-tttt",
            ["so-noivu", "so-taichinh"],
        ),
        ("Văn phòng UBND tỉnh phối hợp với Sở TTTT hoàn chỉnh nội dung.", "vp-ubnd-dt", ["so-tttt"]),
        ("Giao Sở Y tế chủ trì, phối hợp với Công an Tỉnh triển khai.", "so-yte", ["congan-tinh"]),
        ("Đề nghị Tỉnh Đoàn phối hợp với Sở GDĐT tổ chức cuộc thi.", "tinh-doan", ["so-gddt"]),
        (
            "Yêu cầu Sở Tư pháp chủ trì, phối hợp UBND các huyện, thành phố làm sạch dữ liệu.",
            "so-tuphap",
            ["group:UBND các huyện, thành phố"],
        ),
        ("Trên cơ sở ý kiến góp ý, Sở Xây dựng hoàn chỉnh dự thảo.", "so-xaydung", []),
        (
            "Sở TTTT hoàn chỉnh đề xuất, gửi lấy ý kiến Công an Tỉnh; trình UBND tỉnh xem xét.",
            "so-tttt",
            ["congan-tinh"],
        ),
        (
            "Sở TTTT hoàn chỉnh đề xuất, trình UBND tỉnh trước ngày 28/02/2022, gửi Sở Tài chính tổng hợp.",
            "so-tttt",
            ["so-taichinh"],
        ),
        ("Sở TTTT tổng hợp, báo cáo Tỉnh ủy và gửi UBND tỉnh.", "so-tttt", []),
        ("Công an tỉnh là cơ quan thường trực, có trách nhiệm đôn đốc các đơn vị.", "congan-tinh", []),
    ],
)
def test_lead_and_coordinating_units(units, sentence, expected_lead, expected_coords):
    task = only(f"1. {sentence}", units)
    assert (lead(task), coords(task)) == (expected_lead, expected_coords)


def test_office_holders_act_for_their_unit_and_a_named_person_is_not_a_unit(units):
    tasks = tasks_of(
        "1. Giám đốc Sở Y tế chỉ đạo các bệnh viện triển khai bệnh án điện tử.\n"
        "2. Chủ tịch UBND các huyện, thành phố chịu trách nhiệm về kết quả số hóa.\n"
        "3. Phó Chủ tịch UBND tỉnh Trần Văn Hai chủ trì các cuộc họp giao ban.",
        units,
    )
    assert [(t.item, lead(t)) for t in tasks] == [("1", "so-yte"), ("2", "group:UBND các huyện, thành phố")]


def test_units_named_as_equal_doers_give_one_task_each(units):
    tasks = tasks_of(
        "1. Sở Nông nghiệp và Phát triển nông thôn, Sở Giáo dục và Đào tạo, Sở Y tế căn cứ Nghị quyết của "
        "Tỉnh ủy chủ động phối hợp với Sở TTTT xây dựng Đề án chuyển đổi số của ngành.",
        units,
    )
    assert [(t.item, lead(t), coords(t)) for t in tasks] == [
        ("1", "so-nnptnt", ["so-tttt"]),
        ("1", "so-gddt", ["so-tttt"]),
        ("1", "so-yte", ["so-tttt"]),
    ]


def test_giao_x_chi_dao_z_heading(units):
    tasks = tasks_of(
        "3. Liên quan đến Trung tâm CNTT&TT, giao Sở TTTT chỉ đạo Trung tâm CNTT&TT:\n"
        "a) Rà soát các nhiệm vụ ứng dụng công nghệ thông tin.\n"
        "b) Trung tâm xây dựng Phương án tự chủ, báo cáo UBND tỉnh trước ngày 30/6/2022.",
        units,
    )
    assert [(t.item, lead(t), coords(t), t.deadline) for t in tasks] == [
        ("3.a", "so-tttt", ["tt-cntt-tt"], None),
        ("3.b", "so-tttt", ["tt-cntt-tt"], date(2022, 6, 30)),
    ]


def test_heading_with_roles_gives_its_units_to_the_bullets(units):
    tasks = tasks_of(
        "6. Nhiệm vụ khác\na) Sở TTTT phối hợp với VP UBND tỉnh:\n- Tham mưu kiện toàn Ban Chỉ đạo.\n"
        "- Tham mưu ban hành Quy chế hoạt động.\n- Thời gian hoàn thành trước ngày 15 tháng 02 năm 2022.\n"
        "b) Sở KH&ĐT bố trí vốn cho dự án.",
        units,
    )
    assert [(t.item, lead(t), coords(t), t.deadline) for t in tasks] == [
        ("6.a.1", "so-tttt", ["vp-ubnd-dt"], date(2022, 2, 15)),
        ("6.a.2", "so-tttt", ["vp-ubnd-dt"], date(2022, 2, 15)),
        ("6.b", "so-khdt", [], None),
    ]


def test_plan_section_with_a_unit_heading_per_number(units):
    header = "Số: 58/KH-UBND\nVĩnh Long, ngày 15 tháng 3 năm 2023\n\nKẾ HOẠCH\nChuyển đổi số năm 2023\n\n"
    tasks = tasks_of(
        "I. MỤC TIÊU\n- Tăng cường kết nối mạng cho 100% xã.\nII. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Thông tin và Truyền thông\n- Chủ trì triển khai Kế hoạch.\n- Phối hợp với Sở Nội vụ tập huấn kỹ năng số.\n"
        "2. Sở Tài chính: Bố trí kinh phí theo quy định.\n"
        "3. Các sở, ban, ngành; UBND các huyện, thành phố\n- Xây dựng kế hoạch của đơn vị trước ngày 31/3/2023.\n"
        "III. KINH PHÍ\n- Giao Sở Y tế lập dự toán.",
        units,
        header=header,
    )
    assert [(t.item, lead(t), coords(t)) for t in tasks] == [
        ("II.1.1", "so-tttt", []),
        ("II.1.2", "so-tttt", ["so-noivu"]),
        ("II.2", "so-taichinh", []),
        ("II.3.1", "group:Các sở, ban, ngành", []),
        ("II.3.1", "group:UBND các huyện, thành phố", []),
    ]
    assert tasks[-1].deadline == date(2023, 3, 31)


# --------------------------------------------------------------------------- what is not a task
def test_opinions_titles_and_prose_without_a_doer_are_not_tasks(units):
    tasks = tasks_of(
        "I. ĐÁNH GIÁ CHUNG\nGhi nhận sự nỗ lực của các sở, ngành.\n"
        "1. Về ngày Chuyển đổi số\n- Thống nhất chọn ngày 10 tháng 10 hằng năm là Ngày Chuyển đổi số.\n"
        "- Sở TTTT hoàn chỉnh đề xuất, trình UBND tỉnh.\n"
        "2. Đánh giá cao kết quả Sở Y tế đã đạt được. Chuyển đổi số là xu hướng tất yếu.\n"
        "3. UBND tỉnh đánh giá cao sự phối hợp của Sở GDĐT.\n"
        "Văn phòng UBND tỉnh thông báo để các đơn vị biết, thực hiện./.",
        units,
    )
    assert [(t.item, lead(t)) for t in tasks] == [("I", "so-tttt")]  # the only task of section I


def test_an_order_without_a_doer_goes_to_the_main_addressee(units):
    tasks = tasks_of(
        "1. Sở Công Thương hoàn thiện sàn thương mại điện tử.\n2. Sở Công Thương hỗ trợ doanh nghiệp.\n"
        "3. Sở Y tế triển khai bệnh án điện tử.\n4. Nhiệm vụ khác\n- Ưu tiên bố trí kinh phí cho sàn giao dịch.",
        units,
    )
    assert (tasks[-1].item, lead(tasks[-1])) == ("4", "so-congthuong")


def test_an_order_without_a_doer_and_no_clear_addressee_is_proposed_without_a_lead(units):
    tasks = tasks_of(
        "1. Sở Công Thương hoàn thiện sàn.\n2. Sở Y tế triển khai bệnh án.\n3. Ưu tiên bố trí kinh phí.",
        units,
    )
    assert (tasks[-1].item, tasks[-1].lead_units, tasks[-1].as_contract()["lead_units"]) == ("3", [], [])


# --------------------------------------------------------------------------- outline
def test_sub_bullets_describing_one_deliverable_belong_to_it_and_a_milestone_is_tracked(units):
    tasks = tasks_of(
        "4. Về Trung tâm\na) Sở TTTT hoàn thiện Đề án; trong đó, lưu ý các nội dung sau:\n"
        "- Về tên của Trung tâm: Trình 02 phương án, gồm:\n+ Phương án 1: Trung tâm giám sát\n+ Phương án 2: Trung tâm CĐS.\n"
        "- Về tiến độ: Trung tâm đưa vào hoạt động trong Quý I năm 2022.\n"
        "- Thời gian hoàn thành trước ngày 25 tháng 01 năm 2022.\n"
        "b) Sở Xây dựng lắp đặt hệ thống điện.",
        units,
    )
    assert [(t.item, lead(t), t.deadline) for t in tasks] == [
        ("4.a", "so-tttt", date(2022, 1, 25)),
        ("4.a.2", "so-tttt", date(2022, 3, 31)),
        ("4.b", "so-xaydung", None),
    ]
    assert "Phương án 2" in tasks[0].content and "Về tiến độ" in tasks[0].content


def test_a_closing_deadline_applies_to_the_bullets_of_its_block_only(units):
    tasks = tasks_of(
        "2. Về dịch vụ công\n- Sở Tư pháp rà soát quy trình;\n- Sở Nội vụ hướng dẫn số hóa hồ sơ;\n"
        "Các nội dung trên hoàn thành *trong tháng 9/2022*.\n3. Sở Y tế triển khai bệnh án điện tử.",
        units,
    )
    assert [(t.item, t.deadline) for t in tasks] == [
        ("2.1", date(2022, 9, 30)),
        ("2.2", date(2022, 9, 30)),
        ("3", None),
    ]


def test_a_deadline_ending_a_paragraph_applies_to_every_doer_of_the_paragraph(units):
    tasks = tasks_of(
        "1. Về hạ tầng\nSở Công Thương rà soát các chợ. Sở Xây dựng cập nhật bản đồ số. "
        "Thời gian hoàn thành: trước ngày 31/8.",
        units,
    )
    assert [(t.item, lead(t), t.deadline_text, t.deadline) for t in tasks] == [
        ("1", "so-congthuong", "trước ngày 31/8", date(2022, 8, 31)),
        ("1", "so-xaydung", "trước ngày 31/8", date(2022, 8, 31)),
    ]


def test_an_item_with_a_single_task_keeps_the_items_number(units):
    tasks = tasks_of("1. Về ngày hội\n- Thống nhất tổ chức ngày hội.\n- Sở VHTTDL xây dựng kế hoạch.", units)
    assert [t.item for t in tasks] == ["1"]


def test_hard_wrapped_lines_are_joined(units):
    task = only(
        "1. Sở Kế hoạch và\nĐầu tư phối hợp với Sở Tài chính tham mưu Ủy ban\nnhân dân tỉnh bố trí kinh phí.",
        units,
    )
    assert (lead(task), coords(task)) == ("so-khdt", ["so-taichinh"])
    assert task.content == "Tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí."


def test_spans_index_the_input_even_with_windows_newlines_and_decomposed_accents(units):
    import unicodedata

    body = "1. Sở Y tế triển khai bệnh án điện tử trước ngày 30/6/2022."
    text = unicodedata.normalize("NFD", (HEADER + body).replace("\n", "\r\n"))
    task = extract_notice(text, units=units).tasks[0]
    assert lead(task) == "so-yte" and task.deadline == date(2022, 6, 30)
    for span in task.source:
        assert text[span.start : span.end] == span.text
    assert unicodedata.normalize("NFC", task.source_text) == body


def test_bold_item_markers(units):
    tasks = tasks_of(
        "**1. Về bệnh án điện tử**\n- Sở Y tế triển khai bệnh án điện tử.\n**2.** Sở GDĐT số hóa học bạ.",
        units,
    )
    assert [(t.item, lead(t)) for t in tasks] == [("1", "so-yte"), ("2", "so-gddt")]


def test_text_without_a_header_or_numbering(units):
    tasks = extract_notice(
        "Giao Sở Y tế chủ trì triển khai bệnh án điện tử trong Quý III/2022.", units=units
    ).tasks
    assert [(t.item, lead(t), t.deadline) for t in tasks] == [("1", "so-yte", date(2022, 9, 30))]


def test_empty_text_gives_no_tasks(units):
    extraction = extract_notice("", units=units)
    assert (extraction.tasks, extraction.kind, extraction.title) == ([], "", "")
