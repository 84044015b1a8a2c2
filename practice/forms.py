from django import forms
from fsrs import Rating

from practice.schedule import RATINGS
from practice.services import CODE_BYTES, code_normalise

CODE_LENGTH = -(-CODE_BYTES * 8 // 5)  # base32: five bits a character


class RecallForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(int(rating), label) for rating, label in RATINGS.items()],
        coerce=lambda value: Rating(int(value)),
        error_messages={"required": "Choose how well you remembered it."},
    )


class TermsForm(forms.Form):
    action = forms.ChoiceField(choices=[("practise", "Practise"), ("stop", "Stop")])


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your progress code",
        max_length=100,
        error_messages={"required": "Type the code shown on your other device."},
    )

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                f"A progress code has {CODE_LENGTH} letters and digits; this has {len(code)}. "
                "Check it against your other device."
            )
        return code
