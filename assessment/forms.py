from django import forms

MAX_ANSWER_CHARACTERS = 5000


class AnswerForm(forms.Form):
    # A fresh value on every question form (the view gives it), so that the same form sent twice
    # (a double click, a browser resending after a lost reply) is stored once: see attempt_record.
    # Any text is taken (cut to 100 characters): a hidden field must never give an error nobody sees.
    submission = forms.CharField(widget=forms.HiddenInput, required=False, strip=True)
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        strip=True,
        error_messages={
            "required": "Write your answer first: even a few words show you what you already know.",
        },
    )

    def clean_submission(self) -> str:
        return self.cleaned_data["submission"][:100]

    def clean_answer(self) -> str:
        answer = self.cleaned_data["answer"].replace("\x00", "")
        if len(answer) > MAX_ANSWER_CHARACTERS:
            raise forms.ValidationError(
                f"Your answer is {len(answer):,} characters long; the limit is "
                f"{MAX_ANSWER_CHARACTERS:,}. Keep to the points the question asks for."
            )
        if not answer.strip():
            raise forms.ValidationError(self.fields["answer"].error_messages["required"])
        return answer


class CheckForm(forms.Form):
    """A misconception check: is the statement true or false?"""

    verdict = forms.ChoiceField(
        label="True or false?",
        choices=[("true", "True"), ("false", "False")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose true or false."},
    )


class ChallengeForm(forms.Form):
    point = forms.SlugField(max_length=50)


class WipeForm(forms.Form):
    """The second step of wiping a learner's history: sent only from the page that says what goes."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)
