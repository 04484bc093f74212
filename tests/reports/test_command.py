from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reports.models import Report


def test_build_report_writes_the_pdf(dataset, small_plan, tmp_path, capsys):
    out = tmp_path / "out" / "r.pdf"
    call_command("build_report", "--out", str(out), "--today", "2022-03-31")
    assert out.read_bytes().startswith(b"%PDF-")
    summary = capsys.readouterr().out
    assert "period=2022-Q1" in summary and "tasks=8" in summary
    report = Report.objects.get()
    assert (report.period, report.as_of, report.plan) == ("2022-Q1", date(2022, 3, 31), None)


def test_build_report_for_one_plan_and_a_month(dataset, small_plan, tmp_path, capsys):
    out = tmp_path / "plan.pdf"
    call_command(
        "build_report", "--out", str(out), "--plan", "20", "--period", "2022-02", "--today", "2022-04-10"
    )
    report = Report.objects.get()
    assert (report.period, report.plan, report.as_of) == ("2022-02", small_plan, date(2022, 2, 28))
    assert out.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2022-Q9"], "2022-Q1"),
        (["--plan", "777"], "777"),
        (["--today", "31/03/2022"], "YYYY-MM-DD"),
    ],
)
def test_build_report_refuses_bad_arguments(db, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", "--out", str(tmp_path / "x.pdf"), *args)
