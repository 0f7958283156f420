from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.http import HttpRequest
from django.utils import timezone

from backstride_web.accounts import services
from backstride_web.accounts.models import (
    CareGrant,
    ClinicianNote,
    GoalRace,
    Role,
    RunnerProfile,
    Sex,
    User,
)


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address. Behind a proxy, configure it to set REMOTE_ADDR (we do not trust
    X-Forwarded-For, which any client can forge to dodge the rate limit)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


class SignupForm(BaseUserCreationForm):  # type: ignore[type-arg]
    role = forms.ChoiceField(
        choices=Role.choices,
        initial=Role.RUNNER,
        widget=forms.RadioSelect,
        label="I am a",
    )

    class Meta:
        model = User
        fields = ("email", "display_name", "role")
        help_texts = {"display_name": "How we greet you. Optional."}

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class LoginForm(AuthenticationForm):
    """Log in by e-mail, refusing further tries while an address or IP is locked out."""

    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail address and password do not match an account.",
        "locked_out": (
            "Too many failed log-ins. For your safety, try again in %(minutes)d minute(s) "
            "or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        ip_address = client_ip(self.request)
        now = timezone.now()
        lockout = services.login_lockout(email, ip_address, now=now)
        if lockout is not None:
            raise forms.ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": lockout.minutes},
            )
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            services.record_login_failure(email, ip_address, now=now)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        services.clear_login_failures(email)
        return self.cleaned_data


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    sex = forms.ChoiceField(choices=Sex.choices, widget=forms.RadioSelect, required=False)

    class Meta:
        model = RunnerProfile
        fields = (
            "birth_year",
            "sex",
            "height_cm",
            "weight_kg",
            "running_years",
            "weekly_distance_km",
            "other_sports",
            "goal_race",
            "goal_date",
            "units",
            "work_pattern",
            "sitting_hours_per_day",
        )
        widgets = {
            "goal_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "units": forms.RadioSelect,
        }
        help_texts = {
            "other_sports": "For example: weights 3x a week, football, rugby.",
            "sitting_hours_per_day": "Desk, lectures, driving: the total on a typical work day.",
            "weekly_distance_km": "In kilometres, averaged over the last month.",
        }

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        if year is not None and not (self.today.year - 100 <= year <= self.today.year - 10):
            raise forms.ValidationError(
                f"Enter a year between {self.today.year - 100} and {self.today.year - 10}."
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        race = cleaned.get("goal_race")
        race_date = cleaned.get("goal_date")
        if race and race != GoalRace.NONE and race_date is None:
            self.add_error("goal_date", "Give the date of your goal race.")
        if race == GoalRace.NONE and race_date is not None:
            self.add_error("goal_race", "Choose the race you are training for, or clear the date.")
        if race_date is not None and race_date < self.today:
            self.add_error("goal_date", "The race date is in the past.")
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Clinician's e-mail address",
        required=False,
        help_text="Leave empty to get a code you pass on yourself.",
    )
    scope = forms.ChoiceField(
        choices=CareGrant.Scope.choices,
        initial=CareGrant.Scope.READ,
        widget=forms.RadioSelect,
        label="What they may do",
    )


class AcceptInvitationForm(forms.Form):
    code = forms.CharField(label="Invitation code", max_length=16, help_text="Like ABCD-2345.")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput)
    confirm = forms.CharField(label='Type "delete everything" to confirm', max_length=40)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_confirm(self) -> str:
        text = str(self.cleaned_data["confirm"]).strip().lower()
        if text != "delete everything":
            raise forms.ValidationError('Type exactly "delete everything".')
        return text


class ClinicianNoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note for this runner",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=ClinicianNote.MAX_LENGTH,
        help_text="The runner sees it, marked as entered by you.",
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError("Write the note first.")
        return text
