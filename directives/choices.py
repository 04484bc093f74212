from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    TB = "TB", _("Thông báo kết luận")
    KH = "KH", _("Kế hoạch")
    QD = "QD", _("Quyết định")
    CV = "CV", _("Công văn")
    NQ = "NQ", _("Nghị quyết")
    CT = "CT", _("Chỉ thị")
    DA = "DA", _("Đề án")
    ND = "ND", _("Nghị định")
    TT = "TT", _("Thông tư")
    LUAT = "LUAT", _("Luật")
    BC = "BC", _("Báo cáo")
    OTHER = "OTHER", _("Văn bản khác")


class DeadlineKind(models.TextChoices):
    DAY = "day", _("Ngày cụ thể")
    MONTH = "month", _("Trong tháng")
    QUARTER = "quarter", _("Trong quý")
    YEAR = "year", _("Trong năm")
    RECURRING = "recurring", _("Định kỳ")
    NONE = "none", _("Thường xuyên / không thời hạn")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


class TaskStatus(models.TextChoices):
    NEW = "new", _("Mới giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED_DONE = "reported_done", _("Đã báo cáo hoàn thành")
    DONE = "done", _("Hoàn thành")
    PAUSED = "paused", _("Tạm dừng")
    CANCELLED = "cancelled", _("Hủy bỏ")


OPEN_STATUSES = (TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE, TaskStatus.PAUSED)


class Timeliness(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    ON_TRACK = "on_track", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn")
    NO_DEADLINE = "no_deadline", _("Không có thời hạn")


class Priority(models.IntegerChoices):
    LOW = 1, _("Thấp")
    NORMAL = 2, _("Bình thường")
    HIGH = 3, _("Cao")
    URGENT = 4, _("Khẩn")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã đồng ý")
    REJECTED = "rejected", _("Không đồng ý")


class EventKind(models.TextChoices):
    CREATED = "created", _("Giao nhiệm vụ")
    UPDATED = "updated", _("Sửa nhiệm vụ")
    PROGRESS = "progress", _("Báo cáo tiến độ")
    STATUS = "status", _("Chuyển trạng thái")
    EXTENSION_REQUESTED = "extension_requested", _("Xin gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
    EXTENSION_REJECTED = "extension_rejected", _("Không đồng ý gia hạn")
    FORWARDED = "forwarded", _("Giao lại cho đơn vị")
    MEMBERS_ADDED = "members_added", _("Giao thêm cho đơn vị trong nhóm")
    CHASED = "chased", _("Văn bản đôn đốc")
    REORGANISED = "reorganised", _("Chuyển đơn vị do tổ chức lại")
    CONTRIBUTION = "contribution", _("Gửi ý kiến phối hợp")


class InputRequestStatus(models.TextChoices):
    """A coordinating unit's input request (xin ý kiến phối hợp)."""

    OPEN = "open", _("Chờ ý kiến")
    SUBMITTED = "submitted", _("Đã gửi ý kiến")
    WITHDRAWN = "withdrawn", _("Không còn phối hợp")


class TaskKind(models.TextChoices):
    """Where a task sits: one unit's order, an order to a group (a parent with one child per member unit,
    no lead of its own, derived from its children), one member unit's part of it, or a sub-task a lead
    unit forwarded to its own division or to a xã/phường (giao lại)."""

    SINGLE = "single", _("Nhiệm vụ của một đơn vị")
    GROUP = "group", _("Nhiệm vụ giao cho nhóm đơn vị")
    MEMBER = "member", _("Phần việc của một đơn vị trong nhóm")
    FORWARDED = "forwarded", _("Nhiệm vụ giao lại")


class Issuer(models.TextChoices):
    """Who gave the order."""

    PEOPLES_COMMITTEE = "ubnd", _("UBND tỉnh")
    CHAIRMAN = "chairman", _("Chủ tịch UBND tỉnh")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch UBND tỉnh")


class SourceKind(models.TextChoices):
    """How the order was given."""

    DOCUMENT = "document", _("Văn bản")
    MEETING = "meeting", _("Kết luận cuộc họp")
    DIRECTIVE = "directive", _("Ý kiến chỉ đạo (không có văn bản)")
