"""Questions, marking points and the tutor's tools: try the marker, sample answers, challenges."""

from __future__ import annotations

import dataclasses
from collections import Counter

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import forms
from django.contrib import admin, messages
from django.db.models import Avg, Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from assessment import models
from assessment.forms_admin import IdeasField, LinesField
from assessment.services import answer_mark, question_queryset
from topics.admin import ContentCheckAdminMixin

MOST_MISSED_SAMPLE = 2000  # the latest attempts looked at for "most often missed"


class MarkingPointForm(forms.ModelForm):
    accept = LinesField(
        required=False, help_text="Phrasings and synonyms that earn the point, one per line."
    )
    ideas = IdeasField(
        required=False,
        help_text="Only for 'at least N of these ideas': one idea per line, as "
        "<em>name: phrase; phrase</em>. Set 'At least' too.",
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
        ]


class WrongIdeaForm(forms.ModelForm):
    accept = LinesField(
        required=False, help_text="How a learner would assert the wrong idea, one per line."
    )
    contradicts = LinesField(
        required=False, help_text="Ids of the marking points it contradicts, one per line."
    )

    class Meta:
        model = models.WrongIdea
        fields = ["key", "misconception", "statement", "correction", "accept", "contradicts"]


class MarkingPointInline(SortableStackedInline):
    model = models.MarkingPoint
    form = MarkingPointForm
    extra = 0


class WrongIdeaInline(SortableStackedInline):
    model = models.WrongIdea
    form = WrongIdeaForm
    extra = 0
    classes = ["collapse"]


class SampleAnswerInline(admin.TabularInline):
    model = models.SampleAnswer
    fields = ["answer", "expected_mark", "note", "source", "marker_mark"]
    readonly_fields = ["source", "marker_mark"]
    extra = 0

    @admin.display(description="Marker's mark")
    def marker_mark(self, sample: models.SampleAnswer) -> str:
        if not sample.pk:
            return "-"
        mark = answer_mark(question=sample.question, answer=sample.answer).mark
        return f"{mark} ({'agrees' if mark == sample.expected_mark else 'differs'})"


