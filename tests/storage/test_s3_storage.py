"""Evidence, KPI evidence and report PDFs in S3 object storage (a real SeaweedFS server): the files land in the
bucket, never on the local disk, and come back only through the permission-checked downloads."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from directives import services as directive_services
from reports import services as report_services
from reports.choices import ReportStatus
from tests.support.directives import make_notice

EVIDENCE = b"%PDF-1.4\n% bien ban hop trien khai\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _local_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def task(office, own_unit):
    return make_notice(office, own_unit).tasks.get()


def test_evidence_is_stored_in_the_bucket_and_downloaded_only_by_who_may_see_the_task(
    client, s3_storage, settings, task, lead, other_lead
):
    upload = SimpleUploadedFile("biên bản họp.pdf", EVIDENCE, content_type="application/pdf")
    report = directive_services.task_report_progress(
        task=task, user=lead, percent=30, note="Đã họp", files=[upload]
    )
    attachment = report.attachments.get()
    key = f"media/{attachment.file.name}"
    assert key in s3_storage.keys("media/")
    assert s3_storage.client().get_object(Bucket=s3_storage.bucket, Key=key)["Body"].read() == EVIDENCE
    assert _local_files(settings.MEDIA_ROOT) == []

    url = reverse("directives:attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 302  # anonymous: the login page
    client.force_login(other_lead)
    assert client.get(url).status_code == 404  # another unit's lead may not see the task
    client.force_login(lead)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE
    assert "attachment" in response["Content-Disposition"]
    assert "X-Amz" not in response.get("Location", "")  # streamed by the app, no pre-signed URL handed out


def test_a_report_pdf_is_stored_in_the_bucket_and_streamed_to_the_committee(
    client, s3_storage, settings, committee, lead
):
    report = report_services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    built = report_services.report_build(report=report)
    assert built.status == ReportStatus.DONE
    key = f"media/{built.file.name}"
    assert key in s3_storage.keys("media/")
    stored = s3_storage.client().get_object(Bucket=s3_storage.bucket, Key=key)["Body"].read()
    assert stored.startswith(b"%PDF")
    assert _local_files(settings.MEDIA_ROOT) == []

    url = reverse("reports:report_download", args=[built.pk])
    client.force_login(lead)
    assert client.get(url).status_code == 403
    client.force_login(committee)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored


@pytest.mark.django_db
def test_ready_with_the_bucket(client, s3_storage):
    with override_settings(REDIS_URL=""):
        response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["storage"]["backend"] == "s3"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"bucket_name": "dt-no-such-bucket"}, {"secret_key": "wrong-secret"}],
    ids=["no bucket", "bad key"],
)
def test_not_ready_when_the_bucket_is_missing_or_refuses_the_key(client, s3_server, settings, change):
    settings.STORAGES = s3_server.storages(**change)
    with override_settings(REDIS_URL=""):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["status"] == "failing"


def test_an_object_missing_from_the_bucket_is_a_404_not_a_server_error(client, s3_storage, task, lead):
    upload = SimpleUploadedFile("minh-chung.pdf", EVIDENCE, content_type="application/pdf")
    report = directive_services.task_report_progress(task=task, user=lead, percent=10, files=[upload])
    attachment = report.attachments.get()
    s3_storage.client().delete_object(Bucket=s3_storage.bucket, Key=f"media/{attachment.file.name}")
    client.force_login(lead)
    response = client.get(reverse("directives:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404


def test_kpi_evidence_goes_to_the_bucket_and_a_missing_object_is_a_404(
    client, s3_storage, settings, own_unit, lead
):
    from kpis.services import kpi_measurement_record
    from tests.support.world import make_plan, make_target

    target = make_target(make_plan(), target_value=3, responsible_unit=own_unit)
    upload = SimpleUploadedFile("so-lieu.pdf", EVIDENCE, content_type="application/pdf")
    measurement = kpi_measurement_record(
        user=lead, target=target, period="2022-Q1", value="2", evidence=upload
    )
    key = f"media/{measurement.evidence.name}"
    assert key in s3_storage.keys("media/")
    assert _local_files(settings.MEDIA_ROOT) == []
    url = reverse("kpis:evidence_download", args=[measurement.pk])
    client.force_login(lead)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == EVIDENCE
    s3_storage.client().delete_object(Bucket=s3_storage.bucket, Key=key)
    assert client.get(url).status_code == 404
