from django.conf import settings
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from portal.health import run_checks


class HomeView(TemplateView):
    """The home page; what the apps want a signed-in person to see first comes on top
    (settings.HOME_PANELS: callables taking the request, returning HTML or nothing)."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panels = []
        if self.request.user.is_authenticated:
            panels = [import_string(path)(self.request) for path in settings.HOME_PANELS]
        context["panels"] = [panel for panel in panels if panel]
        return context


@never_cache
def healthz(request):
    """200 when the database and the broker answer; 503 naming each one that does not."""
    results = run_checks()
    failing = {name: problem for name, problem in results.items() if problem}
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: problem or "ok" for name, problem in results.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
