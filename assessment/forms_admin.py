"""Admin form fields that let tutors edit lists as lines of text instead of JSON."""

from __future__ import annotations

import re

from django import forms

from assessment.phrasing import phrasing_error


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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class BandsField(forms.CharField):
    """Bands scoring as lines a tutor can read: `4 points: 3 marks`."""

    widget = forms.Textarea(attrs={"rows": 4})
    LINE = re.compile(r"^\s*(\d+)\s*points?\s*[:=,-]?\s*(\d+)\s*marks?\s*$", re.IGNORECASE)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{_plural(band['points'], 'point')}: {_plural(band['marks'], 'mark')}"
                for band in value
            )
        return value

    def to_python(self, value):
        bands = []
        for line in (super().to_python(value) or "").splitlines():
            if not line.strip():
                continue
            match = self.LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    f"Write each band as '4 points: 3 marks'; this line is not: {line.strip()!r}"
                )
            bands.append({"points": int(match[1]), "marks": int(match[2])})
        return bands


class RulesField(forms.CharField):
    """Rules scoring as lines: `3 marks: at least 1 from conclusion, at least 2 from improvement`."""

    widget = forms.Textarea(attrs={"rows": 4})
    LINE = re.compile(r"^\s*(\d+)\s*marks?\s*:\s*(.+)$", re.IGNORECASE)
    REQUIREMENT = re.compile(
        r"^\s*at\s+least\s+(\d+)\s+(?:from|of|in)\s+(?:the\s+)?(?:group\s+)?([\w-]+)\s*$",
        re.IGNORECASE,
    )
    EXAMPLE = "'3 marks: at least 1 from conclusion, at least 2 from improvement'"

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{_plural(rule['marks'], 'mark')}: "
                + ", ".join(
                    f"at least {requirement['at_least']} from {requirement['group']}"
                    for requirement in rule["requires"]
                )
                for rule in value
            )
        return value

    def to_python(self, value):
        rules = []
        for line in (super().to_python(value) or "").splitlines():
            if not line.strip():
                continue
            match = self.LINE.match(line)
            requirements = (
                [self.REQUIREMENT.match(part) for part in match[2].split(",")] if match else []
            )
            if not match or not all(requirements):
                raise forms.ValidationError(
                    f"Write each rule as {self.EXAMPLE}; this line is not: {line.strip()!r}"
                )
            rules.append(
                {
                    "marks": int(match[1]),
                    "requires": [
                        {"group": requirement[2], "at_least": int(requirement[1])}
                        for requirement in requirements
                    ],
                }
            )
        return rules
