"""Issue 13, documents of central bodies: the national catalogue (the 2025 Government: 14 ministries and 3
ministry-level agencies, with the pre-2025 names as aliases), leaders' titles standing for their body,
the groups central documents address, and catalogue bodies proposed as new units of kind "central"."""

import pytest

from extraction import KnownUnit, extract_notice
from extraction.catalogue import CATALOGUE, MINISTRY, MINISTRY_LEVEL
from extraction.units import UnitMatcher

VPCP = (
    "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 10/TB-VPCP\nHà Nội, ngày 02 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
    "Kết luận của Thủ tướng Chính phủ\n\nThủ tướng Chính phủ kết luận như sau:\n\n"
)


def only(body, units):
    tasks = extract_notice(VPCP + body, units=units).tasks
    assert len(tasks) == 1, [(t.item, t.content) for t in tasks]
    return tasks[0]


def test_the_2025_government_has_14_ministries_and_3_ministry_level_agencies():
    assert sum(1 for b in CATALOGUE if b.kind == MINISTRY) == 14
    assert {b.name for b in CATALOGUE if b.kind == MINISTRY_LEVEL} == {
        "Ngân hàng Nhà nước Việt Nam",
        "Thanh tra Chính phủ",
        "Văn phòng Chính phủ",
    }
    assert len({b.key for b in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize(
    "written, body",
    [
        ("Bộ Tài chính", "Bộ Tài chính"),
        ("BTC", "Bộ Tài chính"),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),  # merged into Bộ Tài chính in 2025
        ("Bộ TT&TT", "Bộ Khoa học và Công nghệ"),  # merged into Bộ Khoa học và Công nghệ
        ("Bộ GTVT", "Bộ Xây dựng"),
        ("Bộ NN&PTNT", "Bộ Nông nghiệp và Môi trường"),
        ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Ngân hàng Nhà nước", "Ngân hàng Nhà nước Việt Nam"),
    ],
)
def test_catalogue_names_short_forms_and_former_names(written, body):
    (mention,) = UnitMatcher([]).analyse(f"{written} chủ trì thực hiện.").mentions
    assert (mention.kind, mention.name, mention.body.unit_kind) == ("new", body, "central")


def test_a_body_the_register_holds_is_the_registers_unit_under_every_catalogue_name(units):
    matcher = UnitMatcher(units)  # the register holds "Bộ Khoa học và Công nghệ" (code bo-khcn) only by name
    for written in ("Bộ Thông tin và Truyền thông", "BKHCN"):
        (mention,) = matcher.analyse(f"{written} hướng dẫn.").mentions
        assert (mention.kind, mention.unit.code, mention.rule) == ("unit", "bo-khcn", "catalogue"), written
    (mention,) = matcher.analyse("Bộ KH&CN hướng dẫn.").mentions  # the register's own short form, derived
    assert (mention.unit.code, mention.rule) == ("bo-khcn", "variant")


def test_a_body_the_register_lacks_is_proposed_as_a_new_central_unit(units):
    task = only(
        "1. Bộ Công an chủ trì, phối hợp với Bộ KH&CN kết nối dữ liệu dân cư trong Quý IV năm 2025.\n", units
    )
    assert (task.lead_unit.kind, task.lead_unit.name, task.lead_unit.new_kind) == (
        "new",
        "Bộ Công an",
        "central",
    )
    assert [u.code for u in task.coordinating_units] == ["bo-khcn"]
    assert task.shape == "central"


@pytest.mark.parametrize(
    "sentence, lead",
    [
        ("Bộ trưởng Bộ Tài chính chỉ đạo rà soát thủ tục hành chính.", "Bộ Tài chính"),
        (
            "Thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo đẩy mạnh thanh toán không dùng tiền mặt.",
            "Ngân hàng Nhà nước Việt Nam",
        ),
        ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện.", "Văn phòng Chính phủ"),
        ("Tổng Thanh tra Chính phủ chỉ đạo thanh tra công vụ.", "Thanh tra Chính phủ"),
    ],
)
def test_an_order_to_a_leaders_title_goes_to_the_body(units, sentence, lead):
    assert only(f"1. {sentence}\n", units).lead_unit.name == lead


def test_provincial_leaders_titles_resolve_to_the_registers_units(units):
    extraction = extract_notice(
        "1. Chủ tịch UBND tỉnh chỉ đạo các sở triển khai Kế hoạch.\n"
        "2. Giám đốc Sở Y tế chỉ đạo triển khai bệnh án điện tử.\n",
        units=units,
    )
    assert [t.lead_unit.code for t in extraction.tasks] == ["ubnd-tinh", "so-yte"]


@pytest.mark.parametrize(
    "sentence, group",
    [
        ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ rà soát dịch vụ công trực tuyến.", "ministries"),
        (
            "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương chỉ đạo số hóa hồ sơ.",
            "provinces",
        ),
    ],
)
def test_groups_of_central_documents(units, sentence, group):
    task = only(f"1. {sentence}\n", units)
    assert (task.lead_unit.kind, task.lead_unit.group) == ("group", group)


def test_a_budget_qualified_yearly_is_not_a_recurrence(units):
    task = only(
        "1. Chủ tịch UBND các tỉnh, thành phố trực thuộc trung ương bố trí kinh phí tối thiểu 3% tổng chi "
        "ngân sách địa phương hằng năm.\n",
        units,
    )
    assert (task.recurrence, task.deadline_kind) == (None, "none")


def test_a_central_document_is_recognised_by_its_issuing_body(units):
    extraction = extract_notice(
        VPCP + "1. Bộ Y tế triển khai bệnh án điện tử trước ngày 31/12/2025.\n", units=units
    )
    assert extraction.shape == "central"
    assert extraction.shape_label == "văn bản của cơ quan trung ương"


def test_a_learned_alias_reaches_the_matcher_as_an_alias():
    unit = KnownUnit(id=1, code="so-khcn", name="Sở Khoa học và Công nghệ", aliases=("Sở KHCN&ĐMST",))
    (mention,) = UnitMatcher([unit]).analyse("Sở KHCN&ĐMST chủ trì.").mentions
    assert (mention.unit.code, mention.rule, mention.confidence) == ("so-khcn", "alias", 0.95)


def test_bodies_named_by_their_leaders_titles_in_one_list_all_lead(units):
    extraction = extract_notice(
        VPCP
        + "1. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các "
        "tỉnh, thành phố trực thuộc trung ương rà soát quy trình, hoàn thành trước ngày 31/12/2025.\n",
        units=units,
    )
    assert [t.lead_unit.group for t in extraction.tasks] == ["ministries", "provinces"]


def test_a_speaker_after_a_topic_is_not_listed_with_it(units):
    (task,) = extract_notice(
        "Đối với UBND các xã, phường, Phó Chủ tịch UBND tỉnh đề nghị bố trí nhân lực tại bộ phận một cửa.",
        units=units,
    ).tasks
    assert task.lead_unit.group == "communes"


def test_the_addressee_named_in_the_introduction_leads_the_items_that_name_no_one(units):
    text = (
        "BỘ KHOA HỌC VÀ CÔNG NGHỆ\n\nSố: 4120/BKHCN-CĐSQG\nHà Nội, ngày 05 tháng 11 năm 2025\n\n"
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.\n\n"
        "Bộ Khoa học và Công nghệ đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương thực hiện "
        "các nội dung sau:\n\n"
        "1. Chỉ đạo các sở, ban, ngành tự đánh giá chỉ số chuyển đổi số, hoàn thành trước ngày 31/01/2026.\n\n"
        "2. Giao Sở Khoa học và Công nghệ làm đầu mối tổng hợp số liệu của địa phương.\n"
    )
    tasks = extract_notice(text, units=units).tasks
    assert [(t.item, t.lead_unit.group or t.lead_unit.code) for t in tasks] == [
        ("1", "provinces"),
        ("2", "so-khcn"),
    ]


def test_a_party_body_that_leads_and_directs_is_given_the_order(units):
    task = only(
        "1. Đảng ủy Chính phủ lãnh đạo, chỉ đạo hoàn thiện cơ chế đặc thù, hoàn thành trong Quý II/2026.\n",
        units,
    )
    assert (task.lead_unit.name, task.lead_unit.new_kind) == ("Đảng ủy Chính phủ", "central")
