"""The compose topology without Docker (tests/topology/stack.py): nginx → two gunicorn replicas (production
settings) → PgBouncer → PostgreSQL, Redis, SeaweedFS S3, a Celery worker. Through the proxy a unit lead signs
in and uploads evidence, answered by replica 1; the file and a report built by the worker are downloaded
through replica 2: nothing may depend on which replica (or process) served the previous request."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from tests.topology.stack import topology

pytestmark = pytest.mark.topology

EVIDENCE = b"%PDF-1.4\n% topology evidence\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


class Browser:
    """A visitor of the proxy. Production cookies are Secure and the test speaks plain HTTP to nginx, so
    the cookies are kept here and sent by hand (a browser behind TLS would do the same)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        self.http.cookies.clear()
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        headers = kwargs.pop("headers", {})
        headers.setdefault("X-CSRFToken", self.cookies.get("csrftoken", ""))
        return self.request("POST", path, headers=headers, **kwargs)

    def sign_in(self, username: str) -> requests.Response:
        self.get("/accounts/login/")
        token = self.cookies["csrftoken"]
        response = self.post(
            "/accounts/login/",
            data={"username": username, "password": "demo12345", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, response.text[:2000]
        assert "sessionid" in self.cookies
        return response

    def next_goes_to(self, replica: str) -> None:
        """nginx alternates between the two replicas (one worker process, round robin): ask the cheap
        liveness probe until the *other* replica answered, so the next request goes to `replica`."""
        for _ in range(6):
            if self.get("/healthz").headers["X-Served-By"] != replica:
                return
        raise AssertionError(f"the proxy never answered from a replica other than {replica}")


@pytest.fixture(scope="module")
def stack():
    with topology() as running:
        yield running


def test_the_proxy_alternates_between_two_replicas_that_are_ready(stack):
    visitor = Browser(stack.proxy)
    served = [visitor.get("/healthz").headers["X-Served-By"] for _ in range(6)]
    assert set(served) == {"web1", "web2"}
    assert all(a != b for a, b in zip(served, served[1:], strict=False))  # round robin
    for name, url in stack.replicas.items():
        ready = requests.get(f"{url}/readyz", timeout=10)
        assert ready.status_code == 200, (name, ready.text)
        checks = ready.json()["checks"]
        assert checks["database"] == checks["database"] | {"status": "ok", "vendor": "postgresql"}
        assert checks["redis"]["status"] == "ok"
        assert checks["storage"]["backend"] == "s3" and checks["storage"]["status"] == "ok"
    given = visitor.get("/healthz", headers={"X-Request-ID": "topology-check-1"})
    assert given.headers["X-Request-ID"] == "topology-check-1"
    assert len(visitor.get("/healthz").headers["X-Request-ID"]) >= 16  # nginx's own id when none is given
    assert visitor.get("/metrics").status_code == 403  # the proxy never exposes the metrics
    for name, url in stack.replicas.items():  # scraped directly (loopback), both gunicorn workers added up
        text = requests.get(f"{url}/metrics", timeout=10).text
        assert (
            'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="healthz"}' in text
        ), name
        assert f'dtsystem_celery_queue_length{{queue="{stack.queue}"}} 0.0' in text, name


def test_evidence_up_on_one_replica_down_on_the_other_and_a_report_built_by_the_worker(stack):
    lead = Browser(stack.proxy)
    lead.sign_in("lead_tttt")
    task_id = int(
        stack.manage(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; from dtsystem import policy;"
            "from directives.models import Task; from directives.services import task_progress_refusal;"
            "u = get_user_model().objects.get(username='lead_tttt');"
            "print(next(t.pk for t in Task.objects.order_by('pk')"
            " if policy.may(u, policy.TASK_REPORT_PROGRESS, t) and not task_progress_refusal(t)))",
        ).split()[-1]
    )

    # the session made on one replica is known to both (sessions in the database, not in a process)
    seen = {lead.get("/my-tasks/").headers["X-Served-By"] for _ in range(2)}
    assert seen == {"web1", "web2"}

    lead.next_goes_to("web1")
    uploaded = lead.post(
        f"/api/v1/tasks/{task_id}/report-progress/",
        data={"percent": "40", "note": "Đã triển khai qua proxy"},
        files={"files": ("bien-ban.pdf", EVIDENCE, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.headers["X-Served-By"] == "web1"
    (attachment,) = uploaded.json()["attachments"]
    evidence_keys = stack.s3.keys("media/evidence/")
    assert len(evidence_keys) == 1, evidence_keys
    assert (
        stack.s3.client().get_object(Bucket=stack.s3.bucket, Key=evidence_keys[0])["Body"].read() == EVIDENCE
    )

    lead.next_goes_to("web2")
    downloaded = lead.get(f"/tasks/attachments/{attachment['id']}/")
    assert downloaded.status_code == 200, downloaded.text[:500]
    assert downloaded.headers["X-Served-By"] == "web2"
    assert downloaded.content == EVIDENCE

    # another unit's lead may not have it, whichever replica answers
    other = Browser(stack.proxy)
    other.sign_in("lead_yte")
    for _ in range(2):
        assert other.get(f"/tasks/attachments/{attachment['id']}/").status_code == 404

    # a report: asked on a replica, built by the worker, downloaded through replica 2
    office = Browser(stack.proxy)
    office.sign_in("office")
    asked = office.post("/reports/", data={"part": "Q1", "year": "2022", "plan": "", "number": ""})
    assert asked.status_code == 302, asked.text[:2000]
    page = office.get("/reports/").text
    report_id = max(int(n) for n in re.findall(r"/reports/(\d+)/status/", page))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        cell = office.get(f"/reports/{report_id}/status/").text
        if f"/reports/{report_id}/download/" in cell:
            break
        time.sleep(1)
    else:
        raise AssertionError(f"the worker did not build the report in time\n{cell}\n{stack.logs()}")
    office.next_goes_to("web2")
    pdf = office.get(f"/reports/{report_id}/download/")
    assert pdf.status_code == 200
    assert pdf.headers["X-Served-By"] == "web2"
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    report_keys = stack.s3.keys("media/reports/")
    assert len(report_keys) == 1, stack.s3.keys("media/")
    stored = stack.s3.client().get_object(Bucket=stack.s3.bucket, Key=report_keys[-1])["Body"].read()
    assert stored == pdf.content

    # nothing landed on a replica's disk: every file is in the bucket
    for name, media in stack.media_roots.items():
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), name

    # the worker measured the job; its log lines carry the id of the request that asked for the report
    metrics = requests.get(stack.worker_metrics, timeout=10).text
    assert 'dtsystem_celery_task_duration_seconds_count{state="SUCCESS",task="reports.build"}' in metrics
    worker_log = next(p for p in stack.processes if p.name == "worker").log.read_text()
    lines = [json.loads(line) for line in worker_log.splitlines() if line.startswith("{")]
    assert any(e["request_id"] == asked.headers["X-Request-ID"] for e in lines), worker_log[-3000:]
