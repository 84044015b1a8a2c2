"""Admin form fields that let tutors edit lists as lines of text instead of JSON."""

from __future__ import annotations

from django import forms

from assessment.phrasing import phrasing_error
from assessment.scoring_methods import METHODS, ScoringMethod


class LinesField(forms.CharField):
    """A list of short phrases, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class PhrasingsField(LinesField):
    """Accepted phrasings, one per line, each checked as the marker will read it."""

    def validate(self, value):
        super().validate(value)
        problems = [problem for line in value if (problem := phrasing_error(line))]
        if problems:
            raise forms.ValidationError(problems)


class IdeasField(forms.CharField):
    """'At least N of these ideas': one idea per line, `label: phrase; phrase; ...`."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                idea["label"]
                + (": " + "; ".join(idea.get("accept", [])) if idea.get("accept") else "")
                for idea in value
            )
        return value

    def to_python(self, value):
        ideas = []
        for line in (super().to_python(value) or "").splitlines():
            if not line.strip():
                continue
            label, _, phrases = line.partition(":")
            if not label.strip():
                raise forms.ValidationError(
                    f"Each line needs an idea's name before the colon: {line!r}"
                )
            idea = {"label": label.strip()}
            accept = [phrase.strip() for phrase in phrases.split(";") if phrase.strip()]
            problems = [problem for phrase in accept if (problem := phrasing_error(phrase))]
            if problems:
                raise forms.ValidationError(problems)
            if accept:
                idea["accept"] = accept
            ideas.append(idea)
        return ideas


class ScoringParametersField(forms.CharField):
    """A scoring method's parameters as lines a tutor can read (`4 points: 3 marks`), written and
    read by the method's own entry in assessment.scoring_methods."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, method: ScoringMethod, **kwargs) -> None:
        self.method = method
        kwargs.setdefault("label", method.admin_label)
        kwargs.setdefault("help_text", method.admin_help)
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | int) and not isinstance(value, bool):
            return self.method.format_text(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        if not text.strip():
            return None
        try:
            return self.method.parse_text(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def scoring_parameter_fields() -> dict[str, ScoringParametersField]:
    """One form field per scoring method that takes parameters, named `scoring_<its key>`."""
    return {
        f"scoring_{method.parameters_key}": ScoringParametersField(method)
        for method in METHODS.values()
        if method.parameters_key
    }


def scoring_method_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[(method.name, method.label) for method in METHODS.values()],
        initial="points",
        label="Scoring method",
    )
