from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="departments"),
]
