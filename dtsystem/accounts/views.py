from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services


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
