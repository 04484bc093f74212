"""Validation of the new writes, with Vietnamese messages (API error format {"message", "errors"})."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kpis.models import KpiMeasurement
from kpis.services import kpi_measurement_record
from plans.models import BudgetLine, Disbursement
from plans.services import budget_line_create, disbursement_record
from tests.support.world import make_line


@pytest.fixture
def target(make_target, own_unit):
    return make_target("at_least", 30, unit_of_measure="percent", responsible_unit=own_unit)


def test_measurement_same_period_replaces(target, lead, office):
    kpi_measurement_record(user=lead, target=target, period="2022-Q3", value="20")
    kpi_measurement_record(user=office, target=target, period="2022-Q3", value="25", note="Sửa số liệu")
    measurement = KpiMeasurement.objects.get(target=target)
    assert measurement.value == Decimal("25") and measurement.entered_by == office


@pytest.mark.parametrize(
    "period, value, message",
    [
        ("2022-Q5", "10", "Kỳ số liệu phải có dạng"),
        ("2021", "10", "phải thuộc năm 2022"),
        ("2022", "130", "Tỷ lệ phải từ 0 đến 100%"),
        ("2022", "-1", "Tỷ lệ phải từ 0 đến 100%"),
        ("2022", "", "Cần nhập giá trị"),
        ("2022", "abc", "không phải là số hợp lệ"),
    ],
)
def test_measurement_validation(target, lead, period, value, message):
    with pytest.raises(ValidationError) as info:
        kpi_measurement_record(user=lead, target=target, period=period, value=value)
    assert message in str(info.value)


def test_count_may_not_be_negative(make_target, own_unit, lead):
    target = make_target("at_least", 2, unit_of_measure="count", responsible_unit=own_unit)
    with pytest.raises(ValidationError, match="Số lượng không được âm"):
        kpi_measurement_record(user=lead, target=target, period="2022", value=-1)


def test_measurement_api_error_format(target, lead, api):
    response = api(lead).post(
        f"/api/v1/kpis/{target.pk}/measurements/", {"period": "2022", "value": 120}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "Tỷ lệ phải từ 0 đến 100%.",
        "errors": {"value": ["Tỷ lệ phải từ 0 đến 100%."]},
    }


def test_evidence_file_goes_along(target, lead, api, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf")
    response = api(lead).post(
        f"/api/v1/kpis/{target.pk}/measurements/",
        {"period": "2022", "value": "12", "evidence": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    measurement = response.json()["measurements"][0]
    assert measurement["evidence_name"] == "bao-cao.pdf"
    disguised = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = api(lead).post(
        f"/api/v1/kpis/{target.pk}/measurements/",
        {"period": "2022-Q1", "value": "5", "evidence": disguised},
        format="multipart",
    )
    assert response.status_code == 400


def test_disbursement_validation(plan, office):
    line = make_line(plan, allocated=Decimal("100"))
    for amount, message in [
        (0, "phải lớn hơn 0"),
        ("-3", "phải lớn hơn 0"),
        ("x", "không phải là số tiền hợp lệ"),
    ]:
        with pytest.raises(ValidationError, match=message):
            disbursement_record(user=office, budget_line=line, date="2022-05-01", amount=amount)
    disbursement_record(user=office, budget_line=line, date="2022-05-01", amount="60")
    with pytest.raises(ValidationError, match="vượt số vốn bố trí"):
        disbursement_record(user=office, budget_line=line, date="2022-06-01", amount="40.001")
    disbursement_record(user=office, budget_line=line, date="2022-06-01", amount="40")
    assert sum(d.amount for d in Disbursement.objects.all()) == Decimal("100")


def test_budget_line_validation(plan, office):
    with pytest.raises(ValidationError, match="Số tiền không được âm"):
        budget_line_create(user=office, plan=plan, kind="investment", name="Dự án", allocated="-1")
    with pytest.raises(ValidationError, match="cần có số tiền"):
        budget_line_create(user=office, plan=plan, kind="recurring", name="Nhiệm vụ")
    line = budget_line_create(user=office, plan=plan, kind="recurring", name="Nhiệm vụ", amount="1.917")
    assert line.amount == Decimal("1.917")  # a string is read as a decimal number, never as thousands


def test_database_refuses_negative_money(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(plan=plan, kind="investment", name="x", allocated=Decimal("-1"))
    line = make_line(plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(budget_line=line, date="2022-01-01", amount=Decimal("0"))
