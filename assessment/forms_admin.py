"""Admin form fields that let tutors edit lists as lines of text instead of JSON."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.html import format_html, format_html_join

from assessment.phrasing import phrasing_error
from assessment.scoring_methods import METHODS, ScoringMethod
from topics.content_format import record_problems
from topics.models import Topic


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


MAX_IDEA_ROWS = 100
EMPTY_IDEA_ROWS = 2


class IdeasWidget(forms.Widget):
    """Each idea as a row: its name on one line, then its accepted phrasings one per line.
    The rows are read from and written to the point's stored list of {label, accept}; two empty
    rows wait for new ideas (save, and two more appear)."""

    def value_from_datadict(self, data, files, name):
        count = str(data.get(f"{name}-rows", ""))
        rows = int(count) if count.isdigit() else 0
        return [
            {
                "label": data.get(f"{name}-{row}-label", ""),
                "accept": data.get(f"{name}-{row}-accept", ""),
            }
            for row in range(min(rows, MAX_IDEA_ROWS))
        ]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return f"{name}-rows" not in data

    def render(self, name, value, attrs=None, renderer=None):
        ideas = [idea for idea in value or [] if isinstance(idea, dict)]
        rows = [*ideas, *[{}] * EMPTY_IDEA_ROWS]
        html_id = (attrs or {}).get("id", name)
        return format_html(
            '<div class="idea-rows" id="{}"><input type="hidden" name="{}-rows" value="{}">{}</div>',
            html_id,
            name,
            len(rows),
            format_html_join(
                "",
                '<fieldset class="idea-row"><legend>Idea {}</legend>'
                '<p><label for="{}-{}-label">Name (the idea in a few words; these words earn it '
                'too)</label><br><input type="text" id="{}-{}-label" name="{}-{}-label" value="{}" '
                'maxlength="300" class="vTextField"></p>'
                '<p><label for="{}-{}-accept">Other ways to say it, one per line</label><br>'
                '<textarea id="{}-{}-accept" name="{}-{}-accept" rows="3" class="vLargeTextField">'
                "\n{}</textarea></p></fieldset>",
                (
                    (
                        number + 1,
                        *(html_id, number) * 2,
                        name,
                        number,
                        idea.get("label", ""),
                        *(html_id, number) * 2,
                        name,
                        number,
                        _lines(idea.get("accept", "")),
                    )
                    for number, idea in enumerate(rows)
                ),
            ),
        )


def _lines(value) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value or "")


class IdeasField(forms.Field):
    """'At least N of these ideas': rows of a name and its phrasings (see IdeasWidget), checked
    as the importer checks a content file's ideas, each message naming the idea's row."""

    widget = IdeasWidget

    def to_python(self, value):
        ideas, problems = [], []
        for number, row in enumerate(value or [], start=1):
            label = str(row.get("label") or "").strip()
            accept = row.get("accept")
            phrasings = [
                line.strip()
                for line in (accept if isinstance(accept, list) else _lines(accept).splitlines())
                if line.strip()
            ]
            if not label and not phrasings:
                continue  # an empty row
            if not label:
                problems.append(
                    f"Idea {number}: give the idea a name above its phrasings "
                    "(or empty both boxes to remove it)."
                )
                continue
            idea = {"label": label, **({"accept": phrasings} if phrasings else {})}
            problems += [
                f"Idea {number}: {message}"
                for message in record_problems(("questions", "points", "ideas"), idea).values()
            ]
            problems += [
                f"Idea {number}, phrasing {line}: {problem}"
                for line, phrasing in enumerate(phrasings, start=1)
                if (problem := phrasing_error(phrasing))
            ]
            ideas.append(idea)
        if problems:
            raise forms.ValidationError(problems)
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


MAX_SAMPLE_CHARACTERS = 5000


class TryAnswerForm(forms.Form):
    """Try the marker: an answer to mark as a learner's would be."""

    answer = forms.CharField(
        label="A sample answer, as a learner would write it",
        max_length=MAX_SAMPLE_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        error_messages={"required": "Write an answer to mark."},
    )


class SampleAnswerForm(TryAnswerForm):
    """Keep a tried answer as a saved sample, with the mark the tutor expects for it."""

    expected_mark = forms.IntegerField(
        label="Save it as a sample with the mark you expect",
        min_value=0,
        error_messages={"required": "Give the mark you expect."},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, max_mark: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        marks = self.fields["expected_mark"]
        marks.max_value = max_mark
        marks.validators.append(MaxValueValidator(max_mark))
        marks.widget.attrs["max"] = max_mark
        marks.error_messages["min_value"] = marks.error_messages["max_value"] = (
            f"Give the mark you expect, from 0 to {max_mark}."
        )


class ChallengeDecisionForm(forms.Form):
    """A tutor's decision on a learner's challenge: accept with a mark, or reject."""

    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    mark = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args, max_mark: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mark = self.fields["mark"]
        mark.validators.append(MaxValueValidator(max_mark))
        mark.error_messages["min_value"] = mark.error_messages["max_value"] = (
            f"the mark must be between 0 and {max_mark}"
        )


def topic_label(topic: Topic) -> str:
    """Two awarding bodies' topics can share a title ("Understand customers"): name the body."""
    return f"{topic.title} ({topic.qualification.awarding_body.name})"


class TopicChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Topic.objects.select_related("qualification__awarding_body"))
        super().__init__(**kwargs)

    def label_from_instance(self, topic: Topic) -> str:
        return topic_label(topic)


CENTRE_DEFAULT_DAYS = 90


class CentrePeriodForm(forms.Form):
    """The centre view's choice: one topic or all, over a period of days."""

    topic = TopicChoiceField(required=False, empty_label="All topics")
    since = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, data=None, *, today: date) -> None:
        # with no choice made yet, the last 90 days of every topic
        defaults = {"since": today - timedelta(days=CENTRE_DEFAULT_DAYS), "until": today}
        chosen = data is not None and any(name in data for name in ("topic", "since", "until"))
        super().__init__(data if chosen else None, initial=defaults)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the period must be on or after its start.")
        return cleaned

    def period(self) -> dict:
        """The chosen period and topic, or the defaults before any choice."""
        if self.is_bound:
            return {key: self.cleaned_data[key] for key in ("since", "until", "topic")}
        return {**self.initial, "topic": None}


class PhrasingAcceptForm(forms.Form):
    """One click on a suggested phrasing: the point it is for, and the phrasing."""

    point_key = forms.SlugField(max_length=50)
    phrasing = forms.CharField(max_length=300)
