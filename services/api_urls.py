"""Version 1 of the REST API: the catalogue, the eligibility check and the HSDS feed."""

from django.urls import path

from services.api import catalogue, eligibility, hsds

app_name = "api"

urlpatterns = [
    path("programmes/", catalogue.ProgrammeListView.as_view(), name="programme-list"),
    path(
        "programmes/<slug:slug>/",
        catalogue.ProgrammeDetailView.as_view(),
        name="programme-detail",
    ),
    path("eligibility/", eligibility.EligibilityView.as_view(), name="eligibility"),
    path("hsds/services/", hsds.HsdsServiceListView.as_view(), name="hsds-services"),
]
