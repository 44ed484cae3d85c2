"""/api/: the versioned endpoints, the OpenAPI document and a page that lists the endpoints."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from portal.api_docs import ApiDocsView

urlpatterns = [
    path("v1/", include("services.api_urls")),
    path("v1/", include("applications.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and Redoc load their scripts from a CDN; this page needs none.
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
]
