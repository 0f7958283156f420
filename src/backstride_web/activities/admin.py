from django.contrib import admin

from backstride_web.activities.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("owner", "sport", "start_utc", "distance_m", "elapsed_s", "source_format")
    list_filter = ("sport", "source_format")
    search_fields = ("owner__email", "source_name")
    exclude = ("laps",)
