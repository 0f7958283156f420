from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from backstride_web.accounts.models import (
    CareGrant,
    ClinicianNote,
    LoginFailure,
    RunnerProfile,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "display_name", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "display_name", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),
    )


admin.site.register(RunnerProfile)
admin.site.register(CareGrant)
admin.site.register(LoginFailure)
admin.site.register(ClinicianNote)
