"""The set-up wizard's form, the stop form and the adherence answer.

The form only parses; the design is built and validated by the core
(:func:`~backstride.experiments.templates.design_from_template`,
:class:`~backstride.experiments.design.Design`) and the dates by
:func:`~backstride_web.experiments.services.create_experiment`. Their
:class:`~backstride.errors.InputError` ``source`` is mapped onto the field it names
(:func:`field_for`), so every error shows beside its field and nothing is saved.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django import forms

from backstride.errors import InputError
from backstride.experiments.design import (
    DEFAULT_BLOCKS,
    MAX_BLOCKS,
    OUTCOMES,
    SAFETY_STOP_NRS,
    Design,
    custom_design,
)
from backstride.experiments.templates import Template, design_from_template

CUSTOM = "custom"
WEEKDAYS = [
    ("0", "Mon"),
    ("1", "Tue"),
    ("2", "Wed"),
    ("3", "Thu"),
    ("4", "Fri"),
    ("5", "Sat"),
    ("6", "Sun"),
]
OUTCOME_LABELS = {
    "pain_free_min": "Pain-free minutes (until the pain starts; whole run if none)",
    "peak_pain": "Peak pain during the run (0-10)",
    "next_morning_pain": "Pain the next morning (0-10)",
}
UNIT_CHOICES = [("run", "Each arm is one run"), ("period", "Each arm is a period of days")]
SOURCE_FIELDS = {
    "arm_a": "label_a",
    "arm_b": "label_b",
    "period_days": "period_days",
    "washout_days": "washout_days",
    "unit": "unit",
    "name": "name",
    "n_blocks": "n_blocks",
    "run_in": "run_in",
    "min_gap_h": "min_gap_h",
    "fixed": "fixed",
    "primary": "primary",
    "safety_stop_nrs": "safety_stop_nrs",
    "start": "start",
    "run_days": "run_days",
    "shoes_a": "shoes_a",
    "shoes_b": "shoes_b",
}
"""InputError ``source`` -> form field; anything else is a form-wide error."""


def field_for(form: forms.Form, error: InputError) -> str | None:
    """The form field an :class:`InputError` belongs to (None: the whole form)."""
    name = SOURCE_FIELDS.get(error.source or "")
    return name if name is not None and name in form.fields else None


def add_input_error(form: forms.Form, error: InputError) -> None:
    """Show ``error`` beside its field (or above the form)."""
    form.add_error(field_for(form, error), error.message)


class ExperimentForm(forms.Form):
    """Set up an experiment from ``template`` (None: a custom A/B experiment)."""

    name = forms.CharField(label="Name", max_length=200)
    label_a = forms.CharField(label="Arm A", max_length=80)
    instructions_a = forms.CharField(
        label="What to do in arm A", required=False, max_length=500, widget=forms.Textarea
    )
    label_b = forms.CharField(label="Arm B", max_length=80)
    instructions_b = forms.CharField(
        label="What to do in arm B", required=False, max_length=500, widget=forms.Textarea
    )
    unit = forms.ChoiceField(label="Unit", choices=UNIT_CHOICES, initial="run")
    period_days = forms.IntegerField(
        label="Days per period", required=False, help_text="Period designs only (1-28)."
    )
    washout_days = forms.IntegerField(
        label="Washout days at the start of each period",
        required=False,
        help_text="Not analysed, so one arm does not carry over into the next.",
    )
    shoes_a = forms.CharField(label="Shoes of arm A", max_length=60)
    shoes_b = forms.CharField(label="Shoes of arm B", max_length=60)
    n_blocks = forms.IntegerField(
        label="Number of blocks",
        initial=DEFAULT_BLOCKS,
        help_text=(
            f"Each block tries both arms once, in a random order. {DEFAULT_BLOCKS} or more are "
            f"recommended: with fewer a difference cannot be shown (at most {MAX_BLOCKS})."
        ),
    )
    run_in = forms.IntegerField(
        label="Run-in",
        help_text="Runs (or days, for periods) before the first block, not analysed.",
    )
    min_gap_h = forms.FloatField(
        label="Hours between experiment runs at least",
        required=False,
        help_text="The washout between runs (run designs).",
    )
    start = forms.DateField(
        label="First day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The arm of each day is revealed on the day.",
    )
    run_days = forms.MultipleChoiceField(
        label="Run days",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Experiment runs go on these weekdays (your usual ones), keeping the gap.",
    )
    fixed = forms.CharField(
        label="Keep the same in both arms",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One condition per line, e.g. same route, same pace.",
    )
    primary = forms.ChoiceField(
        label="Primary outcome",
        choices=[(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
        initial="pain_free_min",
        help_text="The verdict rests on this; the other two are reported as secondary.",
    )
    safety_stop_nrs = forms.TypedChoiceField(
        label="Safety stop: halt when pain is above",
        choices=[(str(n), f"{n}/10") for n in range(SAFETY_STOP_NRS, -1, -1)],
        coerce=int,
        initial=str(SAFETY_STOP_NRS),
        help_text=(
            "Pain above this during a run or the next morning halts that arm and the "
            "experiment; leg symptoms or any red flag stop everything. It may be stricter "
            "than 5/10, never looser."
        ),
    )

    TEMPLATE_FIELDS = (
        "n_blocks",
        "run_in",
        "start",
        "run_days",
        "fixed",
        "safety_stop_nrs",
    )

    def __init__(
        self,
        *args: Any,
        template: Template | None,
        today: datetime.date,
        run_days: tuple[int, ...] = (0, 2, 4, 6),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run_days"].initial = [str(d) for d in run_days]
        self.template = template
        self.today = today
        self.design: Design | None = None
        base = template.design if template is not None else None
        if base is not None:
            keep = set(self.TEMPLATE_FIELDS)
            if template is not None and template.id == "shoes":
                keep |= {"shoes_a", "shoes_b"}
            for name in list(self.fields):
                if name not in keep:
                    del self.fields[name]
            self.fields["n_blocks"].initial = base.n_blocks
            self.fields["run_in"].initial = base.run_in
            self.fields["fixed"].initial = "\n".join(base.fixed)
            self.fields["safety_stop_nrs"].initial = str(base.safety_stop_nrs)
            if base.unit == "period":
                self.fields["run_days"].help_text = "Period designs run every day."
        else:
            del self.fields["shoes_a"], self.fields["shoes_b"]
            self.fields["run_in"].initial = 2
            self.fields["min_gap_h"].initial = 24
            self.fields["fixed"].initial = "same route\nsame pace"
            self.fields["period_days"].initial = 7
            self.fields["washout_days"].initial = 2
        self.fields["start"].initial = today + datetime.timedelta(days=1)

    def clean_start(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["start"]
        if day < self.today:
            raise forms.ValidationError("The first day cannot be in the past.")
        return day

    def run_days_chosen(self) -> tuple[int, ...]:
        """The chosen weekdays (every day for period designs)."""
        if self.design is not None and self.design.unit == "period":
            return tuple(range(7))
        return tuple(int(d) for d in self.cleaned_data.get("run_days") or ())

    def _fixed(self) -> tuple[str, ...]:
        text: str = self.cleaned_data.get("fixed") or ""
        return tuple(line.strip() for line in text.splitlines() if line.strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.design = self._design(data)
        except InputError as error:
            add_input_error(self, error)
        return data

    def _design(self, data: dict[str, Any]) -> Design:
        stop = int(data["safety_stop_nrs"])
        if self.template is not None:
            design = design_from_template(
                self.template.id,
                n_blocks=data["n_blocks"],
                run_in=data["run_in"],
                shoes_a=data.get("shoes_a"),
                shoes_b=data.get("shoes_b"),
                fixed=self._fixed(),
            )
            return dataclasses.replace(design, safety_stop_nrs=stop)
        period = data["unit"] == "period"
        design = custom_design(
            data["name"],
            data["label_a"],
            data["label_b"],
            instructions_a=data.get("instructions_a") or "",
            instructions_b=data.get("instructions_b") or "",
            unit=data["unit"],
            n_blocks=data["n_blocks"],
            run_in=data["run_in"],
            min_gap_h=24.0 if data.get("min_gap_h") is None else float(data["min_gap_h"]),
            period_days=(data.get("period_days") or 0) if period else 0,
            washout_days=(data.get("washout_days") or 0) if period else 0,
            fixed=self._fixed(),
            primary=data["primary"],
        )
        return dataclasses.replace(design, safety_stop_nrs=stop)


class StopForm(forms.Form):
    reason = forms.CharField(
        label="Why do you stop?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the result, e.g. 'knee niggle, not the back'.",
    )


class AnswerForm(forms.Form):
    """The runner's "I followed this run's arm" for one run."""

    activity = forms.IntegerField(widget=forms.HiddenInput)
    followed = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes"
    )
