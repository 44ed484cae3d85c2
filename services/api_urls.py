"""Version 1 of the REST API: the catalogue, the eligibility check and the HSDS feed."""

from django.urls import path

from services import api

app_name = "api"

urlpatterns = [
    path("programmes/", api.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", api.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("eligibility/", api.EligibilityView.as_view(), name="eligibility"),
    path("hsds/services/", api.HsdsServiceListView.as_view(), name="hsds-services"),
]
