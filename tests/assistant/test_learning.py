"""Issue 13: the assistant learns from the clerk's corrections. A unit corrected once, with "Ghi nhớ"
ticked, is proposed right in the next document (the engine gets the name through KnownUnit.aliases) and
in imports (dtsystem.units.matching.UnitMatcher reads the aliases); every proposed field saved is
recorded (FieldReview) so the quality is measured from real use."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistant.choices import ReviewedField
from assistant.models import FieldReview
from assistant.selectors import known_units
from directives.models import Document
from dtsystem.units.matching import UnitMatcher as ImportMatcher
from dtsystem.units.models import Unit
from dtsystem.units.services import unit_alias_add
from extraction import extract_notice
from tests.support.forms import flat, form_data, with_issuing_body

URL = "/documents/assistant/"
NOTICE = (
    "UBND TỈNH ĐỒNG THÁP\nVĂN PHÒNG\n\nSố: {n}/TB-VPUBND\nĐồng Tháp, ngày 10 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
    "Kết luận của Chủ tịch UBND tỉnh tại phiên họp số {n}\n\nChủ tịch UBND tỉnh kết luận như sau:\n\n"
    "1. Sở KHCN&ĐMST chủ trì xây dựng kho dữ liệu dùng chung của tỉnh, hoàn thành trong Quý IV/2025.\n\n"
    "2. Sở Y tế triển khai bệnh án điện tử trước ngày 30/9/2025.\n"
)


@pytest.fixture
def units(db):
    khcn = Unit.objects.create(code="so-khcn", name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN")
    yte = Unit.objects.create(code="so-yte", name="Sở Y tế")
    return {"khcn": khcn, "yte": yte}


def review_data(client, n: int) -> dict[str, list[str]]:
    response = client.post(URL, {"step": "read", "text": NOTICE.format(n=n)})
    assert response.status_code == 200
    return with_issuing_body(form_data(response.content.decode()))


def row_prefix(data, item: str) -> str:
    return next(k.rsplit("-", 1)[0] for k, v in data.items() if k.endswith("-item") and v == [item])


def test_a_unit_corrected_once_is_proposed_right_in_the_next_document(client, office, units):
    client.force_login(office)
    first = review_data(client, 1)
    prefix = row_prefix(first, "1")
    # the assistant does not know "Sở KHCN&ĐMST": it proposes a unit to create, with the name as written
    assert first[f"{prefix}-lead_unit"] == [""]
    assert first[f"{prefix}-lead_text"] == ["Sở KHCN&ĐMST"]

    first[f"{prefix}-lead_unit"] = [str(units["khcn"].pk)]  # the clerk corrects the unit ...
    first[f"{prefix}-save_alias"] = ["on"]  # ... and asks the assistant to remember the name
    assert client.post(URL, flat(first)).status_code == 302

    units["khcn"].refresh_from_db()
    assert "Sở KHCN&ĐMST" in units["khcn"].aliases
    second = review_data(client, 2)  # the next document with the same text
    prefix = row_prefix(second, "1")
    assert second[f"{prefix}-lead_unit"] == [str(units["khcn"].pk)]
    assert ImportMatcher().match("Sở KHCN&ĐMST") == units["khcn"]  # imports read the aliases too


def test_without_the_tick_nothing_is_learned(client, office, units):
    client.force_login(office)
    data = review_data(client, 1)
    prefix = row_prefix(data, "1")
    data[f"{prefix}-lead_unit"] = [str(units["khcn"].pk)]
    assert client.post(URL, flat(data)).status_code == 302
    units["khcn"].refresh_from_db()
    assert units["khcn"].aliases == []


def test_every_proposed_field_saved_is_recorded_as_kept_or_corrected(client, office, units):
    client.force_login(office)
    data = review_data(client, 3)
    one, two = row_prefix(data, "1"), row_prefix(data, "2")
    data[f"{one}-lead_unit"] = [str(units["khcn"].pk)]  # corrected (the assistant proposed a new unit)
    data[f"{two}-deadline_text"] = ["trước ngày 15/10/2025"]  # corrected
    assert client.post(URL, flat(data)).status_code == 302
    document = Document.objects.get()
    reviews = {(r.item, r.field): r for r in FieldReview.objects.filter(document=document)}
    assert reviews[("1", ReviewedField.LEAD)].accepted is False
    assert (reviews[("1", ReviewedField.LEAD)].before, reviews[("1", ReviewedField.LEAD)].after) == (
        "Sở KHCN&ĐMST",
        "Sở Khoa học và Công nghệ",
    )
    assert reviews[("1", ReviewedField.DEADLINE)].accepted is True
    assert reviews[("2", ReviewedField.LEAD)].accepted is True
    assert reviews[("2", ReviewedField.DEADLINE)].accepted is False
    assert reviews[("2", ReviewedField.DEADLINE)].after == "trước ngày 15/10/2025"
    assert all(r.user == office and r.shape == "numbered" for r in reviews.values())
    assert {r.field for r in reviews.values() if r.item == "2"} == set(ReviewedField.values)


def test_rows_removed_and_added_are_recorded(client, office, units):
    client.force_login(office)
    data = review_data(client, 4)
    one = row_prefix(data, "1")
    for key in [k for k in data if k.startswith(one + "-")]:
        del data[key]  # the clerk removed row 1
    total = int(data["tasks-TOTAL_FORMS"][0])
    data["tasks-TOTAL_FORMS"] = [str(total + 1)]
    data[f"tasks-{total}-order"] = ["9"]
    data[f"tasks-{total}-content"] = ["Báo cáo kết quả"]
    data[f"tasks-{total}-lead_unit"] = [str(units["yte"].pk)]
    assert client.post(URL, flat(data)).status_code == 302
    rows = FieldReview.objects.filter(field=ReviewedField.ROW)
    outcomes = {(r.item, r.accepted): (r.before[:15], r.after[:15]) for r in rows}
    assert outcomes == {
        ("", None): ("", "Báo cáo kết quả"),  # added by hand: not held against the assistant
        ("1", False): ("Xây dựng kho dữ", ""),  # removed
        ("2", True): ("Triển khai bệnh", "Triển khai bệnh"),  # kept
    }


def test_an_altered_proposal_is_not_measured_but_the_document_is_saved(client, office, units):
    client.force_login(office)
    data = review_data(client, 5)
    data["proposal"] = ["tampered"]
    for prefix in {k.rsplit("-", 1)[0] for k in data if k.endswith("-lead_unit")}:
        data[f"{prefix}-lead_unit"] = [str(units["yte"].pk)]
    assert client.post(URL, flat(data)).status_code == 302
    assert Document.objects.exists() and not FieldReview.objects.exists()


# --------------------------------------------------------------------------- unit_alias_add
def test_alias_of_another_units_name_is_refused(office, units):
    with pytest.raises(ValidationError) as caught:
        unit_alias_add(user=office, unit=units["yte"], alias="Sở KH và CN")  # = Sở KH&CN, written otherwise
    assert "Sở Khoa học và Công nghệ" in caught.value.messages[0]
    units["yte"].refresh_from_db()
    assert units["yte"].aliases == []


def test_an_alias_moves_to_the_unit_the_clerk_chose_last(office, units):
    unit_alias_add(user=office, unit=units["yte"], alias="Sở Sức khỏe")
    unit_alias_add(user=office, unit=units["khcn"], alias="Sở  Sức khoẻ")  # the same name, other spacing
    units["yte"].refresh_from_db()
    units["khcn"].refresh_from_db()
    assert (units["yte"].aliases, units["khcn"].aliases) == ([], ["Sở Sức khoẻ"])
    engine = [u for u in known_units() if u.code == "so-khcn"][0]
    (task,) = extract_notice("1. Sở Sức khỏe triển khai bệnh án điện tử.", units=known_units()).tasks
    assert "Sở Sức khoẻ" in engine.aliases and task.lead_unit.code == "so-khcn"
    assert "suc khoe" in units["khcn"].search_text  # the pickers find it too


def test_only_the_office_may_teach_a_name(lead, units):
    with pytest.raises(PermissionDenied):
        unit_alias_add(user=lead, unit=units["yte"], alias="Sở Sức khỏe")
