from django.views.generic import ListView

from services.selectors import departments_directory


class DepartmentListView(ListView):
    """Who does what: every department with what it offers and how to reach it."""

    template_name = "services/department_list.html"
    context_object_name = "departments"

    def get_queryset(self):
        return departments_directory()
