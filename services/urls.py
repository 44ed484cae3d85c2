from django.urls import path

from services import manage_views, views

app_name = "services"

urlpatterns = [
    path("programmes/", views.catalogue, name="catalogue"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("departments/", views.DepartmentListView.as_view(), name="departments"),
    path("screener/", views.screener, name="screener"),
    path("screener/results/", views.screener_results, name="screener_results"),
    path("manage/programmes/", manage_views.manage_list, name="manage_list"),
    path("manage/searches/", manage_views.manage_searches, name="manage_searches"),
    path("manage/programmes/new/", manage_views.manage_create, name="manage_create"),
    path("manage/programmes/<slug:slug>/", manage_views.manage_edit, name="manage_edit"),
    path(
        "manage/programmes/<slug:slug>/preview/", manage_views.manage_preview, name="manage_preview"
    ),
    path("manage/programmes/<slug:slug>/status/", manage_views.manage_status, name="manage_status"),
    path(
        "manage/programmes/<slug:slug>/sessions/new/",
        manage_views.manage_session,
        name="manage_session_add",
    ),
    path(
        "manage/programmes/<slug:slug>/sessions/<int:session_id>/",
        manage_views.manage_session,
        name="manage_session_edit",
    ),
]
