"""Issue 11, defect 12: the OpenAPI schema (/api/v1/schema/) and its Swagger UI (/api/v1/docs/) were served
to anonymous visitors; the README says signed-in users. Both now need a session or an API token; an
anonymous browser asking for the docs is sent to the login page."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

SCHEMA = "/api/v1/schema/"
DOCS = "/api/v1/docs/"


def test_anonymous_visitor_gets_no_schema(client, db):
    response = client.get(SCHEMA)
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"message", "errors"} and body["message"]
    assert b"openapi" not in response.content


def test_anonymous_visitor_of_the_docs_is_sent_to_the_login_page(client, db):
    response = client.get(DOCS)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/api/v1/docs/")


@pytest.mark.parametrize("url", [SCHEMA, DOCS])
def test_signed_in_user_reads_schema_and_docs(client, lead, url):
    client.force_login(lead)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [SCHEMA, DOCS])
def test_api_token_opens_schema_and_docs(lead, url):
    token = Token.objects.create(user=lead)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(url)
    assert response.status_code == 200
    if url == SCHEMA:
        assert b"openapi" in response.content


def test_a_wrong_token_opens_nothing(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get(SCHEMA).status_code in (401, 403)
