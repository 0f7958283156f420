from django.contrib import admin

from backstride_web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "owner", "status", "progress", "attempts", "created_at")
    list_filter = ("status", "kind")
    readonly_fields = ("id", "created_at", "started_at", "finished_at", "heartbeat_at")
