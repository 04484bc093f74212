from django.db import models
from django.utils.translation import gettext_lazy as _

from dtsystem.policy import Role  # noqa: F401  (memberships store the policy's roles)


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("Ban Chỉ đạo")
    PROVINCE = "province", _("Cấp tỉnh (Tỉnh ủy, UBND, Văn phòng)")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("UBND huyện, thị xã, thành phố")
    COMMUNE = "commune", _("UBND xã, phường, thị trấn")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    MASS_ORG = "mass_org", _("Đoàn thể")
    CENTRAL = "central", _("Cơ quan Trung ương")
    OTHER = "other", _("Khác")


class GroupMembership(models.TextChoices):
    """How a unit group says who its members are."""

    BY_KIND = "by_kind", _("Theo loại đơn vị (mọi đơn vị đang hoạt động của loại đó)")
    BY_LIST = "by_list", _("Theo danh sách chọn sẵn")


class ChangeKind(models.TextChoices):
    """The reorganisation operations (dtsystem.units.reorganisation)."""

    RENAME = "rename", _("Đổi tên")
    MERGE = "merge", _("Sáp nhập, hợp nhất")
    SPLIT = "split", _("Chia tách")
    DISSOLVE = "dissolve", _("Giải thể")
    MOVE = "move", _("Chuyển đơn vị cấp trên")
