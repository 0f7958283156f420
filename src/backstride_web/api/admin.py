from django.contrib import admin

from backstride_web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Operators can see and revoke tokens; a token itself is never stored, only its hash."""

    list_display = ("name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("user__email", "name", "prefix")
    readonly_fields = ("user", "prefix", "secret_hash", "created_at", "last_used_at")
