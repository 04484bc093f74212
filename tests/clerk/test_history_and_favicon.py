"""The clerk's small things on the server side: a refused extension reads as a refusal in the history (not
as a date change), and the favicon is linked from every page."""

import re
from datetime import date
from html import unescape

from django.conf import settings
from django.urls import reverse

from directives import services
from directives.models import TaskEvent


def history_html(client, user, task) -> str:
    client.force_login(user)
    html = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
    return unescape(html.split('id="history"', 1)[1].split("</section>", 1)[0])


def entry(html, kind) -> str:
    match = re.search(rf'data-kind="{kind}">(.*?)</li>\s*(?=<li class="history-entry"|</ol>|{{)', html, re.S)
    assert match, kind
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_a_refused_extension_is_shown_as_a_refusal_not_as_a_date_change(client, task, lead, office):
    request = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 10), reason="Thiếu kinh phí đối ứng"
    )
    services.extension_reject(extension=request, user=office, reason="Chưa đủ căn cứ")
    html = history_html(client, office, task)
    refused = entry(html, "extension_rejected")
    assert "Từ chối gia hạn đến 10/02/2022: Chưa đủ căn cứ" in refused
    assert "→" not in refused  # no "25/01/2022 → 25/01/2022"
    asked = entry(html, "extension_requested")
    assert "Xin gia hạn đến 10/02/2022: Thiếu kinh phí đối ứng" in asked and "→" not in asked
    task.refresh_from_db()
    assert task.due_date == date(2022, 1, 25)


def test_a_refusal_saved_before_the_refused_date_was_kept_still_reads_as_a_refusal(client, task, office):
    TaskEvent.objects.create(
        task=task,
        actor=office,
        kind="extension_rejected",
        changes={"due_date": ["2022-01-25", "2022-01-25"]},
        note="Không phù hợp",
    )
    refused = entry(history_html(client, office, task), "extension_rejected")
    assert "Từ chối gia hạn: Không phù hợp" in refused and "→" not in refused


def test_an_approved_extension_is_still_a_date_change(client, task, lead, office):
    request = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 10), reason="x"
    )
    services.extension_approve(extension=request, user=office)
    approved = entry(history_html(client, office, task), "extension_approved")
    assert "25/01/2022 → 10/02/2022" in approved


def test_every_page_links_the_favicon_and_the_files_exist(client, office):
    client.force_login(office)
    html = client.get("/").content.decode()
    for name in ("favicon.svg", "favicon.png"):
        assert f"/static/{name}" in html
    for name in ("favicon.svg", "favicon.png", "favicon.ico", "apple-touch-icon.png"):
        assert (settings.BASE_DIR / "static" / name).stat().st_size > 100
    assert (settings.BASE_DIR / "static/favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    client.logout()
    login_page = client.get("/accounts/login/").content.decode()
    assert "/static/favicon.svg" in login_page


def test_favicon_ico_at_the_root_redirects_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/static/favicon.ico")
