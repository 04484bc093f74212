"""{% may_import as flag %}: whether the user may import Excel/CSV files (dtsystem.policy.IMPORT_DATA),
for the import buttons of the list pages."""

from django import template

from dtsystem import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may_import(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and policy.may(user, policy.IMPORT_DATA))


@register.simple_tag(takes_context=True)
def may_update_from_file(context) -> bool:
    """Whether the user may work on many tasks at once (the update import, the bulk actions)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return policy.may(user, policy.WORK_ON_TASKS)
