from django.contrib.auth import get_user_model
from django.db import transaction

User = get_user_model()


@transaction.atomic
def applicant_sign_up(
    *, username: str, name: str, phone: str, email: str, password: str, language: str
) -> User:
    """Make an applicant's account. Staff accounts are made by an administrator instead."""
    user = User(
        username=username,
        name=name,
        phone=phone,
        email=email,
        language=language,
        role=User.Role.APPLICANT,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
