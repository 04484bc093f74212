"""Dates are typed dd/mm/yyyy in every form and filter, with the site's own picker: never the browser's
native date input, whose order follows the browser's language (mm/dd/yyyy in en-US)."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from dashboard.forms import DashboardFilterForm
from directives.filters import TaskFilterSet
from directives.forms import DocumentForm, ExtensionRequestForm, TaskListOptionsForm, TaskRowForm
from directives.models import Task
from dtsystem.common.widgets import DatePickerInput
from dtsystem.units.forms import OperationForm
from plans.forms import DisbursementForm
from reminders.filters import DeliveryFilterSet
from reminders.models import Delivery

DATE_FORMS = [
    (DocumentForm, "meeting_date"),
    (TaskRowForm, "due_date"),
    (ExtensionRequestForm, "new_due_date"),
    (TaskListOptionsForm, "as_of"),
    (DisbursementForm, "date"),
    (DashboardFilterForm, "as_of"),
    (OperationForm, "date"),
]


@pytest.mark.parametrize(("form_class", "name"), DATE_FORMS, ids=[f"{f.__name__}.{n}" for f, n in DATE_FORMS])
def test_every_date_field_is_a_dd_mm_yyyy_text_field_with_the_picker(db, form_class, name):
    form = form_class()
    field = form.fields[name]
    assert isinstance(field.widget, DatePickerInput)
    html = str(form[name])
    assert 'type="text"' in html and "data-datepicker" in html and 'placeholder="dd/mm/yyyy"' in html
    assert field.clean("05/03/2022") == date(2022, 3, 5)  # day first, whatever the language
    assert field.clean("2022-03-05") == date(2022, 3, 5)  # links and old bookmarks


def test_a_bound_date_is_shown_back_as_dd_mm_yyyy(db):
    form = ExtensionRequestForm(initial={"new_due_date": date(2022, 3, 5)})
    assert 'value="05/03/2022"' in str(form["new_due_date"])


def test_a_month_day_order_is_refused_with_a_vietnamese_message(db):
    form = ExtensionRequestForm(data={"new_due_date": "03/25/2022", "reason": "x"})
    assert not form.is_valid()
    assert "ngày/tháng/năm" in form.errors["new_due_date"][0]


@pytest.mark.parametrize(
    ("filterset", "model", "names"),
    [
        (TaskFilterSet, Task, ["due_after", "due_before"]),
        (DeliveryFilterSet, Delivery, ["day_after", "day_before"]),
    ],
)
def test_list_filters_take_dd_mm_yyyy(db, filterset, model, names):
    fs = filterset(data={names[0]: "01/02/2022", names[1]: "28/02/2022"}, queryset=model.objects.none())
    assert fs.is_valid(), fs.errors
    assert fs.form.cleaned_data[names[0]] == date(2022, 2, 1)
    assert fs.form.cleaned_data[names[1]] == date(2022, 2, 28)
    assert isinstance(fs.form.fields[names[0]].widget, DatePickerInput)


def test_no_template_uses_the_native_date_input():
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if 'type="date"' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_deadline_preview_reads_a_typed_dd_mm_yyyy_date(client, office):
    client.force_login(office)
    response = client.get(
        "/documents/deadline-preview/", {"tasks-0-deadline_text": "", "tasks-0-due_date": "15/04/2022"}
    )
    assert response.status_code == 200
    assert "15/04/2022" in response.content.decode()
