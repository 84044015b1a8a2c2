"""Questions, marking points and the tutor's tools: try the marker, sample answers, challenges."""

from __future__ import annotations

import csv

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from simple_history.admin import SimpleHistoryAdmin

from assessment import models, review
from assessment.content import learners_work_of, point_rule_problems
from assessment.forms_admin import (
    CentrePeriodForm,
    ChallengeDecisionForm,
    IdeasField,
    LinesField,
    PhrasingAcceptForm,
    PhrasingsField,
    SampleAnswerForm,
    ScoringParametersField,
    TopicChoiceField,
    TryAnswerForm,
    scoring_method_field,
    scoring_parameter_fields,
    topic_label,
)
from assessment.selectors import centre_report, questions_with_figures
from assessment.services import answer_mark, question_queryset
from topics.admin import (
    ArchivedFilter,
    ArchiveInsteadOfDeleteMixin,
    ContentCheckAdminMixin,
    ContentCheckedForm,
    ContentErrorsForm,
    ErrorPlace,
    KeyboardReorder,
    PartHistoryAdmin,
    TutorTextInputs,
    part_changes,
)
from topics.content_format import record_problems
from topics.models import AssessmentCriterion, Misconception, Topic

TRY_TEMPLATE = "admin/assessment/question/try.html"


class TopicFilter(admin.SimpleListFilter):
    title = "topic"
    parameter_name = "topic__id__exact"

    def lookups(self, request, model_admin):
        topics = Topic.objects.select_related("qualification__awarding_body")
        return [(topic.pk, topic_label(topic)) for topic in topics]

    def queryset(self, request, queryset):
        value = self.value() or ""
        return queryset.filter(topic_id=int(value)) if value.isdigit() else queryset


