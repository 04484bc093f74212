"""Navigation by role, computed once per request from dtsystem.policy."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from dtsystem import policy

# (url name, label, icon, predicate on the Actor). Apps add entries here as they land.
NAV_ITEMS = [
    ("home", _("Trang chủ"), "house", lambda a: True),
    ("directives:my_tasks", _("Việc của đơn vị tôi"), "list-check", lambda a: bool(a.member_unit_ids)),
    ("directives:document_list", _("Văn bản chỉ đạo"), "file-earmark-text", lambda a: True),
    ("assistant:start", _("Nhập nhanh từ văn bản"), "magic", lambda a: a.is_office),
    ("assistant:quality", _("Chất lượng trợ lý"), "graph-up", lambda a: a.is_office),
    ("directives:task_list", _("Nhiệm vụ"), "kanban", lambda a: True),
    ("directives:approval_queue", _("Chờ duyệt"), "inbox", lambda a: a.is_office),
    ("plans:plan_list", _("Kế hoạch"), "journal-text", lambda a: True),
    (
        "dashboard:index",
        _("Bảng điều khiển"),
        "speedometer2",
        lambda a: a.sees_everything or a.member_unit_ids,
    ),
    ("reports:report_list", _("Báo cáo"), "file-earmark-pdf", lambda a: a.sees_everything),
    # the scorecards page links the office on to the chase letters (outputs:chase)
    ("outputs:scorecards", _("Bảng điểm"), "trophy", lambda a: a.sees_everything or a.member_unit_ids),
    ("reminders:log", _("Nhắc việc"), "bell", lambda a: a.is_office),
    ("units:unit_list", _("Đơn vị"), "diagram-3", lambda a: True),
    ("admin:index", _("Quản trị"), "gear", lambda a: a.is_admin),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        actor = policy.actor_for(user)
        for name, label, icon, allowed in NAV_ITEMS:
            if not allowed(actor):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue  # the app providing this page is not installed yet
            items.append({"url": url, "label": label, "icon": icon, "active": False})
        # The current page belongs to the entry with the longest matching address (/documents/assistant/
        # is "Nhập nhanh", not "Văn bản chỉ đạo"); the home page only matches itself.
        matches = [
            i
            for i in items
            if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
        ]
        if matches:
            max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {
        "nav_items": items,
        "province_name": settings.PROVINCE_NAME,
        "support_contact": settings.SUPPORT_CONTACT,
    }
