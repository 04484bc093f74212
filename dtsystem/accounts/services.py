from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token


def token_get(*, user) -> Token | None:
    return Token.objects.filter(user=user).first()


@transaction.atomic
def token_regenerate(*, user) -> Token:
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user) -> None:
    Token.objects.filter(user=user).delete()


def user_ensure(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
):
    """Create the user if missing, and (re)set the given fields; used by load_demo."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
