"""The goal form and the weekly review form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from backstride.plan.adapt import ALARM_SYMPTOMS, SessionOutcome
from backstride.plan.model import RACES, Session

RACE_CHOICES = [(race.id, race.name) for race in RACES.values()]
PAIN_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(11))]
SYMPTOM_LABELS = {
    "leg": "New pain in the leg (thigh or below the knee)",
    "numbness": "Numbness",
    "tingling": "Tingling or pins and needles",
    "weakness": "Weakness in a leg",
    "bladder": "Change in bladder control",
    "bowel": "Change in bowel control",
    "saddle": "Numbness between the legs (saddle area)",
}
MAX_YEARS_AHEAD = 3


class GoalForm(forms.Form):
    race = forms.ChoiceField(label="Goal race", choices=RACE_CHOICES)
    race_day = forms.DateField(
        label="Race day",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The plan runs from tomorrow to this day.",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_race_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["race_day"]
        if day <= self.today + datetime.timedelta(days=7):
            raise forms.ValidationError("Choose a race day more than a week from today.")
        if day > self.today.replace(year=self.today.year + MAX_YEARS_AHEAD):
            raise forms.ValidationError(
                f"Choose a race day within {MAX_YEARS_AHEAD} years from today."
            )
        return day


class ReviewForm(forms.Form):
    """One row per planned run of the week: done?, pain during, pain next morning; and any
    new symptoms of the week (these send the runner to the safety re-screen)."""

    new_symptoms = forms.MultipleChoiceField(
        label="Any new symptoms this week?",
        choices=[(s, SYMPTOM_LABELS.get(s, s)) for s in sorted(ALARM_SYMPTOMS)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that are new. Leave all empty if none.",
    )

    def __init__(self, *args: Any, sessions: list[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for i, session in enumerate(sessions):
            when = f"{session.day:%a %d %b}: {session.title or session.kind}"
            self.fields[f"done_{i}"] = forms.BooleanField(label=f"{when} — done", required=False)
            self.fields[f"pain_during_{i}"] = forms.TypedChoiceField(
                label=f"{when} — worst pain during (0-10)",
                choices=PAIN_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"pain_next_morning_{i}"] = forms.TypedChoiceField(
                label=f"{when} — pain next morning (0-10)",
                choices=PAIN_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
        self.order_fields([*(k for k in self.fields if k != "new_symptoms"), "new_symptoms"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.sessions and not data.get("new_symptoms"):
            raise forms.ValidationError(
                "No runs are due yet since your plan was last updated. Come back after your "
                "next runs; tick any new symptoms now, though."
            )
        for i in range(len(self.sessions)):
            done = data.get(f"done_{i}")
            if done and data.get(f"pain_during_{i}") is None:
                self.add_error(
                    f"pain_during_{i}", "Give the worst pain during this session (0 if none)."
                )
            if not done and data.get(f"pain_during_{i}") is not None:
                self.add_error(f"done_{i}", "Tick done if you did this session.")
        return data

    def outcomes(self, *, today: datetime.date) -> list[SessionOutcome]:
        data = self.cleaned_data
        symptoms = tuple(data.get("new_symptoms") or ())
        found = [
            SessionOutcome(
                day=session.day,
                done=bool(data.get(f"done_{i}")),
                pain_during=data.get(f"pain_during_{i}"),
                pain_next_morning=data.get(f"pain_next_morning_{i}"),
            )
            for i, session in enumerate(self.sessions)
        ]
        if symptoms:
            found.append(SessionOutcome(day=today, done=False, new_symptoms=symptoms))
        return found


class MarkForm(forms.Form):
    """Mark one planned session done or skipped (or clear the mark); ``back`` picks the page
    to return to, from a fixed list (never a URL from the post)."""

    status = forms.ChoiceField(
        choices=[("done", "Done"), ("skipped", "Skipped"), ("open", "Not marked")]
    )
    back = forms.ChoiceField(choices=[("overview", "plan"), ("session", "session")], required=False)
