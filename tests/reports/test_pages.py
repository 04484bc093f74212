"""The /reports/ page: list and request form, progress polled by htmx, download checked by policy."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports import services
from reports.choices import ReportStatus
from reports.models import Report


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def running(db):
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=45)
    return report


@pytest.fixture
def done(db):
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE, progress=100, file=report.file.name, page_count=3
    )
    return report


@pytest.mark.parametrize("who", ["office", "committee", "admin"])
def test_list_is_open_to_office_committee_admin(client, personas, who):
    response = _client(client, personas[who]).get(reverse("reports:report_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["lead", "staff", "other_lead"])
def test_list_is_refused_to_unit_users(client, personas, who):
    assert _client(client, personas[who]).get(reverse("reports:report_list")).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("reports:report_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_shows_progress_polled_every_second(client, committee, running):
    html = _client(client, committee).get(reverse("reports:report_list")).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert reverse("reports:report_status", args=[running.pk]) in html
    assert "45%" in html


def test_status_fragment_stops_polling_when_done(client, committee, running):
    c = _client(client, committee)
    url = reverse("reports:report_status", args=[running.pk])
    assert 'hx-trigger="every 1s"' in c.get(url).content.decode()
    Report.objects.filter(pk=running.pk).update(status=ReportStatus.FAILED, error="OSError: đĩa đầy")
    html = c.get(url).content.decode()
    assert "every 1s" not in html and "OSError: đĩa đầy" in html


def test_download_refused_to_unit_lead_allowed_to_committee(client, lead, committee, done):
    url = reverse("reports:report_download", args=[done.pk])
    assert _client(client, lead).get(url).status_code == 403
    client.logout()
    response = _client(client, committee).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        "attachment" in response["Content-Disposition"]
        and "bao-cao-cds-2022-Q1.pdf" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_download_of_an_unfinished_report_is_404(client, committee, running):
    assert (
        _client(client, committee).get(reverse("reports:report_download", args=[running.pk])).status_code
        == 404
    )


def test_office_requests_a_report_and_it_is_built(
    client, office, dataset, django_capture_on_commit_callbacks
):
    c = _client(client, office)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("reports:report_list"), {"part": "Q1", "year": "2022", "plan": "", "number": ""}
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.created_by == office and report.status == ReportStatus.DONE and report.file
    html = c.get(reverse("reports:report_list")).content.decode()
    assert reverse("reports:report_download", args=[report.pk]) in html


def test_a_bad_period_is_refused_with_a_message(client, office):
    response = _client(client, office).post(reverse("reports:report_list"), {"part": "Q9", "year": "2022"})
    assert response.status_code == 200 and not Report.objects.exists()


def test_list_page_runs_a_bounded_number_of_queries(
    client, committee, small_plan, django_assert_max_num_queries
):
    c = _client(client, committee)
    services.report_create(period="2022-Q1", today=date(2022, 3, 31), plan=small_plan)
    c.get(reverse("reports:report_list"))  # warm the session and the actor
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("reports:report_list"))
    for month in range(2, 11):  # the plan was issued on 01/02/2022: January is refused
        services.report_create(period=f"2022-{month:02d}", today=date(2022, 10, 1), plan=small_plan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("reports:report_list"))


def test_a_failed_report_can_be_built_again(client, committee, dataset, django_capture_on_commit_callbacks):
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="OSError: hết chỗ")
    c = _client(client, committee)
    assert (
        reverse("reports:report_retry", args=[report.pk])
        in c.get(reverse("reports:report_list")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(reverse("reports:report_retry", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == ""


def test_retry_is_refused_to_a_unit_lead(client, lead, running):
    assert _client(client, lead).post(reverse("reports:report_retry", args=[running.pk])).status_code == 403
