"""Factories for directives. Rows are made through the ORM (fast, any state), with `search_text`
filled the way the services fill it, so search works on factory data too, and counted in the dashboard
rollups as the services count them."""

import factory

from directives import rollups
from directives.choices import DeadlineKind, DocumentKind, TaskStatus
from directives.models import Document, Task
from directives.services import document_search_text, task_search_text

from ..factories import UnitFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    kind = DocumentKind.TB
    number = factory.Sequence(lambda n: str(n + 1))
    symbol = "TB-VPUBND"
    issuing_body_text = "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH"
    issue_year = 2022
    issue_month = 1
    issue_day = 10
    title = factory.Sequence(lambda n: f"Thông báo kết luận số {n + 1} của Chủ tịch UBND tỉnh")

    @factory.post_generation
    def index_search_text(obj, create, extracted, **kwargs):
        if create:
            obj.search_text = document_search_text(obj)
            Document.objects.filter(pk=obj.pk).update(search_text=obj.search_text)


class TaskFactory(factory.django.DjangoModelFactory):
    """TaskFactory(lead_unit=..., coordinating_units=[...], due_date=date(...), status=...)."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    item = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    content = factory.Sequence(lambda n: f"Triển khai nhiệm vụ thử nghiệm số {n + 1}")
    lead_unit = factory.SubFactory(UnitFactory)
    deadline_text = ""
    due_date = None
    # "none" unless a due date is given (a due date without a kind would break Task.clean()).
    deadline_kind = factory.LazyAttribute(lambda o: DeadlineKind.DAY if o.due_date else DeadlineKind.NONE)
    original_due_date = factory.LazyAttribute(lambda o: o.due_date)
    status = TaskStatus.NEW
    search_text = factory.LazyAttribute(lambda o: task_search_text(o))

    @factory.post_generation
    def coordinating_units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.coordinating_units.set(extracted)
            obj.search_text = task_search_text(obj, extracted)
            Task.objects.filter(pk=obj.pk).update(search_text=obj.search_text)

    @factory.post_generation
    def counted_in_rollups(obj, create, extracted, **kwargs):
        """Counted in the dashboard rollups, as a task the services create is (directives.rollups)."""
        if create:
            rollups.move(None, rollups.key_of(obj))
