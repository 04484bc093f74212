"""The policy module against every role, for own-unit, other-unit and coordinating-unit objects."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from dtsystem import policy
from dtsystem.units.choices import Role
from tests.factories import MembershipFactory, UnitFactory


class FakeTask(SimpleNamespace):
    """A task-like object: policy only reads lead_unit_id and the coordinating units."""

    pk = None

    @property
    def _prefetched_objects_cache(self):
        return {"coordinating_units": self.coord}


@pytest.fixture
def tasks(own_unit, other_unit, coord_unit):
    return {
        "own": FakeTask(lead_unit_id=own_unit.pk, coord=[coord_unit]),
        "other": FakeTask(lead_unit_id=other_unit.pk, coord=[]),
        "coordinated": FakeTask(lead_unit_id=other_unit.pk, coord=[own_unit]),
    }


WRITES = [
    policy.TASK_EDIT,
    policy.TASK_REPORT_PROGRESS,
    policy.TASK_START,
    policy.TASK_REPORT_DONE,
    policy.TASK_CONFIRM_DONE,
    policy.TASK_REOPEN,
    policy.TASK_PAUSE,
    policy.TASK_RESUME,
    policy.TASK_CANCEL,
    policy.TASK_REQUEST_EXTENSION,
]
UNIT_WORK = {policy.TASK_REPORT_PROGRESS, policy.TASK_START, policy.TASK_REPORT_DONE}

# persona -> task key -> set of allowed writes
EXPECTED = {
    "office": {"own": set(WRITES), "other": set(WRITES), "coordinated": set(WRITES)},
    "admin": {"own": set(WRITES), "other": set(WRITES), "coordinated": set(WRITES)},
    "lead": {"own": UNIT_WORK | {policy.TASK_REQUEST_EXTENSION}, "other": set(), "coordinated": set()},
    "staff": {"own": set(UNIT_WORK), "other": set(), "coordinated": set()},
    "other_lead": {
        "own": set(),
        "other": UNIT_WORK | {policy.TASK_REQUEST_EXTENSION},
        "coordinated": UNIT_WORK | {policy.TASK_REQUEST_EXTENSION},
    },
    "coord_lead": {"own": set(), "other": set(), "coordinated": set()},
    "committee": {"own": set(), "other": set(), "coordinated": set()},
    "anonymous": {"own": set(), "other": set(), "coordinated": set()},
}


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize("task_key", ["own", "other", "coordinated"])
def test_task_writes_matrix(personas, tasks, persona, task_key):
    user = personas[persona] or AnonymousUser()
    allowed = {action for action in WRITES if policy.may(user, action, tasks[task_key])}
    assert allowed == EXPECTED[persona][task_key]
    for action in set(WRITES) - allowed:
        with pytest.raises(PermissionDenied):
            policy.require(user, action, tasks[task_key])


VIEW = {
    "office": {"own", "other", "coordinated"},
    "admin": {"own", "other", "coordinated"},
    "committee": {"own", "other", "coordinated"},
    "lead": {"own", "coordinated"},
    "staff": {"own", "coordinated"},
    "other_lead": {"other", "coordinated"},
    "coord_lead": {"own"},
    "anonymous": set(),
}


@pytest.mark.parametrize("persona", list(VIEW))
def test_task_visibility(personas, tasks, persona):
    user = personas[persona] or AnonymousUser()
    assert {k for k, t in tasks.items() if policy.may(user, policy.TASK_VIEW, t)} == VIEW[persona]


GLOBAL = {
    "office": {
        policy.VIEW_ALL,
        policy.MANAGE_DOCUMENTS,
        policy.IMPORT_DATA,
        policy.DECIDE_EXTENSIONS,
        policy.RECORD_DISBURSEMENT,
        policy.VIEW_REPORTS,
        policy.VIEW_DASHBOARD,
        policy.MANAGE_REMINDERS,
    },
    "committee": {policy.VIEW_ALL, policy.VIEW_REPORTS, policy.VIEW_DASHBOARD},
    "lead": {policy.VIEW_DASHBOARD},
    "staff": {policy.VIEW_DASHBOARD},
    "anonymous": set(),
}
GLOBAL_ACTIONS = [
    policy.VIEW_ALL,
    policy.MANAGE_DOCUMENTS,
    policy.IMPORT_DATA,
    policy.DECIDE_EXTENSIONS,
    policy.RECORD_DISBURSEMENT,
    policy.VIEW_REPORTS,
    policy.VIEW_DASHBOARD,
    policy.MANAGE_SETTINGS,
    policy.MANAGE_REMINDERS,
]


@pytest.mark.parametrize("persona", list(GLOBAL))
def test_global_actions(personas, persona):
    user = personas[persona] or AnonymousUser()
    assert {a for a in GLOBAL_ACTIONS if policy.may(user, a)} == GLOBAL[persona]


def test_admin_may_do_everything(admin_user, tasks):
    assert all(policy.may(admin_user, a) for a in GLOBAL_ACTIONS)


def test_lead_of_parent_unit_acts_for_child_unit(lead, own_unit):
    child = UnitFactory(parent=own_unit, name="Trung tâm Công nghệ thông tin và Truyền thông")
    task = FakeTask(lead_unit_id=child.pk, coord=[])
    assert policy.may(lead, policy.TASK_REPORT_PROGRESS, task)
    assert policy.may(lead, policy.TASK_REQUEST_EXTENSION, task)


def test_staff_of_child_unit_cannot_act_for_parent(own_unit):
    child = UnitFactory(parent=own_unit)
    user = MembershipFactory(unit=child, role=Role.LEAD).user
    assert not policy.may(user, policy.TASK_REPORT_PROGRESS, FakeTask(lead_unit_id=own_unit.pk, coord=[]))


def test_inactive_unit_gives_no_rights(own_unit):
    user = MembershipFactory(unit=own_unit, role=Role.LEAD).user
    own_unit.is_active = False
    own_unit.save()
    assert not policy.may(user, policy.TASK_REPORT_PROGRESS, FakeTask(lead_unit_id=own_unit.pk, coord=[]))


def test_kpi_measure_only_responsible_unit_or_office(lead, other_lead, office, committee, own_unit):
    kpi = SimpleNamespace(responsible_unit_id=own_unit.pk)
    assert policy.may(lead, policy.KPI_MEASURE, kpi)
    assert policy.may(office, policy.KPI_MEASURE, kpi)
    assert not policy.may(other_lead, policy.KPI_MEASURE, kpi)
    assert not policy.may(committee, policy.KPI_MEASURE, kpi)
