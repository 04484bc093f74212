"""A conclusion notice must say who issued it (a unit of the list, or the name as printed): the page, the
API and the assistant's import all refuse one without, with the same Vietnamese message, saving nothing."""

import pytest
from django.core.exceptions import ValidationError

from assistant.services import document_create_from_extraction
from directives import services
from directives.models import Document, Task
from tests.support.directives import document_post, task_row_data

MESSAGE = "Thông báo kết luận phải có cơ quan ban hành"
HEADER = {"kind": "TB", "symbol": "TB-UBND", "issue_year": 2022, "title": "Kết luận về chuyển đổi số"}


def test_the_service_refuses_a_notice_without_issuing_body(office, own_unit):
    with pytest.raises(ValidationError) as caught:
        services.document_create(
            user=office, data=dict(HEADER), tasks=[{"content": "Việc", "lead_unit": own_unit}]
        )
    assert MESSAGE in str(caught.value.message_dict["issuing_unit"])
    assert not Document.objects.exists() and not Task.objects.exists()


@pytest.mark.parametrize("issuing", [{"issuing_body_text": "UBND TỈNH ĐỒNG THÁP"}, "unit"])
def test_a_unit_or_the_printed_name_is_enough(office, own_unit, issuing):
    data = {**HEADER, **(issuing if isinstance(issuing, dict) else {"issuing_unit": own_unit})}
    assert services.document_create(user=office, data=data).pk


def test_other_kinds_may_still_leave_it_empty(office):
    assert services.document_create(user=office, data={**HEADER, "kind": "CV"}).pk


def test_a_blank_printed_name_is_not_an_issuing_body(office):
    with pytest.raises(ValidationError):
        services.document_create(user=office, data={**HEADER, "issuing_body_text": "   "})


def test_the_page_shows_the_message_next_to_the_field_and_saves_nothing(client, office, own_unit):
    client.force_login(office)
    data = document_post(
        1,
        issuing_body_text="",
        **task_row_data(0, item="1", content="Việc", lead_unit=own_unit.pk, priority="2"),
    )
    response = client.post("/documents/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGE in html
    assert not Document.objects.exists()


def test_editing_a_notice_to_drop_its_issuing_body_is_refused(client, office, own_unit):
    from tests.support.directives import make_notice

    document = make_notice(office, own_unit)
    with pytest.raises(ValidationError):
        services.document_update(
            user=office,
            document=document,
            version=document.version,
            data={"issuing_body_text": "", "issuing_unit": None},
        )
    document.refresh_from_db()
    assert document.issuing_body_text


def test_the_api_answers_400_in_the_one_error_format(office):
    from tests.support.personas import api_client

    response = api_client(office).post("/api/v1/documents/", {**HEADER, "number": "5"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "errors"} and MESSAGE in " ".join(body["errors"]["issuing_unit"])
    assert not Document.objects.exists()


def test_the_assistant_import_is_refused_with_the_message(office, own_unit):
    row = {
        "item": "1",
        "content": "Triển khai nền tảng số",
        "lead_unit": own_unit,
        "coordinating_units": [],
        "deadline_text": "",
        "create_new_unit": False,
        "new_unit_name": "",
        "create_new_coordinating": False,
        "new_coordinating_names": [],
    }
    with pytest.raises(ValidationError) as caught:
        document_create_from_extraction(user=office, header=dict(HEADER), rows=[row])
    assert MESSAGE in str(caught.value)
    assert not Document.objects.exists()
