"""Every route of the URL conf is in a permission matrix (tests/support/routes.py), or answers GET only,
or is left out on purpose with a reason; and the ground's own routes, the health and readiness probes and /metrics from loopback, are open."""

from types import SimpleNamespace

import pytest

from tests.support.permissions import Action, PermissionMatrix
from tests.support.personas import PERSONA_KEYS
from tests.support.routes import OWNERS, needs_declaring, owner_exists, owner_of, skip_reason, url_routes


def test_every_route_that_may_write_belongs_to_a_permission_matrix():
    orphans = [
        f"{route.name} ({route.pattern})"
        for route in url_routes().values()
        if needs_declaring(route) and not skip_reason(route.name) and owner_of(route.name) is None
    ]
    assert not orphans, (
        "routes that may write, in no permission matrix (tests/support/routes.py):\n" + "\n".join(orphans)
    )


@pytest.mark.parametrize("module", sorted(set(OWNERS.values())))
def test_every_owner_module_exists(module):
    assert owner_exists(module), module


def test_the_methods_of_views_are_read_from_their_decorators_and_classes():
    routes = url_routes()
    assert routes["directives:task_list"].methods == {"get"}  # require_GET
    assert routes["directives:task_transition"].methods == {"post"}  # require_POST
    assert routes["plans:plan_list"].methods is None  # login_required only: any method
    assert routes["api:task-transition"].methods == {"post"}  # a viewset action
    assert routes["api:document-detail"].methods == {"get", "put", "patch"}
    assert routes["api:dashboard"].methods == {"get"}  # an APIView


class TestGroundRoutes(PermissionMatrix):
    actions = (
        Action("health probe", "healthz", PERSONA_KEYS, method="get"),
        Action("readiness probe", "readyz", PERSONA_KEYS, method="get"),
        Action("health probe of the contract (readiness)", "health", PERSONA_KEYS, method="get"),
        Action("metrics from loopback", "metrics", PERSONA_KEYS, method="get"),
    )
    observe = ()

    @pytest.fixture
    def world(self, db):
        return SimpleNamespace()
