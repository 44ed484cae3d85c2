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
