"""Issue 11, defect 7: no brute-force protection (30 wrong passwords in a row, then the right one logged in).

Signing in is throttled with django-axes: LOGIN_FAILURE_LIMIT (5) failures of one account from one address
lock that account at that address for LOGIN_COOLOFF_MINUTES (30); LOGIN_FAILURE_LIMIT_PER_ADDRESS (30)
failures of any accounts from one address lock the address. The login page says so in Vietnamese, with how
long and whom to ask; an administrator unlocks in the admin or with `manage.py axes_reset_username`. The
Django admin's login and the API go through the same gate (no Basic authentication on the API).

Lockouts live in the database (axes' AccessAttempt): each test's rollback drops them, so none leaks into the
next test."""

import base64
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.support.personas import sign_in

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
PASSWORD = "pw-12345"  # the personas' password (tests/factories.py)


def attempt(client, username, password, address="10.0.0.1", path=LOGIN, **headers):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


def fail(client, username, times, address="10.0.0.1", path=LOGIN):
    for _ in range(times):
        response = attempt(client, username, "sai-mat-khau", address, path)
        assert response.status_code in (200, 429)


def assert_locked(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert "tạm khóa" in html
    assert "30 phút" in html  # how long
    assert "quản trị hệ thống" in html  # whom to ask
    assert 'name="username"' in html  # still the login page, in the site's layout
    assert "/static/css/app.css" in html
    return html


def test_the_defaults_are_sensible():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 30
    assert settings.AXES_RESET_ON_SUCCESS is True


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, lead):
    fail(client, "p_lead", 30)
    assert_locked(attempt(client, "p_lead", PASSWORD))
    assert not signed_in(client)


def test_the_fifth_failure_locks_the_account_at_that_address(client, lead):
    fail(client, "p_lead", 4)
    assert attempt(client, "p_lead", "sai-mat-khau").status_code == 429
    assert_locked(attempt(client, "p_lead", PASSWORD))


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(client, lead):
    fail(client, "p_lead", 4)
    assert attempt(client, "p_lead", PASSWORD).status_code == 302
    client.logout()
    fail(client, "p_lead", 4)  # counting starts again after a success
    assert attempt(client, "p_lead", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, lead):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "p_lead", 5)
        assert_locked(attempt(client, "p_lead", PASSWORD))
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert attempt(client, "p_lead", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert attempt(client, "p_lead", PASSWORD).status_code == 302
        assert signed_in(client)


def test_the_lock_is_of_the_account_at_one_address(client, lead, staff):
    fail(client, "p_lead", 5, address="10.0.0.1")
    assert attempt(Client(), "p_lead", PASSWORD, address="10.0.0.2").status_code == 302  # elsewhere
    assert attempt(Client(), "p_staff", PASSWORD, address="10.0.0.1").status_code == 302  # a colleague


def test_many_accounts_tried_from_one_address_lock_the_address(client, lead, staff):
    for n in range(6):
        fail(client, f"khong-ton-tai-{n}", 5, address="10.0.0.9")
    assert_locked(attempt(Client(), "p_staff", PASSWORD, address="10.0.0.9"))
    assert attempt(Client(), "p_staff", PASSWORD, address="10.0.0.8").status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_address(client, lead):
    for n in range(5):
        attempt(client, "p_lead", "sai-mat-khau", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert_locked(attempt(client, "p_lead", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200"))


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(client, lead, settings):
    settings.LOGIN_PROXY_COUNT = 1
    for _ in range(5):
        attempt(client, "p_lead", "sai-mat-khau", address="172.16.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert_locked(
        attempt(client, "p_lead", PASSWORD, address="172.16.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    )
    other = attempt(Client(), "p_lead", PASSWORD, address="172.16.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302  # another office behind the same proxy


@pytest.mark.parametrize("command, args", [("axes_reset_username", ["p_lead"]), ("axes_reset", [])])
def test_an_administrator_unlocks_with_a_command(client, lead, command, args):
    fail(client, "p_lead", 5)
    call_command(command, *args)
    assert attempt(client, "p_lead", PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, lead, admin_user):
    from axes.models import AccessAttempt

    fail(client, "p_lead", 5)
    admin = sign_in(Client(), admin_user)
    page = admin.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "p_lead" in page.content.decode()
    (locked,) = AccessAttempt.objects.filter(username="p_lead")
    response = admin.post(f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "p_lead", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, admin_user):
    fail(client, "p_admin", 5, path="/admin/login/")
    response = attempt(client, "p_admin", PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()


def test_the_api_has_no_password_authentication(lead):
    from django.urls import get_resolver
    from rest_framework.authentication import BasicAuthentication

    assert not [c for c in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] if "Basic" in c]
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    views = {getattr(p.callback, "cls", None) for p in api.url_patterns if hasattr(p, "callback")}
    views |= {
        getattr(p.callback, "cls", None) for r in api.url_patterns for p in getattr(r, "url_patterns", [])
    }
    views.discard(None)
    assert len(views) >= 8
    assert not [v for v in views if any(issubclass(a, BasicAuthentication) for a in v.authentication_classes)]
    credentials = base64.b64encode(f"p_lead:{PASSWORD}".encode()).decode()
    response = Client().get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code in (401, 403)


def test_a_locked_account_keeps_a_session_opened_before(client, lead):
    """The lock is on signing in: a session opened earlier (or an API token) is not a way around it, but
    is not cut either (force_login in tests, or an office that signed in before the attack)."""
    sign_in(client, lead)
    fail(Client(), "p_lead", 5)
    assert signed_in(client)


def test_the_limits_come_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dtsystem.settings.local",
        "LOGIN_FAILURE_LIMIT": "7",
        "LOGIN_FAILURE_LIMIT_PER_ADDRESS": "70",
        "LOGIN_COOLOFF_MINUTES": "15",
        "LOGIN_PROXY_COUNT": "2",
        "SUPPORT_CONTACT": "Trung tâm Chuyển đổi số, 0277 000 000",
    }
    code = (
        "import django, json; from django.conf import settings as s; django.setup(); print(json.dumps(["
        "s.AXES_FAILURE_LIMIT, s.LOGIN_FAILURE_LIMIT_PER_ADDRESS, s.AXES_COOLOFF_TIME.total_seconds(),"
        " s.LOGIN_PROXY_COUNT, s.SUPPORT_CONTACT]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [7, 70, 900.0, 2, "Trung tâm Chuyển đổi số, 0277 000 000"]
