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
