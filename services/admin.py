from django.contrib import admin

from services.models import Department, Park


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "phone"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_zh", "name_en"]
    search_fields = ["slug", "name_zh", "name_en"]
    filter_horizontal = ["managers"]
