from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
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


def locked_out(request, response=None, credentials=None):
    """The login page when signing in is throttled (django-axes' AXES_LOCKOUT_CALLABLE): 429, how long, and
    whom to ask. Also answers the admin's login page, which goes through the same gate."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Đăng nhập tài khoản này từ địa chỉ của bạn đã bị tạm khóa vì nhập sai mật khẩu quá nhiều lần "
        "(%(limit)s lần). Hãy thử lại sau %(minutes)s phút, hoặc liên hệ %(contact)s để được mở khóa ngay. "
        "Nếu quên mật khẩu, hãy dùng “Quên mật khẩu?” để đặt lại qua e-mail."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes, "contact": settings.SUPPORT_CONTACT}
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked_out": message,
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address and e-mails a one-time link (Vietnamese subject, text and HTML). The link is
    built on SITE_URL, never on the request's Host header; an unknown address gets the same answer and no
    e-mail (Django's PasswordResetForm sends only to active users with a usable password)."""

    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "province_name": settings.PROVINCE_NAME,
        }
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link's page: a new password (the password validators apply). Whoever reads the account's mailbox
    owns the account, so a reset also lifts a sign-in lock of the account (django-axes)."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
