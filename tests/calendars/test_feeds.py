"""iCal feeds: valid RFC 5545 (parsed by the `icalendar` package), CRLF, folding at 75 octets (Vietnamese
lines counted in bytes), escaping; the deadlines of a user's units or of one unit; revoked → 404; the token
opens that feed and nothing else."""

from datetime import date

import icalendar
import pytest
from django.urls import reverse

from calendars import ical
from calendars.models import CalendarFeed
from calendars.services import calendar_feed_create, calendar_feed_regenerate, calendar_feed_revoke
from directives.choices import TaskStatus
from tests.directives.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db

LONG = (
    "Xây dựng, vận hành Trung tâm giám sát, điều hành đô thị thông minh; kết nối dữ liệu "
    "các sở, ngành; báo cáo kết quả về Ban Chỉ đạo chuyển đổi số tỉnh trước ngày 30/6"
)


def test_fold_counts_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "Đẩy mạnh ứng dụng công nghệ thông tin " * 5
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 2
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *[p[1:] for p in parts[1:]]]) == line
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def _get(client, feed):
    return client.get(reverse("calendars:feed", args=[feed.token]))


def test_personal_feed_is_valid_ical_with_the_users_deadlines(client, lead, own_unit, other_unit):
    doc = DocumentFactory(title="Thông báo kết luận, phiên họp; quý I")
    mine = TaskFactory(document=doc, item="4.a", lead_unit=own_unit, due_date=date(2022, 3, 31), content=LONG)
    TaskFactory(lead_unit=other_unit, due_date=date(2022, 3, 31), content="Việc của Sở Y tế")
    TaskFactory(lead_unit=own_unit, content="Việc thường xuyên không hạn")
    TaskFactory(lead_unit=own_unit, due_date=date(2022, 4, 1), status=TaskStatus.CANCELLED)
    feed = calendar_feed_create(user=lead)
    response = _get(client, feed)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert any(len(line) > 70 and line.startswith(b" ") for line in lines)  # long Vietnamese lines folded

    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    assert len(events) == 1  # not another unit's, not undated, not cancelled
    event = events[0]
    assert str(event["UID"]) == f"task-{mine.pk}@dtsystem"
    assert event.decoded("DTSTART") == date(2022, 3, 31)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTEND") == date(2022, 4, 1)
    assert str(event["SUMMARY"]).startswith("Hạn: Xây dựng, vận hành Trung tâm giám sát")
    description = str(event["DESCRIPTION"])
    assert "Thông báo kết luận, phiên họp; quý I" in description  # commas and semicolons round-trip
    assert "mục 4.a" in description and "Trạng thái: Mới giao" in description
    assert "\nĐơn vị chủ trì: Sở Thông tin và Truyền thông\n" in description  # newlines unescaped
    assert "\\nĐơn vị chủ trì" in raw.replace(b"\r\n ", b"").decode()  # escaped in the file
    assert str(event["URL"]).endswith(reverse("directives:task_detail", args=[mine.pk]))
    # the UID is stable: the same event next time
    again = icalendar.Calendar.from_ical(_get(client, feed).content).walk("VEVENT")
    assert str(again[0]["UID"]) == str(event["UID"])


def test_unit_feed_shows_the_units_deadlines(client, lead, own_unit, other_unit):
    TaskFactory(lead_unit=own_unit, due_date=date(2022, 5, 31), content="Việc của Sở TTTT")
    TaskFactory(lead_unit=other_unit, due_date=date(2022, 5, 31), content="Việc của Sở Y tế")
    feed = calendar_feed_create(user=lead, unit=own_unit)
    cal = icalendar.Calendar.from_ical(_get(client, feed).content)
    assert "Sở Thông tin và Truyền thông" in str(cal["X-WR-CALNAME"])
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Hạn: Việc của Sở TTTT"]


def test_a_unit_feed_only_for_ones_own_unit(lead, other_unit, office):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        calendar_feed_create(user=lead, unit=other_unit)
    assert calendar_feed_create(user=office, unit=other_unit).unit == other_unit


def test_revoked_or_regenerated_token_is_404_and_nothing_else_opens(client, lead, own_unit):
    feed = calendar_feed_create(user=lead)
    assert calendar_feed_create(user=lead) == feed  # one live personal feed
    new = calendar_feed_regenerate(user=lead, feed=feed)
    assert new.token != feed.token
    assert _get(client, feed).status_code == 404
    assert _get(client, new).status_code == 200
    calendar_feed_revoke(user=lead, feed=new)
    assert _get(client, new).status_code == 404
    assert client.get(reverse("calendars:feed", args=["khong-co-that"])).status_code == 404
    # the token is no session: the feed's visitor is still anonymous elsewhere
    live = calendar_feed_create(user=lead)
    _get(client, live)
    page = client.get(reverse("directives:task_list"))
    assert page.status_code == 302 and "/accounts/login/" in page.url
    lead.is_active = False
    lead.save()
    assert _get(client, live).status_code == 404


def test_feed_queries_are_bounded(client, lead, own_unit, django_assert_max_num_queries):
    for n in range(30):
        TaskFactory(lead_unit=own_unit, due_date=date(2022, 1, 1 + n % 28), content=f"Việc số {n}")
    feed = calendar_feed_create(user=lead)
    with django_assert_max_num_queries(6):
        response = _get(client, feed)
    assert response.content.count(b"BEGIN:VEVENT") == 30


def test_profile_page_offers_create_revoke_and_regenerate(client, lead, own_unit):
    client.force_login(lead)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert (
        "Lịch hạn nhiệm vụ (iCal)" in html and "Tạo lịch cá nhân" in html and "Tạo lịch của Sở TTTT" in html
    )
    client.post(reverse("calendars:feed_create"))
    feed = CalendarFeed.objects.get(owner=lead, unit=None)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert feed.token in html and "Thu hồi" in html
    client.post(reverse("calendars:feed_regenerate", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    fresh = CalendarFeed.objects.get(owner=lead, unit=None, revoked_at__isnull=True)
    client.post(reverse("calendars:feed_revoke", args=[fresh.pk]))
    assert not CalendarFeed.objects.filter(owner=lead, revoked_at__isnull=True).exists()
    assert client.post(reverse("calendars:feed_create"), {"unit": "12abc"}).status_code == 302
    assert not CalendarFeed.objects.filter(owner=lead, revoked_at__isnull=True).exists()
