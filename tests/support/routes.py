"""The routes of the URL conf, and which permission test module declares each of them.

A route whose view answers only GET (by its decorators or its class) writes nothing and needs no
declaration. Every other route (a POST/PUT/PATCH/DELETE, or a plain function view that answers any
method) belongs, by its name, to one permission test module (OWNERS), which must declare each of its
writes, or say why the route only reads; a few routes are left out on purpose (SKIPPED)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
IMPLICIT_METHODS = frozenset({"head", "options"})  # what a view answers along with GET, on its own

# URL name prefix → why its routes are not in any permission matrix
SKIPPED = {
    "admin:": "the Django admin (administrators only, guarded by Django's own is_staff checks)",
    "login": "signing in is open to everyone by design",
    "logout": "signing out touches only the visitor's own session",
    "accounts:password_change": "Django's password change: one's own password, behind the old one",
    "accounts:password_reset": "password reset by e-mail: open to everyone by design, reveals nothing",
    "accounts:password_reset_done": "password reset: the 'e-mail sent' page, writes nothing",
    "accounts:password_reset_confirm": "password reset: the e-mailed link, its one-time token is the key",
    "accounts:password_reset_complete": "password reset: the 'done' page, writes nothing",
    "set_language": "i18n: the language of one's own session",
}

# URL name prefix → the permission test module that declares the routes (the longest prefix wins)
OWNERS = {
    "directives:": "tests.directives.test_pages_permissions",
    "task_imports:": "tests.directives.test_pages_permissions",
    "api:document-": "tests.directives.test_api_permissions",
    "api:task-": "tests.directives.test_api_permissions",
    "api:extension-request-": "tests.directives.test_api_permissions",
    "assistant:": "tests.assistant.test_permissions",
    "plans:": "tests.plans.test_permissions",
    "api:plan-": "tests.plans.test_permissions",
    "api:budget-line-": "tests.plans.test_permissions",
    "kpis:": "tests.kpis.test_permissions",
    "api:kpi-": "tests.kpis.test_permissions",
    "units:": "tests.units.test_permissions",
    "units:group_list": "tests.units.test_group_permissions",
    "units:group_create": "tests.units.test_group_permissions",
    "units:group_edit": "tests.units.test_group_permissions",
    "api:unit-group-": "tests.units.test_group_permissions",
    "directives:task_children_confirm": "tests.directives.test_group_permissions",
    "directives:task_group_add_members": "tests.directives.test_group_permissions",
    "directives:task_forward": "tests.directives.test_group_permissions",
    "api:task-forward": "tests.directives.test_group_permissions",
    "api:task-confirm-children": "tests.directives.test_group_permissions",
    "api:task-add-members": "tests.directives.test_group_permissions",
    "unit_imports:": "tests.units.test_permissions",
    "api:unit-": "tests.units.test_permissions",
    "home": "tests.accounts.test_permissions",
    "accounts:": "tests.accounts.test_permissions",
    "reminders:": "tests.reminders.test_permissions",
    "reports:": "tests.reports.test_permissions",
    "outputs:": "tests.outputs.test_permissions",
    "api:scorecards": "tests.outputs.test_permissions",
    "healthz": "tests.core.test_route_permissions",
    # coordinating units' contributions (issue 12, part 3)
    "directives:contribution_create": "tests.directives.test_contributions_permissions",
    "directives:input_request_list": "tests.directives.test_contributions_permissions",
    "api:task-contributions": "tests.directives.test_contributions_permissions",
    "api:input-request-": "tests.directives.test_contributions_permissions",
    "as_of_switch": "tests.clerk.test_demo_as_of",
    "task_imports:task_update_import": "tests.clerk.test_update_import",
    "directives:task_bulk": "tests.clerk.test_bulk",
    "api:task-bulk": "tests.clerk.test_bulk",
    "readyz": "tests.core.test_route_permissions",
    "health": "tests.core.test_route_permissions",
    "metrics": "tests.core.test_route_permissions",
    "inbox:": "tests.inbox.test_permissions",
    "api:inbox-": "tests.inbox.test_permissions",
    "calendars:": "tests.calendars.test_permissions",
    # saved filters of the task list (issue 15, part 6)
    "directives:saved_filter_create": "tests.clerk.test_saved_filters",
    "directives:saved_filter_delete": "tests.clerk.test_saved_filters",
    "api:saved-filter-": "tests.clerk.test_saved_filters",
}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name ("api:task-transition")
    pattern: str
    methods: frozenset[str] | None  # the HTTP methods its view answers (lower case); None: any method


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or (prefix.endswith((":", "-")) and name.startswith(prefix))


def _longest(name: str, table: dict) -> str | None:
    prefixes = [p for p in table if _matches(name, p)]
    return table[max(prefixes, key=len)] if prefixes else None


def skip_reason(name: str) -> str | None:
    return _longest(name, SKIPPED)


def owner_of(name: str) -> str | None:
    return _longest(name, OWNERS)


def owner_exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def view_methods(callback) -> frozenset[str] | None:
    """What a view answers: a DRF viewset its router's actions, a class view its handlers, a function
    view the list of require_http_methods (require_GET, require_POST) if it has one, else None."""
    actions = getattr(callback, "actions", None)
    if actions:  # DRF adds "head" to it on the first GET
        return frozenset(actions) - IMPLICIT_METHODS
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        return frozenset(m for m in view_class.http_method_names if hasattr(view_class, m)) - IMPLICIT_METHODS
    function = callback
    while function is not None:
        code, cells = getattr(function, "__code__", None), getattr(function, "__closure__", None) or ()
        if code is not None and "request_method_list" in code.co_freevars:
            allowed = cells[code.co_freevars.index("request_method_list")].cell_contents
            return frozenset(m.lower() for m in allowed) - IMPLICIT_METHODS
        function = getattr(function, "__wrapped__", None)
    return None


def _walk(patterns, namespaces=(), prefix=""):
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            name = ":".join((*namespaces, pattern.name or f"<unnamed {prefix}{pattern.pattern}>"))
            yield Route(name, prefix + str(pattern.pattern), view_methods(pattern.callback))


@cache
def url_routes() -> dict[str, Route]:
    """Every route of the URL conf by name (DRF's format-suffix twins fold into one)."""
    from django.urls import get_resolver

    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        routes.setdefault(route.name, route)
    return routes


def needs_declaring(route: Route) -> bool:
    """A route that may write: it answers a write method, or any method."""
    return route.methods is None or bool(route.methods & WRITE_METHODS)
