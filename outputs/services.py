"""Writes and documents of the outputs: drafting a chase letter (văn bản đôn đốc) for one unit or for every
late unit, rendering it as DOCX (letters.py) or PDF (WeasyPrint, the same data), and recording that it was
sent: a ChaseLetter row and a history event ("chased") on each task it listed, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from directives.choices import EventKind
from directives.models import TaskEvent
from dtsystem import policy
from dtsystem.units.models import Unit

from . import conf, selectors
from .models import ChaseLetter
from .periods import vn_long_date
from .workdays import add_working_days


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class ChaseLetterDraft:
    """Everything a chase letter prints (the DOCX and the PDF are rendered from this one object)."""

    unit: Unit
    today: date
    reply_by: date
    items: list[selectors.ChaseTask]
    superior_body: str = ""
    issuing_body: str = ""
    symbol: str = ""
    place_date: str = ""
    subject: str = ""
    paragraphs: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> list[selectors.ChaseTask]:
        return [i for i in self.items if i.overdue]

    @property
    def soon(self) -> list[selectors.ChaseTask]:
        return [i for i in self.items if not i.overdue]

    @property
    def tasks(self):
        return [i.task for i in self.items]


def reply_by_date(today: date) -> date:
    """The day a chased unit must answer by: CHASE_REPLY_WORKING_DAYS working days after the letter."""
    return add_working_days(today, conf.reply_working_days())


def chase_refusal(unit: Unit, today: date) -> str:
    return _("%(unit)s không có nhiệm vụ nào quá hạn tại ngày %(day)s: không cần văn bản đôn đốc.") % {
        "unit": unit.name,
        "day": _d(today),
    }


def chase_letter_draft(
    *, unit: Unit, today: date, items: list | None = None, reply_by: date | None = None
) -> ChaseLetterDraft:
    """The letter to `unit` at `today`: its overdue tasks and those due within CHASE_SOON_DAYS (`items`, when
    the caller read them already), a reply-by date CHASE_REPLY_WORKING_DAYS working days later. A unit with
    nothing overdue is refused."""
    if items is None:
        items = selectors.chase_tasks(unit=unit, today=today)
    overdue = [i for i in items if i.overdue]
    if not overdue:
        raise ValidationError(chase_refusal(unit, today), code="nothing_late")
    reply_by = reply_by or reply_by_date(today)
    soon = len(items) - len(overdue)
    name = unit.name
    facts = _(
        "Theo số liệu trên Hệ thống theo dõi nhiệm vụ chuyển đổi số của tỉnh, tính đến ngày %(day)s, "
        "%(unit)s còn %(n)s nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành"
    ) % {"day": _d(today), "unit": name, "n": len(overdue)}
    if soon:
        facts += _(" và %(m)s nhiệm vụ sắp đến hạn trong %(days)s ngày tới") % {
            "m": soon,
            "days": conf.soon_days(),
        }
    facts += _(" (chi tiết tại danh sách dưới đây).")
    paragraphs = [
        facts,
        _(
            "Văn phòng Ủy ban nhân dân tỉnh đề nghị %(unit)s khẩn trương chỉ đạo hoàn thành các nhiệm vụ nêu "
            "trên; cập nhật tiến độ, kết quả trên Hệ thống và báo cáo kết quả thực hiện, nguyên nhân chậm "
            "trễ (nếu có) về Văn phòng Ủy ban nhân dân tỉnh trước ngày %(reply)s để tổng hợp, báo cáo Chủ "
            "tịch Ủy ban nhân dân tỉnh. Trường hợp cần điều chỉnh thời hạn, đề nghị đơn vị gửi văn bản xin "
            "gia hạn kèm lý do về Văn phòng Ủy ban nhân dân tỉnh."
        )
        % {"unit": name, "reply": _d(reply_by)},
        _("Văn phòng Ủy ban nhân dân tỉnh thông báo để %(unit)s biết, thực hiện./.") % {"unit": name},
    ]
    return ChaseLetterDraft(
        unit=unit,
        today=today,
        reply_by=reply_by,
        items=items,
        superior_body=conf.superior_body().upper(),
        issuing_body=conf.issuing_body().upper(),
        symbol=conf.symbol(),
        place_date=f"{conf.place()}, {vn_long_date(today)}",
        subject=_("V/v đôn đốc thực hiện nhiệm vụ chuyển đổi số quá hạn"),
        paragraphs=paragraphs,
        authority=[line.upper() for line in conf.authority()],
        signer_name=conf.signer_name(),
        recipients=[_("Như trên;"), *conf.recipients()],
    )


def chase_letters_draft(*, today: date, unit: Unit | None = None) -> list[ChaseLetterDraft]:
    """One letter (a unit) or one per late unit at `today` (every unit with an overdue task, by name):
    the sections of one document. Nothing late anywhere is refused."""
    if unit is not None:
        return [chase_letter_draft(unit=unit, today=today)]
    units = selectors.late_units(today=today)
    if not units:
        raise ValidationError(
            _("Không có đơn vị nào có nhiệm vụ quá hạn tại ngày %(day)s.") % {"day": _d(today)},
            code="nothing_late",
        )
    items = selectors.chase_tasks_by_unit(unit_ids=[u.pk for u in units], today=today)
    reply_by = reply_by_date(today)
    return [
        chase_letter_draft(unit=u, today=today, items=items.get(u.pk, []), reply_by=reply_by) for u in units
    ]


def chase_letter_render(*, drafts: list[ChaseLetterDraft], fmt: str) -> bytes:
    """The letters as one DOCX (python-docx, editable in Word and LibreOffice) or one PDF (WeasyPrint),
    each letter starting on a new page."""
    from . import letters

    if fmt == "docx":
        return letters.render_docx(drafts)
    if fmt == "pdf":
        return letters.render_pdf(drafts)
    raise ValidationError(_("Định dạng phải là docx hoặc pdf."), code="format")


def chase_letter_filename(*, drafts: list[ChaseLetterDraft], fmt: str) -> str:
    day = drafts[0].today.strftime("%Y%m%d")
    who = drafts[0].unit.code if len(drafts) == 1 else "cac-don-vi"
    return f"don-doc-{who}-{day}.{fmt}"


@transaction.atomic
def chase_letter_mark_sent(*, user, unit: Unit, today: date) -> ChaseLetter:
    """Record that the letter to `unit` at `today` was sent: a ChaseLetter with the listed tasks and a
    "chased" event on each task's history. Refused: not the office; nothing late; already marked that day."""
    policy.require(user, policy.CHASE_UNITS)
    draft = chase_letter_draft(unit=unit, today=today)
    if ChaseLetter.objects.filter(unit=unit, letter_date=today).exists():
        raise ValidationError(
            _("Văn bản đôn đốc ngày %(day)s gửi %(unit)s đã được đánh dấu gửi.")
            % {"day": _d(today), "unit": unit.name},
            code="already_sent",
        )
    letter = ChaseLetter(
        unit=unit,
        letter_date=today,
        reply_by=draft.reply_by,
        overdue_count=len(draft.overdue),
        task_count=len(draft.items),
        sent_by=user if getattr(user, "pk", None) else None,
    )
    letter.full_clean(exclude=["sent_by"])
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:  # a second click that raced the first
        raise ValidationError(
            _("Văn bản đôn đốc ngày %(day)s gửi %(unit)s đã được đánh dấu gửi.")
            % {"day": _d(today), "unit": unit.name},
            code="already_sent",
        ) from exc
    letter.tasks.add(*draft.tasks)
    note = _("Văn bản đôn đốc ngày %(day)s: đề nghị báo cáo trước ngày %(reply)s.") % {
        "day": _d(today),
        "reply": _d(draft.reply_by),
    }
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(
                task=item.task,
                actor=letter.sent_by,
                kind=EventKind.CHASED,
                changes={},
                note=note
                + " "
                + (
                    _("Quá hạn %(n)s ngày.") % {"n": item.days_late}
                    if item.overdue
                    else _("Còn %(n)s ngày đến hạn.") % {"n": item.days_left}
                ),
            )
            for item in draft.items
        ]
    )
    return letter


def chase_letters_mark_sent(*, user, today: date, unit: Unit | None = None) -> list[ChaseLetter]:
    """Mark one letter, or every late unit's letter not marked yet at `today`, as sent (all or nothing)."""
    policy.require(user, policy.CHASE_UNITS)
    if unit is not None:
        return [chase_letter_mark_sent(user=user, unit=unit, today=today)]
    with transaction.atomic():
        done = set(ChaseLetter.objects.filter(letter_date=today).values_list("unit_id", flat=True))
        units = [u for u in selectors.late_units(today=today) if u.pk not in done]
        if not units:
            raise ValidationError(
                _("Không còn đơn vị nào có nhiệm vụ quá hạn chưa được đánh dấu gửi văn bản ngày %(day)s.")
                % {"day": _d(today)},
                code="nothing_late",
            )
        return [chase_letter_mark_sent(user=user, unit=u, today=today) for u in units]
