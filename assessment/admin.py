"""Questions, marking points and the tutor's tools: try the marker, sample answers, challenges."""

from __future__ import annotations

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods, require_POST
from simple_history.admin import SimpleHistoryAdmin

from assessment import models, review
from assessment.content import learners_work_of
from assessment.forms_admin import (
    IdeasField,
    LinesField,
    PhrasingsField,
    ScoringParametersField,
    scoring_method_field,
    scoring_parameter_fields,
)
from assessment.services import answer_mark, question_queryset
from topics.admin import (
    ArchivedFilter,
    ArchiveInsteadOfDeleteMixin,
    ContentCheckAdminMixin,
    ContentCheckedForm,
    PartHistoryAdmin,
    part_changes,
)
from topics.models import AssessmentCriterion, Misconception

TRY_TEMPLATE = "admin/assessment/question/try.html"
MAX_SAMPLE_CHARACTERS = 5000


class QuestionForm(ContentCheckedForm):
    scoring_method = scoring_method_field()

    class Meta:
        model = models.Question
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


class MarkingPointForm(forms.ModelForm):
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
        help_text="Only for 'at least N of these ideas': one idea per line, as "
        "<em>name: phrase; phrase</em>. Set 'At least' too.",
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
        ]


class WrongIdeaForm(forms.ModelForm):
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


class QuestionOrderInline(SortableTabularInline):
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


class MarkingPointInline(SortableStackedInline):
    model = models.MarkingPoint
    form = MarkingPointForm
    extra = 0


class WrongIdeaInline(SortableStackedInline):
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


@admin.register(models.Question)
class QuestionAdmin(
    ArchiveInsteadOfDeleteMixin, ContentCheckAdminMixin, SortableAdminBase, SimpleHistoryAdmin
):
    form = QuestionForm
    list_display = [
        "__str__",
        "command_word",
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
        "topic",
        "command_word",
    ]
    search_fields = ["prompt", "key", "topic__title"]
    fields = [*QuestionForm.Meta.fields, *SCORING_FIELDS, "archived_at"]
    readonly_fields = ["archived_at"]
    filter_horizontal = ["criteria"]
    # Saved samples are listed (a page at a time) and edited on their own pages, not as inline
    # forms: after a flood of challenges a question had 1,200 of them, and a form per sample made
    # every Save post past Django's 1,000-field limit.
    inlines = [MarkingPointInline, WrongIdeaInline]
    change_form_template = "admin/assessment/question/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("topic")
            .annotate(
                attempt_total=Count("attempts", distinct=True),
                mark_average=Avg("attempts__mark"),
                challenges_waiting=Count(
                    "attempts__challenges",
                    filter=Q(attempts__challenges__status=models.Challenge.Status.PENDING),
                    distinct=True,
                ),
            )
        )

    def learners_work_of(self, question) -> list:
        return learners_work_of(models.Question.objects.filter(pk=question.pk))

    def learners_work_delete(self, question) -> None:
        models.Question.objects.filter(pk=question.pk).delete_with_learners_work()

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
                "<int:pk>/challenges/<int:challenge_pk>/",
                self.admin_site.admin_view(self.challenge_view),
                name="assessment_question_challenge",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = get_object_or_404(question_queryset(), pk=object_id)
        extra_context = {**(extra_context or {}), **tutor_tools_context(question, request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_http_methods(["GET", "POST"]))
    def try_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Mark a sample answer exactly as a learner's would be; htmx swaps the verdicts in place,
        and without JavaScript the form posts here and this page shows them."""
        question = get_object_or_404(question_queryset(), pk=pk)
        if not self.has_view_or_change_permission(request, question):
            return HttpResponse(status=403)
        answer = (request.POST.get("answer") or "")[:MAX_SAMPLE_CHARACTERS]
        result = answer_mark(question=question, answer=answer) if answer.strip() else None
        if result and "save" in request.POST:
            if not self.has_change_permission(request, question):
                return HttpResponse(status=403)
            expected = request.POST.get("expected_mark", "").strip()
            try:
                review.sample_answer_save(
                    question=question,
                    answer=answer,
                    expected_mark=int(expected) if expected.isdigit() else -1,
                    note=request.POST.get("note", "")[:300],
                )
            except ValueError:
                messages.error(request, f"Give the mark you expect, from 0 to {question.marks}.")
            else:
                messages.success(request, "Sample answer saved.")
                if not request.htmx:
                    url = reverse("admin:assessment_question_change", args=[pk])
                    return HttpResponseRedirect(url + "#try-the-marker")
        verdicts = (
            review.verdicts_context(question=question, answer=answer, result=result)
            if result
            else {}
        )
        context = {
            **self.admin_site.each_context(request),
            "question": question,
            "answer": answer,
            "opts": self.model._meta,
            "title": f"Try the marker: {question}",
            **verdicts,
            **tutor_tools_context(question, request),
        }
        template = TRY_TEMPLATE + "#verdicts" if request.htmx else TRY_TEMPLATE
        return TemplateResponse(request, template, context)

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
        accepted = request.POST.get("decision") == "accept"
        mark = request.POST.get("mark", "").strip()
        try:
            review.challenge_resolve(
                challenge=challenge,
                accepted=accepted,
                user=request.user,
                # a rejection keeps the marker's mark; an acceptance takes the tutor's
                mark=int(mark) if accepted and mark.isdigit() else None,
            )
        except ValueError as error:
            messages.error(request, f"Not decided: {error}.")
        else:
            messages.success(
                request,
                f"Challenge {challenge.get_status_display().lower()}; the answer is now a saved "
                "sample with your mark.",
            )
        url = reverse("admin:assessment_question_change", args=[pk])
        return HttpResponseRedirect(url + "#challenges")


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
    }


class QuestionPartAdmin(PartHistoryAdmin):
    parent_field = "question"

    def topic_of(self, obj):
        return obj.question.topic


admin.site.register(models.MarkingPoint, QuestionPartAdmin)
admin.site.register(models.WrongIdea, QuestionPartAdmin)


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
