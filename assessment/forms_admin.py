"""Admin form fields that let tutors edit lists as lines of text instead of JSON."""

from __future__ import annotations

from django import forms


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
            if accept:
                idea["accept"] = accept
            ideas.append(idea)
        return ideas
