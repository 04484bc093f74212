from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ChangeKind, GroupMembership, Role, UnitKind


class Unit(models.Model):
    """An organisation that receives or gives orders: a department, a district, an enterprise..."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    email = models.EmailField(_("e-mail nhận nhắc việc"), blank=True)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    # Folded (no diacritics, lower case) name + short name + aliases, kept by services for search.
    search_text = models.TextField(editable=False, blank=True, default="")
    # The unit exists from valid_from to valid_until, both days included (null: since always / still).
    # A reorganisation (dtsystem.units.reorganisation) ends a unit and names where its work went.
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến hết ngày"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # When the row last changed: with the number of units, the organisation's version
    # (dtsystem.units.selectors.organisation_version), which keys the cached unit pickers of the pages.
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="unit_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("id")), name="unit_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "updated_at" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "updated_at"]  # every change moves the version
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_valid_on(self, day) -> bool:
        """Whether the unit exists on `day` (its validity dates, both days included)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    def all_names(self) -> list[str]:
        names = [self.name, self.short_name, *self.aliases]
        seen, out = set(), []
        for n in names:
            if n and n not in seen:
                seen.add(n)
                out.append(n)
        return out


class Membership(models.Model):
    """A user's role in a unit. What a user may change follows from these rows (see dtsystem.policy)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        ordering = ["unit__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class UnitGroup(models.Model):
    """A named group of units an order may be addressed to ("Các sở, ban, ngành tỉnh", "UBND các xã,
    phường"). Members are either every active unit of a kind, evaluated when the group is used (a
    unit created or closed later is counted or not by then), or a fixed list. `key` is the stable key
    the notice assistant gives a group addressee (extraction/groups.py: "departments", "communes")."""

    name = models.CharField(_("tên nhóm"), max_length=255, unique=True)
    key = models.SlugField(
        _("khóa nhận diện"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Khóa trợ lý đọc văn bản dùng để nhận ra nhóm, ví dụ departments, communes."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    membership_kind = models.CharField(
        _("cách xác định thành viên"),
        max_length=16,
        choices=GroupMembership.choices,
        default=GroupMembership.BY_LIST,
    )
    unit_kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices, blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị thành viên"), blank=True, related_name="groups"
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="unit_group_name_not_empty"),
            models.CheckConstraint(
                condition=~models.Q(membership_kind="by_kind") | ~models.Q(unit_kind=""),
                name="unit_group_by_kind_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.membership_kind == GroupMembership.BY_KIND and not self.unit_kind:
            raise ValidationError({"unit_kind": _("Nhóm theo loại đơn vị cần chọn loại đơn vị.")})
        if self.membership_kind == GroupMembership.BY_LIST:
            self.unit_kind = ""


class UnitName(models.Model):
    """A name the unit had until a rename: old records of that time still show it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("tên cũ"), max_length=255)
    short_name = models.CharField(_("tên viết tắt cũ"), max_length=64, blank=True)
    valid_until = models.DateField(_("dùng đến hết ngày"))

    class Meta:
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        ordering = ["unit_id", "valid_until"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_until"], name="unit_name_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (đến {self.valid_until:%d/%m/%Y})"


class UnitChange(models.Model):
    """One reorganisation, as it was applied: what kind, from which date, which units it ended or made,
    who did it, and a summary of everything that moved (the preview the office confirmed)."""

    kind = models.CharField(_("loại thay đổi"), max_length=16, choices=ChangeKind.choices)
    date = models.DateField(_("hiệu lực từ ngày"))
    from_units = models.ManyToManyField(Unit, related_name="changes_from", verbose_name=_("đơn vị cũ"))
    to_units = models.ManyToManyField(
        Unit, related_name="changes_to", blank=True, verbose_name=_("đơn vị mới")
    )
    note = models.TextField(_("căn cứ, ghi chú"), blank=True)
    summary = models.JSONField(_("những gì đã chuyển"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi tổ chức")
        verbose_name_plural = _("thay đổi tổ chức")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"
