from __future__ import annotations

from django import forms

from backstride_web.api.models import Scope

VALIDITY = [("30", "30 days"), ("90", "90 days"), ("365", "a year"), ("", "until I revoke it")]


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=60, help_text="What it is for, e.g. “my sync script” or “clinic dashboard”."
    )
    scope = forms.ChoiceField(
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read only cannot change anything. Choose write only if the tool adds data.",
    )
    valid_for = forms.TypedChoiceField(
        label="Valid for", choices=VALIDITY, coerce=int, empty_value=None, required=False
    )
