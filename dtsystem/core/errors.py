"""The error answers: Vietnamese pages in the site's layout for 400, 403, 404 and 500 (templates/4xx.html,
500.html), and the API's JSON error format ({"message", "errors"}) for every path under /api/, whether or
not a route matched it. dtsystem/urls.py names these views as Django's handler400…handler500.

A 403 page says what was refused and whom to ask: policy.require raises policy.Refused, which carries the
action and its object (a task: its lead unit). The 500 page is rendered by Django's own view, without a
request context and without the database, so it shows even when the database is down."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

from dtsystem import policy

API_PREFIX = "/api/"

_OFFICE_TASK_ACTIONS = {
    policy.TASK_EDIT,
    policy.TASK_CONFIRM_DONE,
    policy.TASK_REOPEN,
    policy.TASK_PAUSE,
    policy.TASK_RESUME,
    policy.TASK_CANCEL,
}
_UNIT_TASK_ACTIONS = {policy.TASK_REPORT_PROGRESS, policy.TASK_START, policy.TASK_REPORT_DONE}


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message, "errors": {}}, status=status)


def _unit_name(obj, attribute: str) -> str:
    unit = getattr(obj, attribute, None)
    return getattr(unit, "name", "") or str(unit or "")


def _task_refusal(action: str, task) -> str:
    unit = _unit_name(task, "lead_unit")
    what = _("Nhiệm vụ này do %(unit)s chủ trì.") % {"unit": unit}
    if action in _UNIT_TASK_ACTIONS:
        ask = _(
            "Chỉ lãnh đạo, chuyên viên của %(unit)s và Văn phòng UBND tỉnh báo cáo tiến độ, bắt đầu hoặc báo cáo "
            "hoàn thành nhiệm vụ; đơn vị phối hợp gửi kết quả cho %(unit)s. Nếu nhiệm vụ cần giao lại, hãy liên "
            "hệ Văn phòng UBND tỉnh."
        ) % {"unit": unit}
    elif action == policy.TASK_REQUEST_EXTENSION:
        ask = _(
            "Chỉ lãnh đạo %(unit)s (hoặc Văn phòng UBND tỉnh) xin gia hạn; hãy đề nghị lãnh đạo đơn vị gửi đề "
            "nghị gia hạn, hoặc liên hệ Văn phòng UBND tỉnh."
        ) % {"unit": unit}
    else:
        ask = _(
            "Chỉ Văn phòng UBND tỉnh sửa, xác nhận hoàn thành, mở lại, tạm dừng hoặc hủy nhiệm vụ; cần thay "
            "đổi, hãy liên hệ Văn phòng UBND tỉnh."
        )
    return f"{what} {ask}"


def refusal_explanation(exception) -> str:
    """What was refused and whom to ask, in Vietnamese ("" when the exception does not say)."""
    action = getattr(exception, "action", None)
    obj = getattr(exception, "obj", None)
    if action is None:
        return ""
    if action.startswith("task.") and obj is not None:
        return _task_refusal(action, obj)
    if action == policy.KPI_MEASURE and obj is not None:
        return _(
            "Chỉ tiêu này do %(unit)s phụ trách; chỉ %(unit)s và Văn phòng UBND tỉnh nhập số liệu. Cần bổ "
            "sung, hãy liên hệ %(unit)s hoặc Văn phòng UBND tỉnh."
        ) % {"unit": _unit_name(obj, "responsible_unit")}
    texts = {
        policy.MANAGE_DOCUMENTS: _(
            "Chỉ chuyên viên Văn phòng UBND tỉnh nhập và sửa văn bản chỉ đạo, nhiệm vụ; cần bổ sung hoặc "
            "sửa, hãy liên hệ Văn phòng UBND tỉnh."
        ),
        policy.IMPORT_DATA: _(
            "Chỉ chuyên viên Văn phòng UBND tỉnh nhập dữ liệu từ tệp; hãy gửi tệp cho Văn phòng."
        ),
        policy.DECIDE_EXTENSIONS: _(
            "Chỉ Văn phòng UBND tỉnh duyệt báo cáo hoàn thành và đề nghị gia hạn; cần thúc đẩy, hãy liên hệ "
            "Văn phòng UBND tỉnh."
        ),
        policy.RECORD_DISBURSEMENT: _(
            "Chỉ Văn phòng UBND tỉnh ghi nhận giải ngân; hãy gửi số liệu giải ngân cho Văn phòng UBND tỉnh."
        ),
        policy.VIEW_REPORTS: _(
            "Báo cáo dành cho thành viên Ban Chỉ đạo và Văn phòng UBND tỉnh; cần báo cáo, hãy liên hệ Văn "
            "phòng UBND tỉnh."
        ),
        policy.VIEW_DASHBOARD: _(
            "Bảng điều khiển dành cho Ban Chỉ đạo, Văn phòng UBND tỉnh và lãnh đạo, chuyên viên các đơn vị; "
            "tài khoản của bạn chưa thuộc đơn vị nào: hãy liên hệ Văn phòng UBND tỉnh."
        ),
        policy.MANAGE_REMINDERS: _("Cài đặt và nhật ký nhắc việc do Văn phòng UBND tỉnh quản lý."),
    }
    return texts.get(
        action,
        _("Nếu công việc của bạn cần quyền này, hãy liên hệ Văn phòng UBND tỉnh hoặc quản trị hệ thống."),
    )


def _refused_object_url(exception) -> str:
    """The page of the refused object, when the user may see it (a task): a way back from the 403."""
    action, obj = getattr(exception, "action", ""), getattr(exception, "obj", None)
    if obj is not None and action.startswith("task.") and getattr(obj, "pk", None):
        return reverse("directives:task_detail", args=[obj.pk])
    return ""


def bad_request(request, exception):
    if is_api(request):
        return api_error(400, _("Yêu cầu không hợp lệ."))
    return defaults.bad_request(request, exception, template_name="400.html")


def permission_denied(request, exception):
    message = str(exception) or _("Bạn không có quyền thực hiện thao tác này.")
    if is_api(request):
        return api_error(403, message)
    context = {
        "message": message,
        "explanation": refusal_explanation(exception),
        "object_url": _refused_object_url(exception),
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(404, _("Không tìm thấy."))
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if is_api(request):
        return api_error(500, _("Máy chủ gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Hãy thử lại sau."))
    return defaults.server_error(request, template_name="500.html")


def csrf_failure(request, reason=""):
    """A stale or missing CSRF token (CSRF_FAILURE_VIEW): the 403 page, in Vietnamese."""
    if is_api(request):
        return api_error(403, _("Phiên làm việc đã hết hạn hoặc thiếu mã bảo vệ (CSRF); hãy tải lại trang."))
    context = {
        "message": _("Phiên làm việc đã hết hạn hoặc biểu mẫu đã cũ."),
        "explanation": _("Hãy tải lại trang (hoặc đăng nhập lại) rồi gửi lại biểu mẫu."),
        "object_url": "",
    }
    return render(request, "403.html", context, status=403)
