"""A task import file of n rows, as the import reads it (directives.resources.task_rows): units named in
the ways the clerks write them, deadlines in words and as dates, and every status label in turn."""

from __future__ import annotations

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from directives.resources import TASK_COLUMNS, task_rows
from dtsystem.common.imports import read_dataset

STATUS_CYCLE = ["", "Đang thực hiện", "Hoàn thành", "Tạm dừng", "Hủy bỏ", "Đã báo cáo hoàn thành"]


def file_rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        status = STATUS_CYCLE[i % len(STATUS_CYCLE)]
        rows.append(
            (
                "",
                str(i + 1),
                f"Nhiệm vụ nhập số {i + 1} về hạ tầng số",
                ["Sở TT&TT", "SYT", "Sở Xây dựng"][i % 3],
                "Sở Y tế; SXD" if i % 4 == 0 else "",
                ["", "Quý II năm 2022", "trong tháng 3 năm 2022"][i % 3],
                "28/02/2022" if i % 3 == 0 else "",
                status,
                str((i * 7) % 100) if i % 2 else "",
                "",
            )
        )
    data = tablib.Dataset(*rows, headers=TASK_COLUMNS)
    return task_rows(read_dataset(SimpleUploadedFile("nhiem-vu.xlsx", data.xlsx)))
