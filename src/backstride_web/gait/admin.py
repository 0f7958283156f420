from django.contrib import admin

from backstride_web.gait.models import GaitMetric, GaitSession


class GaitMetricInline(admin.TabularInline):  # type: ignore[type-arg]
    model = GaitMetric
    extra = 0
    can_delete = False
    readonly_fields = ("name", "unit", "median", "iqr", "n", "quality", "reason", "error_value")
    fields = readonly_fields


@admin.register(GaitSession)
class GaitSessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("runner", "created_at", "view", "label", "status", "steps_left", "steps_right")
    list_filter = ("status", "view")
    search_fields = ("runner__email", "label", "original_name")
    readonly_fields = ("folder", "job", "summary", "warnings", "analysed_at")
    inlines = (GaitMetricInline,)