class QuestionForm(ContentCheckedForm):
    topic = TopicChoiceField(help_text="Each topic is named with its awarding body.")
    scoring_method = scoring_method_field()

    class Meta:
        model = models.Question
        # boxes to tick: the two-list picker's markup failed axe and did not fit a phone
        widgets = {"criteria": forms.CheckboxSelectMultiple}
        fields = [
            "topic",
            "key",
            "command_word",
            "prompt",
            "marks",
            "criteria",
            "model_answer",
            "scoring_method",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        criteria = self.fields.get("criteria")
        if criteria is not None and self.instance.topic_id:
            # a question assesses its own topic's criteria only
            criteria.queryset = AssessmentCriterion.objects.filter(topic_id=self.instance.topic_id)
        for name, field in self.fields.items():
            if isinstance(field, ScoringParametersField):
                key = field.method.parameters_key
                self.initial.setdefault(name, self.instance.scoring_parameters.get(key))

    def clean(self):
        cleaned = super().clean()
        # every method's parameters are kept, so switching methods and back loses nothing
        self.instance.scoring_parameters = {
            field.method.parameters_key: cleaned[name]
            for name, field in self.fields.items()
            if isinstance(field, ScoringParametersField) and cleaned.get(name) is not None
        }
        return cleaned


# one field per scoring method with parameters (assessment.scoring_methods), after the method
SCORING_FIELDS = scoring_parameter_fields()
QuestionForm.base_fields.update(SCORING_FIELDS)
QuestionForm.declared_fields.update(SCORING_FIELDS)


class MarkingPointForm(ContentErrorsForm):
    accept = PhrasingsField(
        required=False,
        help_text="Phrasings that earn the point, one per line: every word that carries meaning "
        "must be in the learner's sentence. The marker already allows other word endings, close "
        "synonyms and small spelling slips. (a | b) gives alternatives, [word] an optional word, "
        '"word" this exact form, -word not when the sentence says it, #5 or #5-7 a number, '
        "~ at the start: a negation in the answer does not matter.",
    )
    ideas = IdeasField(
        required=False,
        help_text="Only for 'at least N of these ideas': each idea in its own box, its name "
        "first, then other ways a learner may say it. Set 'At least' too.",
    )

    confirm_delete = forms.BooleanField(
        required=False,
        label="Yes, delete this point",
        help_text="Learners' answers were marked on it. Their marks stay as they are; the point "
        "leaves the quiz, and stays in the question's history, where it can be restored.",
    )
    criteria = LinesField(
        required=False,
        help_text="Ids of the assessment criteria this point evidences, one per line, among "
        "those the question assesses. Leave empty: the point evidences all of the question's.",
    )

    class Meta:
        model = models.MarkingPoint
        fields = [
            "key",
            "text",
            "marks",
            "accept",
            "depth",
            "needs_example",
            "group",
            "ideas",
            "at_least",
            "criteria",
            "hint",
            "learn",
            "tip",
            "confirm_delete",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # the second step is on the page only when a point learners were marked on is deleted
        if not self.deleting_learners_point():
            self.fields["confirm_delete"].widget = forms.HiddenInput()

    def deleting_learners_point(self) -> bool:
        return bool(
            self.is_bound
            and self.instance.pk
            and self.data.get(self.add_prefix("DELETE"))
            and models.Attempt.objects.filter(question_id=self.instance.question_id).exists()
        )

    def clean(self):
        """The point as the importer would read it: 'at least' with the ideas it counts; and
        a point learners were marked on is deleted only with the box ticked."""
        cleaned = super().clean()
        if self.deleting_learners_point() and not cleaned.get("confirm_delete"):
            self.add_error("confirm_delete", DELETE_POINT_UNCONFIRMED)
        ideas, at_least = cleaned.get("ideas"), cleaned.get("at_least")
        if "ideas" in self.errors or not (ideas or at_least):
            return cleaned
        point = {
            "id": cleaned.get("key") or "point",
            "text": cleaned.get("text") or "-",
            **({"ideas": ideas} if ideas else {}),
            **({"at_least": at_least} if at_least is not None else {}),
        }
        problems = {**point_rule_problems(point), **record_problems(("questions", "points"), point)}
        for name, message in problems.items():
            # '' is the point as a whole: ideas without 'at least', or the reverse
            field = {"ideas": "ideas", "at_least": "at_least", "": "at_least"}.get(name)
            if field and field not in self.errors:
                self.add_error(field, message)
        return cleaned


class WrongIdeaForm(ContentErrorsForm):
    accept = PhrasingsField(
        required=False,
        help_text="How a learner would assert the wrong idea, one per line (written like a "
        "point's phrasings).",
    )
    contradicts = LinesField(
        required=False,
        help_text="Ids of the marking points an answer saying this does not earn, one per line.",
    )

    class Meta:
        model = models.WrongIdea
        fields = ["key", "misconception", "statement", "correction", "accept", "contradicts"]


class QuestionOrderInline(KeyboardReorder, SortableTabularInline):
    """On a topic's page (topics.content_registry): the topic's questions in quiz order, drag to
    reorder; each edits on its own page."""

    model = models.Question
    fields = ["key", "command_word", "prompt_excerpt", "marks"]
    readonly_fields = fields
    ordering = ["position", "id"]
    extra = 0
    show_change_link = True
    verbose_name = "quiz question"
    verbose_name_plural = "quiz questions (open one to edit it and its marking points)"

    @admin.display(description="Question")
    def prompt_excerpt(self, question: models.Question) -> str:
        return Truncator(question.prompt).chars(100)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # archived questions are off the quiz: the question list's "Archived" filter shows them
        return super().get_queryset(request).filter(archived_at__isnull=True)


DELETE_POINT_UNCONFIRMED = (
    "Learners' answers were marked on this point: tick the box to delete it, or untick Delete "
    "to keep it."
)


class MarkingPointFormSet(SortableStackedInline.formset):
    def clean(self) -> None:
        # a form ticked for deletion is not validated by the formset: its refusal is made here
        super().clean()
        if any(
            form.deleting_learners_point() and not form.cleaned_data.get("confirm_delete")
            for form in self.deleted_forms
        ):
            raise forms.ValidationError(DELETE_POINT_UNCONFIRMED)


class MarkingPointInline(KeyboardReorder, TutorTextInputs, SortableStackedInline):
    model = models.MarkingPoint
    form = MarkingPointForm
    formset = MarkingPointFormSet
    extra = 0


class WrongIdeaInline(KeyboardReorder, TutorTextInputs, SortableStackedInline):
    model = models.WrongIdea
    form = WrongIdeaForm
    extra = 0
    classes = ["collapse"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "misconception" in formset.form.base_fields:
            # only the question's own topic's misconceptions can be referred to
            formset.form.base_fields["misconception"].queryset = Misconception.objects.filter(
                topic_id=obj.topic_id
            )
        return formset


# the content format's names for a question's fields, and its rows' fields, as this page names them
QUESTION_FIELDS = {
    "command_word": "command_word",
    "prompt": "prompt",
    "marks": "marks",
    "model_answer": "model_answer",
    "assesses": "criteria",
}
ROW_FIELDS = {
    "points": {"id": "key", "example": "needs_example"},
    "wrong_ideas": {"id": "key"},
}


@admin.register(models.Question)
class QuestionAdmin(
    ArchiveInsteadOfDeleteMixin, ContentCheckAdminMixin, SortableAdminBase, SimpleHistoryAdmin
):
    form = QuestionForm
    list_display = [
        "prompt_excerpt",
        "topic_and_body",
        "marks",
        "attempt_count",
        "average_mark",
        "waiting_challenges",
        "live",
        "on_site",
    ]
    list_filter = [
        ArchivedFilter,
        "topic__qualification__awarding_body",
        "topic__qualification",
        "topic__kind",
        TopicFilter,
        "command_word",
    ]
    search_fields = ["prompt", "key", "topic__title"]
    fields = [*QuestionForm.Meta.fields, *SCORING_FIELDS, "archived_at"]
    readonly_fields = ["archived_at"]
    # Saved samples are listed (a page at a time) and edited on their own pages, not as inline
    # forms: after a flood of challenges a question had 1,200 of them, and a form per sample made
    # every Save post past Django's 1,000-field limit.
    inlines = [MarkingPointInline, WrongIdeaInline]
    # Save at the top too: the page is long, and its first button is then Save, so Enter in a
    # field saves (as on every admin page) rather than pressing Try the marker's button
    save_on_top = True
    change_form_template = "admin/assessment/question/change_form.html"
    change_list_template = "admin/assessment/question/change_list.html"

    def get_queryset(self, request):
        return questions_with_figures(super().get_queryset(request))

    def learners_work_of(self, question) -> list:
        return learners_work_of(models.Question.objects.filter(pk=question.pk))

    def learners_work_delete(self, question) -> None:
        models.Question.objects.filter(pk=question.pk).delete_with_learners_work()

    @admin.display(description="Question", ordering="prompt")
    def prompt_excerpt(self, question) -> str:
        return Truncator(question.prompt).chars(90)

    @admin.display(description="Topic", ordering="topic__title")
    def topic_and_body(self, question) -> str:
        return topic_label(question.topic)

    @admin.display(description="Attempts", ordering="attempt_total")
    def attempt_count(self, question) -> int:
        return question.attempt_total

    @admin.display(description="Average mark", ordering="mark_average")
    def average_mark(self, question) -> str:
        return (
            "-"
            if question.mark_average is None
            else f"{question.mark_average:.1f} / {question.marks}"
        )

    @admin.display(description="Challenges waiting", ordering="challenges_waiting")
    def waiting_challenges(self, question) -> int:
        return question.challenges_waiting

    @admin.display(description="On the site")
    def on_site(self, question) -> str:
        return format_html('<a href="{}">View the quiz</a>', question.get_absolute_url())

    def content_error_place(self, question, path: list, mapping: dict) -> ErrorPlace:
        """An error in this question goes beside its field here, or in its point's or wrong
        idea's row; an error elsewhere in the topic stays in the summary at the top."""
        questions = mapping.get("questions", [])
        if len(path) < 3 or path[0] != "questions" or not isinstance(path[1], int):
            return ErrorPlace()
        if path[1] >= len(questions) or questions[path[1]].get("id") != question.key:
            return ErrorPlace()
        rest = path[2:]
        if rest[0] in QUESTION_FIELDS:
            return ErrorPlace(field=QUESTION_FIELDS[rest[0]])
        if rest[0] == "scoring":
            part = rest[1] if len(rest) > 1 else "method"
            return ErrorPlace(field=f"scoring_{part}")
        rows = questions[path[1]].get(rest[0]) or []
        if (
            rest[0] in ROW_FIELDS
            and len(rest) > 2
            and isinstance(rest[1], int)
            and rest[1] < len(rows)
        ):
            field = ROW_FIELDS[rest[0]].get(rest[2], rest[2])
            return ErrorPlace(inline=rest[0], row_key=rows[rest[1]].get("id"), field=field)
        return ErrorPlace()

    def part_changes(self, object_id) -> list:
        return part_changes(
            [
                (models.MarkingPoint, {"question_id": object_id}),
                (models.WrongIdea, {"question_id": object_id}),
            ]
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/try/",
                self.admin_site.admin_view(self.try_view),
                name="assessment_question_try",
            ),
            path(
                "centre/",
                self.admin_site.admin_view(self.centre_view),
                name="assessment_centre",
            ),
            path(
                "<int:pk>/phrasings/",
                self.admin_site.admin_view(self.phrasing_view),
                name="assessment_question_phrasing",
            ),
            path(
                "<int:pk>/challenges/<int:challenge_pk>/",
                self.admin_site.admin_view(self.challenge_view),
                name="assessment_question_challenge",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, unquote(object_id))  # None for an id that is not one
        if question is not None:
            question = question_queryset().get(pk=question.pk)
            extra_context = {**(extra_context or {}), **tutor_tools_context(question, request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_GET)
    def centre_view(self, request: HttpRequest) -> HttpResponse:
        """The centre's picture for its quality assurance: which criteria and marking points
        learners miss most, which wrong ideas they hold, and how often tutors uphold the
        marker when learners challenge it, for a topic and a period; as a page or a CSV file."""
        if not self.has_view_or_change_permission(request):
            return HttpResponse(status=403)
        form = CentrePeriodForm(request.GET, today=timezone.localdate())
        report = centre_report(**form.period()) if not form.is_bound or form.is_valid() else None
        if report is not None and request.GET.get("download") == "csv":
            return centre_csv(report, **form.period())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "How the centre's learners do",
            "form": form,
            "report": report,
            "period": form.period() if report is not None else None,
            "csv_query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/assessment/centre.html", context)

    def edited_parts(self, request, question) -> tuple[dict, list[str]]:
        """The question's marking points and wrong ideas as the page's form now stands, unsaved:
        the page's own form and its inlines' formsets, bound to the posted data, validated and
        never saved (a ModelForm's instance takes the cleaned values on validation). Returns
        ({"points": [...], "wrong_ideas": [...]}, the problems that stop them being marked)."""
        form = self.get_form(request, question, change=True)(request.POST, instance=question)
        problems = [
            f"{form.fields[name].label if name in form.fields else 'The question'}: {error}"
            for name, errors in (form.errors.items() if not form.is_valid() else [])
            for error in errors
        ]
        parts: dict = {}
        for inline in self.get_inline_instances(request, question):
            formset_class = inline.get_formset(request, question)
            prefix = formset_class.get_default_prefix()
            # the admin's own arguments for this formset (the posted data, its rows' queryset)
            formset = formset_class(**self.get_formset_kwargs(request, question, inline, prefix))
            noun = str(inline.model._meta.verbose_name)
            if not formset.is_valid():
                problems += [
                    f"{noun.capitalize()} {number}, {name.replace('_', ' ')}: {error}"
                    for number, errors in enumerate(formset.errors, start=1)
                    for name, messages_ in errors.items()
                    for error in messages_
                ] + [str(error) for error in formset.non_form_errors()]
                continue
            rows = [
                row
                for row in formset.forms
                if row not in formset.deleted_forms and (row.instance.pk or row.has_changed())
            ]
            parts[prefix] = [
                row.instance for row in sorted(rows, key=lambda row: row.instance.position)
            ]
        return parts, problems

    @method_decorator(require_http_methods(["GET", "POST"]))
    def try_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Mark a sample answer exactly as a learner's would be. From the question's page the
        button posts the whole form, so the answer is marked with the edits as they stand, saved
        or not, and nothing is written (htmx swaps the verdicts in beside the question; without
        JavaScript this page shows them). A post with "save" keeps the answer as a sample."""
        question = get_object_or_404(question_queryset(), pk=pk)
        if not self.has_view_or_change_permission(request, question):
            return HttpResponse(status=403)
        if "save" in request.POST:
            return self.sample_save(request, question)
        form = TryAnswerForm(request.POST if request.method == "POST" else None)
        context = {"question": question, "form": form, "unsaved": False, "problems": []}
        if form.is_valid():
            answer = form.cleaned_data["answer"]
            parts, problems = {}, []
            if "points-TOTAL_FORMS" in request.POST:  # posted from the question's page
                parts, problems = self.edited_parts(request, question)
                context["unsaved"] = True
            if problems:
                context["problems"] = problems
            else:
                result = answer_mark(
                    question=question,
                    answer=answer,
                    points=parts.get("points"),
                    wrong_ideas=parts.get("wrong_ideas"),
                )
                context.update(
                    review.verdicts_context(question=question, answer=answer, result=result)
                )
                context["sample_form"] = SampleAnswerForm(
                    initial={"answer": answer, "expected_mark": result.mark},
                    max_mark=question.marks,
                )
        return self.try_response(request, question, context)

    def sample_save(self, request: HttpRequest, question) -> HttpResponse:
        if not self.has_change_permission(request, question):
            return HttpResponse(status=403)
        form = SampleAnswerForm(request.POST, max_mark=question.marks)
        if not form.is_valid():
            context = {"question": question, "form": TryAnswerForm(request.POST)}
            context["sample_form"] = form
            return self.try_response(request, question, context)
        review.sample_answer_save(
            question=question,
            answer=form.cleaned_data["answer"],
            expected_mark=form.cleaned_data["expected_mark"],
            note=form.cleaned_data["note"],
        )
        if request.htmx:
            context = {"question": question, "saved": True}
            return self.try_response(request, question, context)
        messages.success(request, "Sample answer saved.")
        url = reverse("admin:assessment_question_change", args=[question.pk])
        return HttpResponseRedirect(url + "#try-the-marker")

    def try_response(self, request: HttpRequest, question, context: dict) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Try the marker: {question}",
            "answer": context["form"]["answer"].value() if "form" in context else "",
            **context,
            **tutor_tools_context(question, request),
        }
        template = TRY_TEMPLATE + "#verdicts" if request.htmx else TRY_TEMPLATE
        return TemplateResponse(request, template, context)

    @method_decorator(require_POST)
    def phrasing_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Accept a suggested phrasing with one click: add it to its point, re-mark the saved
        samples at once, and say which now mark differently."""
        question = get_object_or_404(question_queryset(), pk=pk)
        if not self.has_change_permission(request, question):
            return HttpResponse(status=403)
        form = PhrasingAcceptForm(request.POST)
        url = reverse("admin:assessment_question_change", args=[pk]) + "#suggestions"
        if not form.is_valid() or not question.points.filter(key=form.cleaned_data["point_key"]):
            messages.error(request, "Not added: that suggestion is no longer on this question.")
            return HttpResponseRedirect(url)
        try:
            changes = review.phrasing_accept(
                question=question, user=request.user, **form.cleaned_data
            )
        except ValueError as error:
            messages.error(request, f"Not added: {error}")
            return HttpResponseRedirect(url)
        messages.success(
            request,
            f"Added '{form.cleaned_data['phrasing']}'. The saved samples were marked again: "
            + (
                f"{len(changes)} now mark{'s' if len(changes) == 1 else ''} differently."
                if changes
                else "none marks differently."
            ),
        )
        for change in changes[:SAMPLES_PER_PAGE]:
            messages.info(
                request,
                f"{Truncator(change.sample.answer).chars(120)}: the marker gave {change.before}, "
                f"now {change.after} (you expect {change.sample.expected_mark}).",
            )
        return HttpResponseRedirect(url)

    @method_decorator(require_POST)
    def challenge_view(self, request: HttpRequest, pk: int, challenge_pk: int) -> HttpResponse:
        """Accept or reject one challenge with the tutor's mark, then back to the question."""
        question = get_object_or_404(models.Question, pk=pk)
        challenge = get_object_or_404(
            models.Challenge.objects.select_related("attempt__question"),
            pk=challenge_pk,
            attempt__question=question,
        )
        if not (
            self.has_change_permission(request, question)
            and request.user.has_perm("assessment.change_challenge")
        ):
            return HttpResponse(status=403)
        form = ChallengeDecisionForm(request.POST, max_mark=question.marks)
        if not form.is_valid():
            problems = [error for errors in form.errors.values() for error in errors]
            messages.error(request, f"Not decided: {'; '.join(problems)}.")
        else:
            accepted = form.cleaned_data["decision"] == "accept"
            try:
                review.challenge_resolve(
                    challenge=challenge,
                    accepted=accepted,
                    user=request.user,
                    # a rejection keeps the marker's mark; an acceptance takes the tutor's
                    mark=form.cleaned_data["mark"] if accepted else None,
                )
            except ValueError as error:
                messages.error(request, f"Not decided: {error}.")
            else:
                messages.success(
                    request,
                    f"Challenge {challenge.get_status_display().lower()}; the answer is now a "
                    "saved sample with your mark.",
                )
        url = reverse("admin:assessment_question_change", args=[pk])
        return HttpResponseRedirect(url + "#challenges")


CSV_COLUMNS = ["section", "topic", "what", "count", "out of", "percent"]


def _csv_cell(value) -> str:
    # a cell starting with = + - @ is a formula to a spreadsheet: text it stays
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def centre_csv(report, *, since, until, topic) -> HttpResponse:
    """The centre view as a CSV file, one row per line of each table, for internal verification."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"centre-{topic.slug if topic else 'all-topics'}-{since}-to-{until}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    sections = [
        ("criterion missed", report.criteria),
        ("marking point missed", report.points),
        ("wrong idea held", report.wrong_ideas),
        ("challenge accepted (marker overturned)", report.overturned),
    ]
    for section, rows in sections:
        for row in rows:
            cells = [section, row.topic, row.subject, row.count, row.out_of, row.percent]
            writer.writerow([_csv_cell(cell) for cell in cells])
    writer.writerow(
        [
            "challenges decided: marker upheld",
            "",
            "",
            report.upheld,
            report.decided,
            report.agreement_percent or 0,
        ]
    )
    return response


CHALLENGES_PER_PAGE = 20
SAMPLES_PER_PAGE = 50


def tutor_tools_context(question: models.Question, request: HttpRequest) -> dict:
    """Saved samples with the marker's mark beside each, the agreement (over every sample),
    learners' challenges waiting, and the learners' aggregates. Samples and challenges come a
    page at a time: a flood of challenges once made this page 6.9 MB."""
    samples, agreement = review.samples_marked(question)
    sample_page = Paginator(samples, SAMPLES_PER_PAGE).get_page(request.GET.get("sample_page"))
    challenge_page = Paginator(review.pending_challenges(question), CHALLENGES_PER_PAGE).get_page(
        request.GET.get("challenge_page")
    )
    point_texts = {point.key: point.text for point in question.points.all()}
    challenges = [
        {
            "challenge": challenge,
            "suggested_mark": review.challenge_suggested_mark(challenge),
            "point_text": point_texts.get(challenge.point_key, ""),
        }
        for challenge in challenge_page
    ]
    return {
        "question_pk": question.pk,
        "samples": sample_page,
        "sample_count": len(samples),
        "agreement": agreement,
        "challenges": challenges,
        "challenge_page": challenge_page,
        "analytics": review.question_analytics(question),
        "suggestions": review.phrasing_suggestions(question),
    }


class QuestionPartAdmin(PartHistoryAdmin):
    parent_field = "question"

    def topic_of(self, obj):
        return obj.question.topic


# a version of a point or wrong idea is shown in the question page's own fields (lines, not JSON)
admin.site.register(models.MarkingPoint, QuestionPartAdmin, form=MarkingPointForm)
admin.site.register(models.WrongIdea, QuestionPartAdmin, form=WrongIdeaForm)


@admin.register(models.Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    """Every question's challenges in one queue; each question's page shows its own."""

    list_display = [
        "question",
        "point_key",
        "answer_excerpt",
        "marker_mark",
        "status",
        "created_at",
        "resolved_by",
    ]
    list_filter = ["status", "attempt__question__topic"]
    readonly_fields = [
        "question_link",
        "point_key",
        "answer",
        "marker_mark",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    fields = readonly_fields
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("attempt__question__topic", "resolved_by")
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description="Question", ordering="attempt__question")
    def question(self, challenge) -> str:
        return str(challenge.attempt.question)

    @admin.display(description="Question")
    def question_link(self, challenge) -> str:
        url = reverse("admin:assessment_question_change", args=[challenge.attempt.question_id])
        return format_html('<a href="{}#challenges">{}</a>', url, challenge.attempt.question)

    @admin.display(description="Answer")
    def answer_excerpt(self, challenge) -> str:
        return Truncator(challenge.attempt.answer).chars(120)

    @admin.display(description="Answer")
    def answer(self, challenge) -> str:
        return challenge.attempt.answer

    @admin.display(description="Marker's mark")
    def marker_mark(self, challenge) -> str:
        return f"{challenge.attempt.mark} / {challenge.attempt.max_marks}"

    def _resolve_all(self, request, queryset, *, accepted: bool) -> None:
        decided = 0
        for challenge in queryset.filter(status=models.Challenge.Status.PENDING):
            review.challenge_resolve(challenge=challenge, accepted=accepted, user=request.user)
            decided += 1
        messages.success(
            request,
            f"{'Accepted' if accepted else 'Rejected'} {decided} challenge(s); each answer is "
            "now a saved sample with "
            + ("the point added to its mark." if accepted else "the marker's mark."),
        )

    @admin.action(description="Accept: save as a sample answer with the point earned")
    def accept(self, request, queryset) -> None:
        self._resolve_all(request, queryset, accepted=True)

    @admin.action(description="Reject: save as a sample answer with the marker's mark")
    def reject(self, request, queryset) -> None:
        self._resolve_all(request, queryset, accepted=False)


@admin.register(models.SampleAnswer)
class SampleAnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "expected_mark", "source", "created_at"]
    list_filter = ["source", "question__topic"]
    search_fields = ["answer"]
    list_select_related = ["question__topic"]
