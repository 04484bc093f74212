def test_units_api_requires_authentication(client, db):
    response = client.get("/api/v1/units/")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"message", "errors"}


def test_units_api_lists_and_filters(client, lead, own_unit, other_unit):
    client.force_login(lead)
    data = client.get("/api/v1/units/", {"q": "truyen thong"}).json()
    assert [u["name"] for u in data["results"]] == ["Sở Thông tin và Truyền thông"]


def test_units_api_is_read_only(client, lead):
    client.force_login(lead)
    response = client.post("/api/v1/units/", {"name": "X"}, content_type="application/json")
    assert response.status_code == 405


def test_api_errors_are_in_vietnamese(client, db):
    body = client.get("/api/v1/units/").json()
    assert body["message"] == "Bạn chưa đăng nhập (thiếu thông tin xác thực)."
