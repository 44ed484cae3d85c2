from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def role_required(test):
    """Views for one kind of staff: anonymous visitors log in; anyone else gets a 404, so the
    page does not even show that it exists."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise Http404("Not for this role")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
