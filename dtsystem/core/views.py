from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from dtsystem import policy
from dtsystem.common import home_panels
from dtsystem.units.selectors import memberships_for_user, unit_members


@login_required
def home(request):
    actor = policy.actor_for(request.user)
    memberships = list(memberships_for_user(user=request.user))
    unit_ids = {m.unit_id for m in memberships}
    members = list(unit_members(unit_ids=unit_ids)) if unit_ids else []
    members_by_unit: dict[int, list] = {}
    for m in members:
        members_by_unit.setdefault(m.unit_id, []).append(m)
    units = []
    seen = set()
    for m in memberships:
        if m.unit_id in seen:
            continue
        seen.add(m.unit_id)
        units.append(
            {
                "unit": m.unit,
                "my_roles": [x.get_role_display() for x in memberships if x.unit_id == m.unit_id],
                "members": members_by_unit.get(m.unit_id, []),
            }
        )
    context = {
        "actor": actor,
        "units": units,
        "panels": home_panels.render_panels(request, actor),
    }
    return render(request, "core/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
