"""Load the province's units, the seed documents and the demo users. Safe to run any number of times."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dtsystem.core import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, văn bản, người dùng demo). Chạy lại nhiều lần vẫn an toàn."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Tạo người dùng demo cả khi DEBUG tắt.")
        parser.add_argument(
            "--organisation-2022",
            action="store_true",
            help="Không áp dụng việc tổ chức lại năm 2025 (giữ tổ chức như các văn bản năm 2022).",
        )

    def handle(self, *args, force: bool = False, organisation_2022: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "load_demo tạo người dùng với mật khẩu mặc định: chỉ chạy khi DEBUG=true hoặc với --force."
            )
        with transaction.atomic():
            summary = demo.load_all(stdout=self.stdout, reorganise=not organisation_2022)
        self.stdout.write(self.style.SUCCESS("load_demo: " + json.dumps(summary, ensure_ascii=False)))
