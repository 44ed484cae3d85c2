from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django.views.i18n import set_language as django_set_language

from portal.accounts.actions import applicant_sign_up, user_set_language
from portal.accounts.forms import SignInForm, SignUpForm


def _set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class SignUpView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"language": self.request.LANGUAGE_CODE}

    def form_valid(self, form):
        user = applicant_sign_up(
            username=form.cleaned_data["username"],
            name=form.cleaned_data["name"],
            phone=form.cleaned_data["phone"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            language=form.cleaned_data["language"],
        )
        login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(
            self.request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.name}
        )
        response = redirect(_safe_next(self.request, reverse_lazy("home")))
        _set_language_cookie(response, user.language)
        return response


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The language chosen on this visit wins and is remembered; else the account's."""
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES):
            user_set_language(user=user, language=chosen)
        response = super().form_valid(form)
        _set_language_cookie(response, user.language)
        return response


@require_POST
def set_language(request):
    """Switch the interface language, and remember it on the account of a signed-in user."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response
