"""Permission matrix of the new writes: office, lead of the responsible unit, lead of another unit,
committee and anonymous × record a KPI measurement and record a disbursement, by page and by API."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import KpiMeasurement
from plans.models import Disbursement
from tests.support.world import make_line

MEASURE = {
    "office": True,
    "lead": True,
    "staff": True,
    "other_lead": False,
    "committee": False,
    "anonymous": False,
}
DISBURSE = {
    "office": True,
    "lead": False,
    "staff": False,
    "other_lead": False,
    "committee": False,
    "anonymous": False,
}


@pytest.fixture
def people(office, lead, staff, other_lead, committee):
    return {
        "office": office,
        "lead": lead,
        "staff": staff,
        "other_lead": other_lead,
        "committee": committee,
        "anonymous": None,
    }


@pytest.fixture
def target(make_target, own_unit):
    return make_target("at_least", 30, unit_of_measure="percent", responsible_unit=own_unit)


@pytest.fixture
def line(plan, own_unit):
    return make_line(plan, unit=own_unit, allocated=Decimal("1000"))


@pytest.mark.parametrize("persona", list(MEASURE))
def test_record_measurement_api(persona, people, target, api):
    response = api(people[persona]).post(
        f"/api/v1/kpis/{target.pk}/measurements/", {"period": "2022-Q3", "value": "31.5"}, format="json"
    )
    if MEASURE[persona]:
        assert response.status_code == 201, response.content
        assert response.json()["attainment_status"] == "achieved"
        assert response.json()["latest_value"] == 31.5
        assert KpiMeasurement.objects.get(target=target).entered_by == people[persona]
    else:
        assert response.status_code in (401, 403)
        assert "message" in response.json()
        assert not KpiMeasurement.objects.exists()


@pytest.mark.parametrize("persona", list(MEASURE))
def test_record_measurement_page(persona, people, target, client):
    if people[persona]:
        client.force_login(people[persona])
    url = reverse("kpis:measurement_create", args=[target.pk])
    response = client.post(url, {"period": "2022-Q3", "value": "31,5"})
    if MEASURE[persona]:
        assert response.status_code == 302
        assert KpiMeasurement.objects.get(target=target).value == Decimal("31.5")
    else:
        assert response.status_code in (302, 403)
        if persona == "anonymous":
            assert "/accounts/login/" in response["Location"]
        else:
            assert client.get(url).status_code == 403
        assert not KpiMeasurement.objects.exists()


@pytest.mark.parametrize("persona", list(DISBURSE))
def test_record_disbursement_api(persona, people, line, api):
    response = api(people[persona]).post(
        f"/api/v1/budget-lines/{line.pk}/disbursements/", {"date": "2022-06-30", "amount": 250}, format="json"
    )
    if DISBURSE[persona]:
        assert response.status_code == 201, response.content
        assert response.json()["amount"] == 250
    else:
        assert response.status_code in (401, 403)
        assert not Disbursement.objects.exists()


@pytest.mark.parametrize("persona", list(DISBURSE))
def test_record_disbursement_page(persona, people, line, client):
    if people[persona]:
        client.force_login(people[persona])
    url = reverse("plans:disbursement_create", args=[line.pk])
    response = client.post(url, {"date": "2022-06-30", "amount": "250"})
    if DISBURSE[persona]:
        assert response.status_code == 302
        assert Disbursement.objects.get().amount == Decimal("250")
    else:
        assert response.status_code in (302, 403)
        if persona != "anonymous":
            assert client.get(url).status_code == 403
        assert not Disbursement.objects.exists()


@pytest.mark.parametrize("persona", list(MEASURE))
def test_reading_is_open_to_signed_in_users(persona, people, target, line, api):
    for url in [
        "/api/v1/plans/",
        "/api/v1/kpis/",
        "/api/v1/budget-lines/",
        f"/api/v1/plans/{line.plan_id}/budget/",
    ]:
        response = api(people[persona]).get(url)
        assert response.status_code == (403 if persona == "anonymous" else 200), url  # session auth: 403
