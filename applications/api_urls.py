"""Version 1 of the intake API: tokens, the profile, applications, and departments' referrals."""

from django.urls import path

from applications.api import applicant, documents, official, profile
from portal.accounts.api import TokenView

app_name = "intake_api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/profile/", profile.ProfileView.as_view(), name="profile"),
    path("me/documents/", documents.WalletView.as_view(), name="my-documents"),
    path(
        "me/documents/<int:document_id>/",
        documents.WalletDocumentView.as_view(),
        name="my-document",
    ),
    path("applications/", applicant.ApplicationListView.as_view(), name="application-list"),
    path(
        "applications/<int:application_id>/",
        applicant.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "applications/<int:application_id>/documents/",
        applicant.DocumentUploadView.as_view(),
        name="application-documents",
    ),
    path(
        "applications/<int:application_id>/checklist/",
        documents.DocumentChecklistView.as_view(),
        name="application-checklist",
    ),
    path(
        "applications/<int:application_id>/submit/",
        applicant.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path("referrals/", official.ReferralListView.as_view(), name="referral-list"),
    path(
        "referrals/<int:referral_id>/",
        official.ReferralDetailView.as_view(),
        name="referral-detail",
    ),
    path(
        "referrals/<int:referral_id>/actions/",
        official.ReferralActionView.as_view(),
        name="referral-actions",
    ),
]
