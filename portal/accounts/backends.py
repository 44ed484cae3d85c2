from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portal.accounts.phones import is_mobile_number, normalize_phone


def user_for_identifier(identifier: str):
    """The user a sign-in identifier names: an e-mail address, a mobile number or a user name.

    User names may not contain "@" nor be all digits (see the sign-up form), so an identifier
    can only ever name one user.
    """
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        lookup = {"email__iexact": identifier}
    elif is_mobile_number(identifier):
        lookup = {"phone": normalize_phone(identifier)}
    else:
        lookup = {"username__iexact": identifier}
    try:
        return User._default_manager.get(**lookup)
    except (User.DoesNotExist, User.MultipleObjectsReturned):
        return None


class IdentifierBackend(ModelBackend):
    """Sign in with a user name, a mobile number or an e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            # Spend the time a password check takes, so timing does not tell who exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LockoutBackend(AxesStandaloneBackend):
    """Refuses every sign-in of a locked-out account or address, before any password check.

    A sign-in without a request (the shell, a test client's login()) has no address to count
    and is not a guess through the portal: it is not checked (django-axes would raise).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PhoneCodeBackend(ModelBackend):
    """Sign in (or prove oneself to set a new password) with a confirmed mobile number and the
    code just sent to it: authenticate(request, username=phone, code=..., purpose=...).

    Through authenticate(), a wrong code is a failed sign-in like a wrong password, counted by
    django-axes against the same account, and refused the same way while it is locked out.
    """

    def authenticate(self, request, username=None, code=None, purpose=None, **kwargs):
        from portal.accounts import codes  # codes imports throttling, which imports this

        if username is None or code is None or purpose not in codes.SIGN_IN_PURPOSES:
            return None
        phone = normalize_phone(username)
        if not is_mobile_number(phone):
            return None
        if not codes.code_take(phone=phone, purpose=purpose, code=code):
            return None
        # Applicants only: a staff account is not opened by whoever holds its SIM card.
        user = (
            get_user_model()
            ._default_manager.filter(phone=phone, phone_verified_at__isnull=False, role="applicant")
            .first()
        )
        if user is not None and self.user_can_authenticate(user):
            return user
        return None
