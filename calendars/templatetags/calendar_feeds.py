"""{% calendar_feeds_panel %}: the profile page's card of iCal feeds (the accounts app, a lower layer,
shows it without importing this app)."""

from django import template
from django.conf import settings
from django.urls import reverse

from .. import selectors

register = template.Library()


@register.inclusion_tag("calendars/_profile_panel.html", takes_context=True)
def calendar_feeds_panel(context):
    user = context["request"].user
    feeds = selectors.feeds_of(user=user)
    site = settings.SITE_URL.rstrip("/")
    rows = [{"feed": f, "url": site + reverse("calendars:feed", args=[f.token])} for f in feeds]
    taken = {f.unit_id for f in feeds}
    return {
        "rows": rows,
        "has_personal": None in taken,
        "units": [u for u in selectors.feed_units(user=user) if u.pk not in taken],
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
