from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from portal.health import run_checks


class HomeView(TemplateView):
    template_name = "portal/home.html"


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
