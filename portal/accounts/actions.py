from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.codes import mask_phone, security_sms

User = get_user_model()


@transaction.atomic
def applicant_sign_up(
    *,
    username: str,
    name: str,
    phone: str,
    email: str,
    password_hash: str,
    language: str,
    phone_verified_at=None,
) -> User:
    """Make an applicant's account, once its number is confirmed by a code (the sign-up pages
    keep the password hashed until then). Staff accounts are made by an administrator."""
    user = User(
        username=username,
        name=name,
        phone=phone,
        phone_verified_at=phone_verified_at,
        email=email,
        language=language,
        role=User.Role.APPLICANT,
        password=password_hash,
    )
    user.full_clean()
    user.save()
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def password_changed(*, user: User) -> None:
    """Tell the person by SMS that their password was changed (by them or by a reset), so that
    someone who did not do it knows at once; a claim letter printed before and every API token
    no longer work."""
    from portal.accounts.claims import claims_cancel
    from portal.accounts.tokens import tokens_revoke_all

    claims_cancel(user=user)
    tokens_revoke_all(user=user)  # whoever had the old password had a token with it
    with translation.override(user.language):
        text = _(
            "[Fanxiang] The password of your account was changed on %(when)s. If it was not "
            "you, come to the service centre with your ID card."
        ) % {"when": _when(timezone.now())}
    transaction.on_commit(lambda: security_sms(phones=[user.phone], text=text))


@transaction.atomic
def phone_set(*, user: User, phone: str) -> None:
    """The account's number is `phone`, proved by a code sent to it; a change is told to the old
    number and the new one. Another account's number is refused."""
    if User._default_manager.filter(phone=phone).exclude(pk=user.pk).exists():
        raise ValidationError({"phone": _("This number is on another account.")}, code="taken")
    from portal.accounts.claims import claims_cancel

    old = user.phone
    user.phone = phone
    user.phone_verified_at = timezone.now()
    user.save(update_fields=["phone", "phone_verified_at"])
    claims_cancel(user=user)  # the account is in its owner's hands now
    if old == phone:
        return
    with translation.override(user.language):
        text = _(
            "[Fanxiang] The mobile number of your account was changed to %(phone)s on "
            "%(when)s. If it was not you, come to the service centre with your ID card."
        ) % {"phone": mask_phone(phone), "when": _when(user.phone_verified_at)}
    transaction.on_commit(lambda: security_sms(phones=[old, phone], text=text))