@admin.register(models.Question)
class QuestionAdmin(ContentCheckAdminMixin, SortableAdminBase, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "command_word",
        "marks",
        "attempt_count",
        "average_mark",
        "waiting_challenges",
    ]
    list_filter = ["topic__qualification__awarding_body", "topic", "command_word"]
    search_fields = ["prompt", "key", "topic__title"]
    fields = [
        "topic",
        "key",
        "command_word",
        "prompt",
        "marks",
        "criteria",
        "model_answer",
        "scoring_method",
        "scoring_bands",
        "scoring_rules",
    ]
    filter_horizontal = ["criteria"]
    inlines = [MarkingPointInline, WrongIdeaInline, SampleAnswerInline]
    change_form_template = "admin/assessment/question/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("topic")
            .annotate(
                attempt_total=Count("attempts", distinct=True),
                mark_average=Avg("attempts__mark"),
            )
        )

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

    @admin.display(description="Challenges waiting")
    def waiting_challenges(self, question) -> int:
        return models.Challenge.objects.filter(attempt__question=question, status="pending").count()

    def get_urls(self):
        return [
            path(
                "<int:pk>/try/",
                self.admin_site.admin_view(self.try_view),
                name="assessment_question_try",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = get_object_or_404(question_queryset(), pk=object_id)
        extra_context = {**(extra_context or {}), **marker_context(question)}
        return super().change_view(request, object_id, form_url, extra_context)

    def try_view(self, request: HttpRequest, pk: int) -> TemplateResponse:
        """Mark a sample answer exactly as a learner's would be; htmx swaps the verdicts in place."""
        question = get_object_or_404(question_queryset(), pk=pk)
        if not self.has_view_or_change_permission(request, question):
            return TemplateResponse(request, "admin/assessment/question/try.html", {}, status=403)
        answer = (request.POST.get("answer") or "")[:5000] if request.method == "POST" else ""
        result = answer_mark(question=question, answer=answer) if answer.strip() else None
        if result and request.POST.get("save") and self.has_change_permission(request, question):
            expected = request.POST.get("expected_mark", "")
            if expected.isdigit() and int(expected) <= question.marks:
                models.SampleAnswer.objects.create(
                    question=question, answer=answer, expected_mark=int(expected)
                )
                messages.success(request, "Sample answer saved.")
        context = {
            **self.admin_site.each_context(request),
            "question": question,
            "answer": answer,
            "result": dataclasses.asdict(result) if result else None,
            "opts": self.model._meta,
            "title": f"Try the marker: {question}",
            **marker_context(question),
        }
        template = "admin/assessment/question/try.html"
        if request.htmx:
            template += "#verdicts"
        return TemplateResponse(request, template, context)


def marker_context(question: models.Question) -> dict:
    """Saved samples with the marker's mark beside each, the agreement, and learners' analytics."""
    samples = []
    for sample in question.samples.all():
        mark = answer_mark(question=question, answer=sample.answer).mark
        samples.append(
            {"sample": sample, "marker_mark": mark, "agrees": mark == sample.expected_mark}
        )
    agreement = sum(s["agrees"] for s in samples) / len(samples) if samples else None
    missed: Counter = Counter()
    attempts = question.attempts.order_by("-created_at").values_list("result", flat=True)[
        :MOST_MISSED_SAMPLE
    ]
    for result in attempts:
        for point in result.get("points", []):
            if not point.get("earned"):
                missed[point.get("key")] += 1
    texts = {point.key: point.text for point in question.points.all()}
    return {
        "samples": samples,
        "agreement": agreement,
        "most_missed": [(texts.get(key, key), count) for key, count in missed.most_common(5)],
        "pending_challenges": models.Challenge.objects.filter(
            attempt__question=question, status="pending"
        ).count(),
    }


@admin.register(models.Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    """Learners' "I think I earned this", waiting for a tutor's decision."""

    list_display = [
        "question",
        "point_key",
        "answer_excerpt",
        "marker_mark",
        "status",
        "created_at",
    ]
    list_filter = ["status", "attempt__question__topic", "attempt__question"]
    readonly_fields = ["attempt", "point_key", "answer", "created_at", "resolved_at"]
    fields = ["attempt", "point_key", "answer", "status", "created_at", "resolved_at"]
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attempt__question__topic")

    def has_add_permission(self, request):
        return False

    @admin.display(description="Question")
    def question(self, challenge) -> str:
        return str(challenge.attempt.question)

    @admin.display(description="Answer")
    def answer_excerpt(self, challenge) -> str:
        return challenge.attempt.answer[:120]

    @admin.display(description="Answer")
    def answer(self, challenge) -> str:
        return challenge.attempt.answer

    @admin.display(description="Marker's mark")
    def marker_mark(self, challenge) -> str:
        return f"{challenge.attempt.mark} / {challenge.attempt.max_marks}"

    @admin.action(description="Accept: save as a sample answer with the point earned")
    def accept(self, request, queryset):
        count = 0
        for challenge in queryset.filter(status="pending"):
            attempt = challenge.attempt
            point = next(
                (
                    p
                    for p in attempt.result.get("points", [])
                    if p.get("key") == challenge.point_key
                ),
                {},
            )
            expected = min(attempt.max_marks, attempt.mark + int(point.get("marks_available", 1)))
            models.SampleAnswer.objects.create(
                question=attempt.question,
                answer=attempt.answer,
                expected_mark=expected,
                source=models.SampleAnswer.Source.CHALLENGE,
                note=f"Challenge accepted: {challenge.point_key}",
            )
            challenge.status, challenge.resolved_at = "accepted", timezone.now()
            challenge.save(update_fields=["status", "resolved_at"])
            count += 1
        messages.success(
            request,
            f"Accepted {count} challenge(s); each answer is now a sample with its corrected mark.",
        )

    @admin.action(description="Reject: save as a sample answer with the marker's mark")
    def reject(self, request, queryset):
        count = 0
        for challenge in queryset.filter(status="pending"):
            attempt = challenge.attempt
            models.SampleAnswer.objects.create(
                question=attempt.question,
                answer=attempt.answer,
                expected_mark=attempt.mark,
                source=models.SampleAnswer.Source.CHALLENGE,
                note=f"Challenge rejected: {challenge.point_key}",
            )
            challenge.status, challenge.resolved_at = "rejected", timezone.now()
            challenge.save(update_fields=["status", "resolved_at"])
            count += 1
        messages.success(request, f"Rejected {count} challenge(s).")


@admin.register(models.SampleAnswer)
class SampleAnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "expected_mark", "source", "created_at"]
    list_filter = ["source", "question__topic"]
    search_fields = ["answer"]
