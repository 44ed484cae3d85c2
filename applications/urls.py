from django.urls import path

from applications import (
    counter_views,
    number_views,
    privacy_views,
    programme_views,
    receipt_views,
    staff_views,
    views,
    wallet_views,
)

app_name = "applications"

urlpatterns = [
    path("me/profile/", views.profile, name="profile"),
    path("me/documents/", wallet_views.my_documents, name="my_documents"),
    path("me/documents/<int:document_id>/", wallet_views.my_document_file, name="my_document_file"),
    path(
        "me/documents/<int:document_id>/delete/",
        wallet_views.my_document_delete,
        name="my_document_delete",
    ),
    path("me/data/", privacy_views.my_data, name="my_data"),
    path("me/data/download/", privacy_views.my_data_download, name="my_data_download"),
    path("me/data/consent/", privacy_views.consent_withdraw, name="consent_withdraw"),
    path("me/data/delete/", privacy_views.erase, name="erase"),
    path("applications/", views.application_list, name="list"),
    path("applications/new/", programme_views.application_start, name="start"),
    path("applications/<int:application_id>/", views.application_detail, name="detail"),
    path(
        "applications/<int:application_id>/programmes/",
        programme_views.step_programmes,
        name="step_programmes",
    ),
    path("applications/<int:application_id>/profile/", views.step_profile, name="step_profile"),
    path(
        "applications/<int:application_id>/documents/",
        views.step_documents,
        name="step_documents",
    ),
    path("applications/<int:application_id>/review/", views.step_review, name="step_review"),
    path(
        "applications/<int:application_id>/referrals/<int:referral_id>/answer/",
        views.answer,
        name="answer",
    ),
    path("applications/<int:application_id>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:application_id>/receipt/", receipt_views.receipt, name="receipt"),
    path("track/", receipt_views.lookup, name="lookup"),
    path("documents/<int:document_id>/", views.document_download, name="document"),
    path("queue/", staff_views.queue, name="queue"),
    path("cases/<int:referral_id>/", staff_views.case, name="case"),
    path("cases/<int:referral_id>/id-number/", staff_views.case_id_number, name="case_id_number"),
    path("assist/", counter_views.assist, name="assist"),
    path("assist/code/", counter_views.assist_code, name="assist_code"),
    path(
        "assist/<int:application_id>/claim-letter/",
        counter_views.claim_letter,
        name="claim_letter",
    ),
    path("assist/number/", number_views.number_change, name="number_change"),
    path("assist/number/code/", number_views.number_change_code, name="number_change_code"),
]
