"""Contributions through the pages and the API: the coordinating unit's form and "Ý kiến phối hợp" page,
the lead's progress report that includes contributions, the JSON errors of bad input, and query counts
that stay flat as the lists grow."""

from datetime import date

import pytest
from django.urls import reverse

from directives import services
from directives.models import Contribution, InputRequest, ProgressReport, Task
from tests.support.directives import make_notice
from tests.support.files import pdf

pytestmark = pytest.mark.django_db


def make_task(office, lead_unit, coord_unit, n=1):
    rows = [
        {
            "item": str(i + 1),
            "content": f"Nhiệm vụ phối hợp số {i + 1}",
            "lead_unit": lead_unit,
            "coordinating_units": [coord_unit],
            "deadline_text": "trước ngày 15/02/2022",
        }
        for i in range(n)
    ]
    return list(make_notice(office, lead_unit, tasks=rows).tasks.order_by("position"))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def task(office, own_unit, coord_unit):
    return make_task(office, own_unit, coord_unit)[0]


# ------------------------------------------------------------------------------------------------ pages


def test_the_coordinating_unit_sends_from_the_task_page(client, task, coord_lead):
    client.force_login(coord_lead)
    page = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
    assert "Gửi ý kiến phối hợp" in page and "Hạn góp ý: 08/02/2022" in page
    response = client.post(
        reverse("directives:contribution_create", args=[task.pk]),
        {"text": "Đề nghị bổ sung số liệu.", "files": pdf()},
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Đã gửi ý kiến phối hợp" in page and "Đề nghị bổ sung số liệu." in page
    assert Contribution.objects.get().attachments.count() == 1


def test_an_empty_contribution_shows_the_message(client, task, coord_lead):
    client.force_login(coord_lead)
    response = client.post(reverse("directives:contribution_create", args=[task.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "Hãy nhập ý kiến phối hợp hoặc đính kèm tệp." in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_closed_task_refuses_and_says_why(client, task, coord_lead):
    Task.objects.filter(pk=task.pk).update(status="cancelled")
    client.force_login(coord_lead)
    page = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
    assert "Gửi ý kiến phối hợp</button>" not in page and "không nhận thêm ý kiến phối hợp" in page
    response = client.post(reverse("directives:contribution_create", args=[task.pk]), {"text": "Muộn"})
    assert response.status_code == 409
    assert "không nhận thêm ý kiến phối hợp" in response.content.decode()


def test_the_lead_sees_and_includes_contributions(client, task, lead, coord_lead):
    contribution = services.contribution_submit(user=coord_lead, task=task, text="Số liệu quy hoạch.")
    client.force_login(lead)
    page = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
    assert "Số liệu quy hoạch." in page and "Đính kèm ý kiến phối hợp" in page
    response = client.post(
        reverse("directives:task_report_progress", args=[task.pk]),
        {"percent": "30", "note": "Đã tổng hợp", "contributions": [str(contribution.pk)]},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert list(report.contributions.all()) == [contribution]
    page = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
    assert "Kèm ý kiến phối hợp của" in page


def test_a_foreign_contribution_id_is_refused_on_the_page(client, task, lead):
    client.force_login(lead)
    response = client.post(
        reverse("directives:task_report_progress", args=[task.pk]),
        {"percent": "30", "contributions": ["999999"]},
    )
    assert response.status_code == 400
    assert "không thuộc nhiệm vụ này" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_inputs_page_lists_my_units_requests(client, office, own_unit, coord_unit, coord_lead, lead):
    make_task(office, own_unit, coord_unit, n=3)
    client.force_login(coord_lead)
    page = client.get(reverse("directives:input_request_list")).content.decode()
    assert page.count('class="input-request"') == 3 and "08/02/2022" in page and "Chờ ý kiến" in page
    client.force_login(lead)  # the lead unit owes nothing: its "mine" view is empty, "all" shows the requests
    assert (
        'class="input-request"' not in client.get(reverse("directives:input_request_list")).content.decode()
    )
    page = client.get(reverse("directives:input_request_list") + "?view=all").content.decode()
    assert page.count('class="input-request"') == 3


def test_inputs_page_bounded_filters(client, task, coord_lead):
    client.force_login(coord_lead)
    for query in ("?status=bogus", "?view=nothing", "?page=999999999999999999999"):
        assert client.get(reverse("directives:input_request_list") + query).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_inputs_page_queries_do_not_grow(
    client, office, own_unit, coord_unit, coord_lead, n, django_assert_num_queries
):
    make_task(office, own_unit, coord_unit, n=n)
    client.force_login(coord_lead)
    client.get(reverse("directives:input_request_list"))  # warm the session and the actor
    with django_assert_num_queries(QUERIES["page"]):
        response = client.get(reverse("directives:input_request_list"))
    assert response.content.decode().count('class="input-request"') == n


QUERIES = {"page": 6, "api": 4}


@pytest.mark.parametrize("n", [2, 12])
def test_api_list_queries_do_not_grow(
    api, office, own_unit, coord_unit, coord_lead, n, django_assert_num_queries
):
    make_task(office, own_unit, coord_unit, n=n)
    client = api(coord_lead)
    with django_assert_num_queries(QUERIES["api"]):
        response = client.get("/api/v1/input-requests/?mine=1")
    assert response.status_code == 200 and len(response.json()["results"]) == n


# -------------------------------------------------------------------------------------------------- API


def test_api_sends_and_reads(api, task, coord_lead, lead, coord_unit):
    response = api(coord_lead).post(
        f"/api/v1/tasks/{task.pk}/contributions/",
        {"text": "Ý kiến qua API", "files": [pdf()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["id"] == coord_unit.pk and body["text"] == "Ý kiến qua API"
    assert len(body["attachments"]) == 1
    listing = api(lead).get(f"/api/v1/tasks/{task.pk}/contributions/").json()
    assert listing[0]["status"] == "submitted" and listing[0]["due_date"] == "2022-02-08"
    requests = api(coord_lead).get("/api/v1/input-requests/?mine=1&status=submitted").json()["results"]
    assert [r["task"] for r in requests] == [task.pk]


def test_api_bad_input(api, task, coord_lead, lead):
    empty = api(coord_lead).post(f"/api/v1/tasks/{task.pk}/contributions/", {"text": ""}, format="json")
    assert empty.status_code == 400 and "text" in empty.json()["errors"]
    assert "Hãy nhập ý kiến phối hợp" in str(empty.json())
    bad_status = api(coord_lead).get("/api/v1/input-requests/?status=nope")
    assert bad_status.status_code == 400 and "status" in bad_status.json()["errors"]
    refused = api(lead).post(f"/api/v1/tasks/{task.pk}/contributions/", {"text": "x"}, format="json")
    assert refused.status_code == 403 and "không phải đơn vị phối hợp" in refused.json()["message"]
    Task.objects.filter(pk=task.pk).update(status="done", completed_on=date(2022, 2, 1))
    closed = api(coord_lead).post(f"/api/v1/tasks/{task.pk}/contributions/", {"text": "x"}, format="json")
    assert closed.status_code == 409 and "không nhận thêm ý kiến phối hợp" in closed.json()["message"]
    assert not Contribution.objects.exists()


def test_api_progress_report_includes_contributions(api, task, coord_lead, lead):
    contribution = services.contribution_submit(user=coord_lead, task=task, text="Ý kiến")
    response = api(lead).post(
        f"/api/v1/tasks/{task.pk}/report-progress/",
        {"percent": 20, "contributions": [contribution.pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert list(ProgressReport.objects.get().contributions.all()) == [contribution]
    wrong = api(lead).post(
        f"/api/v1/tasks/{task.pk}/report-progress/", {"percent": 30, "contributions": [999999]}, format="json"
    )
    assert wrong.status_code == 400 and "contributions" in wrong.json()["errors"]


def test_input_request_status_on_task_creation_through_the_api(api, office, task, own_unit, coord_unit):
    response = api(office).post(
        "/api/v1/tasks/",
        {
            "document": task.document_id,
            "content": "Nhiệm vụ mới qua API",
            "lead_unit": own_unit.pk,
            "coordinating_units": [coord_unit.pk],
            "deadline_text": "trong 10 ngày làm việc kể từ ngày 20/01/2022",
        },
        format="json",
    )
    assert response.status_code == 201
    created = InputRequest.objects.get(task_id=response.json()["id"])
    # the task is due 10/02/2022; 5 working days before: 03/02 and earlier are Tết → Thu 27/01/2022
    assert created.due_date == date(2022, 1, 27)
