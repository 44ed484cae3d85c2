from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views
from portal.accounts.views import security_txt, set_language

admin.site.site_header = _("Fanxiang administration")
admin.site.site_title = _("Fanxiang")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("accounts/", include("portal.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("inbox/", include("portal.notifications.urls")),
    path("", include("services.urls")),
    path("", include("applications.urls")),
    path("api/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
]

# Only for `make bench` (bench/load.py): a page with no queries, the floor others compare with.
if settings.FANXIANG_BENCH_FLOOR:
    from portal.bench_views import floor

    urlpatterns.append(path("bench/floor/", floor))
