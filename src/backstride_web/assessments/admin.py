"""Read-only admin: assessment records are history and are never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from backstride_web.assessments.models import (
    Acknowledgement,
    InstrumentResponse,
    PainProfileEntry,
    Screen,
    SelfTestResult,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Screen)
class ScreenAdmin(ReadOnlyAdmin):
    list_display = ("runner", "form", "tier", "trigger", "answered_at")
    list_filter = ("form", "tier")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ("runner", "kind", "confirmed_at")


@admin.register(PainProfileEntry)
class PainProfileEntryAdmin(ReadOnlyAdmin):
    list_display = ("runner", "answered_at")


@admin.register(InstrumentResponse)
class InstrumentResponseAdmin(ReadOnlyAdmin):
    list_display = ("runner", "instrument", "score", "category", "answered_at")


@admin.register(SelfTestResult)
class SelfTestResultAdmin(ReadOnlyAdmin):
    list_display = ("runner", "name", "answered_at")
