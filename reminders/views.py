from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.accounts import services as account_services

from . import selectors, services
from .filters import DeliveryFilterSet
from .forms import ReminderPreferenceForm, ReminderSettingsForm


@login_required
def log(request):
    """What was sent, when, to whom, for which task, and what failed (office only)."""
    policy.require(request.user, policy.MANAGE_REMINDERS)
    filterset = DeliveryFilterSet(request.GET, queryset=selectors.delivery_list())
    qs = filterset.qs
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reminders/log.html",
        {
            "filter": filterset,
            "page": page,
            "counts": selectors.delivery_status_counts(qs),
            "config": services.reminder_settings_get(),
        },
    )


@login_required
def settings_edit(request):
    policy.require(request.user, policy.MANAGE_REMINDERS)
    config = services.reminder_settings_get()
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            services.reminder_settings_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu cấu hình nhắc việc."))
            return redirect("reminders:settings")
    else:
        form = ReminderSettingsForm(
            initial={
                "day_offsets": ", ".join(str(d) for d in config.offsets),
                "offsets_in_working_days": config.offsets_in_working_days,
                "send_hour": config.send_hour,
                "overdue_repeat_days": config.overdue_repeat_days,
                "escalate_after_days": config.escalate_after_days,
            }
        )
    return render(request, "reminders/settings.html", {"form": form, "config": config})


@login_required
def preferences(request):
    """The profile page with the user's reminder choices below it."""
    pref = services.reminder_preference_get(user=request.user)
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST, instance=pref)
        if form.is_valid():
            services.reminder_preference_update(
                user=request.user, **{k: form.cleaned_data[k] for k in selectors.PREF_FIELDS}
            )
            messages.success(request, _("Đã lưu lựa chọn nhận nhắc việc."))
            return redirect("reminders:preferences")
    else:
        form = ReminderPreferenceForm(instance=pref)
    return render(
        request,
        "reminders/preferences.html",
        {
            "form": form,
            "token": account_services.token_get(user=request.user),
            # The weekly digest goes to the office: only they choose whether they get it.
            "may_choose_digest": policy.may(request.user, policy.MANAGE_REMINDERS),
        },
    )
