from datetime import date

from directives import services
from directives.models import Task
from directives.tasks import generate_recurring_tasks


def test_recurring_obligation_creates_one_instance_per_period(make_task, coord_unit):
    template = make_task(deadline_text="hằng năm, ít nhất 01 lần/năm")
    assert (template.deadline_kind, template.recurrence, template.due_date) == ("recurring", "yearly", None)
    assert services.task_recurrences_generate(today=date(2022, 3, 1)) == 2
    assert services.task_recurrences_generate(today=date(2022, 3, 1)) == 0  # run twice: nothing new
    instances = list(template.instances.order_by("due_date"))
    assert [(i.period_label, i.due_date, i.deadline_kind) for i in instances] == [
        ("2022", date(2022, 12, 31), "year"),
        ("2023", date(2023, 12, 31), "year"),
    ]
    assert list(instances[0].coordinating_units.all()) == [coord_unit]
    assert services.task_recurrences_generate(today=date(2023, 5, 1)) == 1  # 2024 ahead of time


def test_monthly_and_quarterly(make_task):
    monthly = make_task(deadline_text="báo cáo hàng tháng")
    quarterly = make_task(deadline_text="định kỳ hằng quý")
    services.task_recurrences_generate(today=date(2022, 2, 10))
    assert list(monthly.instances.values_list("period_label", flat=True).order_by("due_date")) == [
        "2022-02",
        "2022-03",
    ]
    assert list(quarterly.instances.values_list("due_date", flat=True).order_by("due_date")) == [
        date(2022, 3, 31),
        date(2022, 6, 30),
    ]


def test_no_instances_before_the_document_year(make_task):
    template = make_task(deadline_text="hằng năm")
    services.task_recurrences_generate(today=date(2021, 6, 1))
    assert list(template.instances.values_list("period_label", flat=True)) == ["2022"]


def test_celery_job_runs_the_same_service(make_task):
    make_task(deadline_text="hằng năm")
    result = generate_recurring_tasks.delay("2022-06-01").get()
    assert result == {"created": 2}
    assert Task.objects.filter(recurrence_parent__isnull=False).count() == 2
