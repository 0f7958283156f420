"""Forms built from the knowledge files: one field per question, item or value.

Django checks the shape of each answer (required, a valid choice, a number in range); the
core then scores it, and an :class:`~backstride.errors.InputError` it raises is shown on the
field it names (:func:`add_input_error`).
"""

from __future__ import annotations

from typing import Any

from django import forms

from backstride.assess import instruments, redflags, selftests
from backstride.assess.pain_profile import (
    AGGRAVATORS,
    CHARACTERS,
    LOCATIONS,
    RELIEVERS,
    WARM_UP_EFFECTS,
)
from backstride.errors import InputError
from backstride_web.assessments.models import NOTE_MAX_LENGTH

ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), ("unsure", "Unsure")]


def add_input_error(form: forms.Form, error: InputError) -> None:
    """Show ``error`` on the field it names, or above the form when it names none."""
    field = error.source if error.source in form.fields else None
    form.add_error(field, error.message if field else str(error))


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


class ScreenForm(forms.Form):
    """The red-flag screen: yes / no / unsure for each question; follow-ups only when needed."""

    def __init__(self, *args: Any, short: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.short = short
        self.questions = redflags.questions(short=short)
        for question in self.questions:
            follow_up = question.follow_up_of is not None
            self.fields[question.id] = forms.ChoiceField(
                label=question.text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=not follow_up,
                help_text=(
                    f"Only if you answered yes or unsure to {question.follow_up_of} above."
                    if follow_up
                    else ""
                ),
            )

    def answers(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


class ClearanceForm(forms.Form):
    confirm = forms.BooleanField(
        label=(
            "A doctor or physiotherapist has checked me since I answered the screen and told me "
            "I may exercise and run again."
        ),
        required=True,
    )
    note = forms.CharField(
        label="Who checked you and what they said (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, _label(value)) for value in values]


class PainProfileForm(forms.Form):
    years_with_pain = forms.FloatField(
        label="How many years ago did the pain start?", min_value=0, max_value=80
    )
    onset_minute = forms.FloatField(
        label="Minute into a continuous run when the pain usually starts",
        min_value=0,
        max_value=600,
        required=False,
        help_text="Leave empty if it does not come on while running.",
    )
    character = forms.MultipleChoiceField(
        label="What does it feel like?",
        choices=_choices(CHARACTERS),
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.MultipleChoiceField(
        label="Where is it?", choices=_choices(LOCATIONS), widget=forms.CheckboxSelectMultiple
    )
    warm_up_effect = forms.ChoiceField(
        label="What does a long warm-up do to it?",
        choices=_choices(WARM_UP_EFFECTS),
        widget=forms.RadioSelect,
    )
    aggravators = forms.MultipleChoiceField(
        label="What makes it worse?",
        choices=_choices(AGGRAVATORS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    relievers = forms.MultipleChoiceField(
        label="What eases it?",
        choices=_choices(RELIEVERS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_sports = forms.CharField(
        label="Other sports", max_length=400, required=False, help_text="Separate with commas."
    )
    sitting_hours_per_day = forms.FloatField(
        label="Hours sitting per day", min_value=0, max_value=24
    )
    goal = forms.CharField(
        label="Your goal", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def data_for_core(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["other_sports"] = [s.strip() for s in data["other_sports"].split(",") if s.strip()]
        return data


class InstrumentForm(forms.Form):
    """The items of one instrument; :meth:`answers` gives the scorer's input."""

    def __init__(self, *args: Any, instrument: instruments.Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        name = instrument.name
        labels = instrument.extra.get("section_labels", {})
        for item in instrument.items:
            key = f"section{item.number}" if name == "odi" else f"item{item.number}"
            if name == "run_outcome":
                key = item.key
                limit = 600 if key == "pain_free_minutes" else 10
                self.fields[key] = forms.FloatField(
                    label=item.text,
                    min_value=0,
                    max_value=limit,
                    required=key != "baseline_morning_pain",
                )
            elif name == "odi":
                self.fields[key] = forms.TypedMultipleChoiceField(
                    label=f"Section {item.number}: {labels.get(item.key, item.key)}",
                    choices=[(str(n), str(n)) for n in range(6)],
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    help_text=(
                        "The statement number ticked (0-5) on the licensed form; leave empty if "
                        "unanswered. If two are ticked, tick both: the higher one is scored."
                    ),
                )
            elif name == "rmdq":
                self.fields[key] = forms.ChoiceField(
                    label=f"Statement {item.number}",
                    choices=[("yes", "Ticked"), ("no", "Not ticked")],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[key] = forms.ChoiceField(
                    label=f"{item.number}. {item.text}",
                    choices=[(option, option) for option in item.options],
                    widget=forms.RadioSelect,
                )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        name = self.instrument.name
        if name == "run_outcome":
            return {
                key: (int(value) if key != "pain_free_minutes" and value.is_integer() else value)
                for key, value in data.items()
                if value is not None
            }
        if name == "odi":
            found: dict[str, Any] = {}
            for key, ticks in data.items():
                number = key.removeprefix("section")
                if ticks:
                    found[number] = ticks[0] if len(ticks) == 1 else list(ticks)
            return found
        return {key.removeprefix("item"): value for key, value in data.items()}


class SelfTestForm(forms.Form):
    """The values to record for one self-test."""

    def __init__(self, *args: Any, test: selftests.SelfTest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.test = test
        for field in test.fields:
            if field.kind == "bool":
                self.fields[field.key] = forms.TypedChoiceField(
                    label=field.label,
                    choices=[("yes", "Yes"), ("no", "No")],
                    coerce=lambda value: value == "yes",
                    widget=forms.RadioSelect,
                    required=field.required,
                    empty_value=None,
                )
            else:
                unit = "seconds" if field.kind == "seconds" else "degrees"
                self.fields[field.key] = forms.FloatField(
                    label=field.label,
                    min_value=0,
                    max_value=field.maximum,
                    required=field.required,
                    help_text=f"0-{field.maximum:g} {unit}.",
                    widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
                )

    def values(self) -> dict[str, object]:
        return {key: value for key, value in self.cleaned_data.items() if value is not None}


class ClinicianSelfTestForm(SelfTestForm):
    """A clinical test result a clinician enters for a runner: the same values, and a note."""

    def __init__(self, *args: Any, test: selftests.SelfTest, **kwargs: Any) -> None:
        super().__init__(*args, test=test, **kwargs)
        self.fields["note"] = forms.CharField(
            label="Clinician's note (optional)",
            required=False,
            max_length=NOTE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=f"Seen by the runner with your name; at most {NOTE_MAX_LENGTH} characters.",
        )

    def values(self) -> dict[str, object]:
        return {k: v for k, v in super().values().items() if k != "note"}

    def note(self) -> str:
        return str(self.cleaned_data.get("note") or "")
