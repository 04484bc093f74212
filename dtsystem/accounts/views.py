from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dtsystem import policy
from dtsystem.common import home_panels
from dtsystem.units.selectors import memberships_for_user, unit_members

from . import presenters, services


@login_required
def home(request):
    actor = policy.actor_for(request.user)
    memberships = list(memberships_for_user(user=request.user))
    unit_ids = {m.unit_id for m in memberships}
    members = list(unit_members(unit_ids=unit_ids)) if unit_ids else []
    context = {
        "actor": actor,
        "units": presenters.unit_cards(memberships, members),
        "panels": home_panels.render_panels(request, actor),
    }
    return render(request, "core/home.html", context)


@login_required
def profile(request):
    token = services.token_get(user=request.user)
    return render(request, "accounts/profile.html", {"token": token})


@login_required
@require_POST
def token_regenerate(request):
    services.token_regenerate(user=request.user)
    messages.success(request, _("Đã tạo mã truy cập API mới. Mã cũ không còn dùng được."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request):
    services.token_revoke(user=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập API."))
    return redirect("accounts:profile")
