"""The permission matrix of the notice assistant (tests/support/permissions.py): reading a notice into
the review screen and saving it are the office's (MANAGE_DOCUMENTS); everyone else gets 403 and nothing
is written."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from directives.models import Document, Task
from dtsystem.units.models import Unit
from tests.support.forms import flat, form_data, with_issuing_body
from tests.support.permissions import OFFICE, Action, PermissionMatrix

ROOT = Path(__file__).resolve().parents[2]
NOTICE = (ROOT / "fixtures" / "notices" / "tb-quangngai-2022-02-14.txt").read_text(encoding="utf-8")
URL_NAME = "assistant:start"


def _read(client, world, url):
    """Step 1 posts the text and only reads: the review screen, nothing saved."""
    return client.post(url, {"step": "read", "text": NOTICE})


ACTIONS = (
    Action("assistant page", URL_NAME, OFFICE, method="get"),
    # a POST that only reads (the review screen), declared as a read so the base checks nothing changed
    Action("read a notice", URL_NAME, OFFICE, method="get", send=_read),
    Action(
        "save the reviewed notice",
        URL_NAME,
        OFFICE,
        data=lambda w: w.review,
        effect=lambda w: Document.objects.filter(title=w.review["title"]).exists(),
    ),
)


class TestAssistantWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (Document, Task, Unit)
    reads = {URL_NAME: "one URL: GET is the start page; POST reads (step=read) or saves (step=save)"}

    @pytest.fixture
    def world(self, office, own_unit):
        client = Client()
        client.force_login(office)
        html = client.post("/documents/assistant/", {"step": "read", "text": NOTICE}).content.decode()
        review = flat(with_issuing_body(form_data(html)))
        assert review.get("step") == "save" and review.get("title"), "the review form was not read back"
        for key in [k for k in review if k.startswith("tasks-") and k.endswith("-lead_unit")]:
            review[key] = str(own_unit.pk)  # the notice's units are not in this small world: pick one
        return SimpleNamespace(review=review)
