"""The self-check quiz and the learner's progress. Thin views: the writes live in services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_cookie
from django_htmx.http import HttpResponseClientRedirect

from assessment import services
from assessment.addresses import address_group, client_address
from assessment.feedback import feedback_context
from assessment.forms import AnswerForm, ChallengeForm, CheckForm
from assessment.models import Attempt
from assessment.quiz import QuizItem, quiz_items
from assessment.ratelimit import rate_exceeded
from topics.models import Topic

QUIZ_TEMPLATE = "assessment/quiz_item.html"


def _session_key(request: HttpRequest, *, create: bool = False) -> str | None:
    if create and not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _stored_session_key(request: HttpRequest) -> str | None:
    """The key of a session that exists. Reading the session loads it, and a cookie naming no
    stored session (made up, or expired) leaves no key: it is a post without a session."""
    request.session.items()
    return request.session.session_key


def answering_too_fast(request: HttpRequest) -> bool:
    """Rate limits on answer posts, shared by every process, checked before a session is made.

    A post without a session would get a new one, so without a session cookie the per-session
    limit meant nothing: each cookie-less post made a session and an attempt. Such posts are
    limited on the address (an IPv6 /64 counts as one) before any session is made.
    """
    address = address_group(client_address(request))
    if _stored_session_key(request) is None and rate_exceeded(
        name="answer-new-session", who=address, limit=settings.QUIZ_NEW_SESSIONS_PER_ADDRESS
    ):
        return True
    if rate_exceeded(name="answer-address", who=address, limit=settings.QUIZ_RATE_PER_ADDRESS):
        return True
    session_key = _session_key(request, create=True)
    return rate_exceeded(
        name="answer-session", who=session_key, limit=settings.QUIZ_RATE_PER_SESSION
    )


def _quiz(slug: str) -> tuple[Topic, list[QuizItem]]:
    topic = get_object_or_404(
        Topic.objects.live()
        .select_related("qualification__awarding_body")
        .prefetch_related("misconceptions"),
        slug=slug,
    )
    questions = list(
        services.question_queryset().live().filter(topic=topic).order_by("position", "id")
    )
    items = quiz_items(questions, list(topic.misconceptions.all()))
    if not items:
        raise Http404("This topic has no quiz yet.")
    return topic, items


def _item(items: list[QuizItem], number: int) -> QuizItem:
    if not 1 <= number <= len(items):
        raise Http404("There is no such question in this quiz.")
    return items[number - 1]


def _item_context(topic: Topic, items: list[QuizItem], item: QuizItem, **extra) -> dict:
    next_number = item.number + 1 if item.number < len(items) else None
    return {
        "topic": topic,
        "item": item,
        "total": len(items),
        "next_url": (
            reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": next_number})
            if next_number
            else reverse("assessment:quiz_summary", kwargs={"slug": topic.slug})
        ),
        "item_url": reverse(
            "assessment:quiz_item", kwargs={"slug": topic.slug, "number": item.number}
        ),
        **extra,
    }


def _render(request: HttpRequest, context: dict, partial: str) -> TemplateResponse:
    template = QUIZ_TEMPLATE + f"#{partial}" if request.htmx else QUIZ_TEMPLATE
    return TemplateResponse(request, template, context)


@require_http_methods(["GET", "POST"])
def quiz_item(request: HttpRequest, slug: str, number: int = 1) -> HttpResponse:
    topic, items = _quiz(slug)
    item = _item(items, number)
    if item.is_check:
        return _check(request, topic, items, item)
    form = AnswerForm(request.POST or None, initial={"submission": uuid.uuid4().hex})
    if request.method == "POST":
        if answering_too_fast(request):
            form.is_valid()
            form.add_error(
                None,
                "You are sending answers very fast. Take a breath, read the question again, and try in a minute.",
            )
            response = _render(
                request, _item_context(topic, items, item, form=form), "question-form"
            )
            response.status_code = 429
            return response
        if form.is_valid():
            attempt = services.attempt_record(
                question=item.question,
                session_key=_session_key(request, create=True),
                answer=form.cleaned_data["answer"],
                submission=form.cleaned_data["submission"],
            )
            if request.htmx:
                context = _item_context(topic, items, item, **feedback_context(attempt))
                return _render(request, context, "feedback")
            return redirect(
                "assessment:quiz_feedback",
                slug=topic.slug,
                number=item.number,
                attempt_id=attempt.pk,
            )
        return _render(request, _item_context(topic, items, item, form=form), "question-form")
    return TemplateResponse(request, QUIZ_TEMPLATE, _item_context(topic, items, item, form=form))


def _check(
    request: HttpRequest, topic: Topic, items: list[QuizItem], item: QuizItem
) -> HttpResponse:
    """A misconception check: no state to store, so its feedback is a plain GET (?verdict=...)."""
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "verdict" in request.GET else None)
    )
    form = CheckForm(data)
    if data is not None and form.is_valid():
        verdict = form.cleaned_data["verdict"]
        if request.method == "POST" and not request.htmx:
            return redirect(
                reverse("assessment:quiz_item", args=[topic.slug, item.number])
                + f"?verdict={verdict}"
            )
        context = _item_context(topic, items, item, verdict=verdict, correct=verdict == "false")
        return _render(request, context, "check-feedback")
    return _render(request, _item_context(topic, items, item, form=form), "check-form")


def learners_own(view):
    """A page showing one learner's answers: no shared cache (a proxy, a school's web filter)
    may keep it or hand it to another browser."""
    return cache_control(private=True)(vary_on_cookie(view))


@require_GET
@learners_own
def quiz_feedback(
    request: HttpRequest, slug: str, number: int, attempt_id: int
) -> TemplateResponse:
    topic, items = _quiz(slug)
    item = _item(items, number)
    attempt = get_object_or_404(
        Attempt, pk=attempt_id, session_key=_session_key(request) or "", question=item.question
    )
    context = _item_context(topic, items, item, **feedback_context(attempt))
    return TemplateResponse(request, QUIZ_TEMPLATE, context)


CHALLENGES_TOO_FAST = (
    "Too many challenges in a minute. Read your feedback again, and try in a minute."
)
CHALLENGE_QUEUE_FULL = (
    "Your tutors already have many challenges on this question to read, so this one was not "
    "sent. Try again in a few days."
)


def challenging_too_fast(request: HttpRequest, session_key: str) -> bool:
    """Challenges per minute, per session and per address: each one is a tutor's reading time."""
    address = address_group(client_address(request))
    return rate_exceeded(
        name="challenge-address", who=address, limit=settings.CHALLENGE_RATE_PER_ADDRESS
    ) or rate_exceeded(
        name="challenge-session", who=session_key, limit=settings.CHALLENGE_RATE_PER_SESSION
    )


@require_POST
def challenge(request: HttpRequest, attempt_id: int) -> HttpResponse:
    session_key = _session_key(request) or ""
    attempt = get_object_or_404(
        Attempt.objects.select_related("question__topic"),
        pk=attempt_id,
        session_key=session_key,
        # an archived question is off the quiz: no new challenges on it
        question__archived_at__isnull=True,
        question__topic__archived_at__isnull=True,
    )
    form = ChallengeForm(request.POST)
    point = form.cleaned_data["point"] if form.is_valid() else ""
    refusal, status = "", 200
    if challenging_too_fast(request, session_key):
        refusal, status = CHALLENGES_TOO_FAST, 429
    else:
        try:
            services.challenge_record(attempt=attempt, point_key=point)
        except ValueError:
            raise Http404("That is not a missed point of your answer.") from None
        except services.ChallengeQueueFull:
            refusal = CHALLENGE_QUEUE_FULL
    if request.htmx:
        partial = "#challenge-refused" if refusal else "#challenge-sent"
        context = {"point_key": point, "refusal": refusal}
        return TemplateResponse(request, QUIZ_TEMPLATE + partial, context, status=status)
    if refusal:
        messages.warning(request, refusal)
    else:
        messages.success(request, "Thanks: a tutor will look at your answer for that point.")
    item_number = _number_of_question(attempt)
    return redirect(
        "assessment:quiz_feedback",
        slug=attempt.question.topic.slug,
        number=item_number,
        attempt_id=attempt.pk,
    )


def _number_of_question(attempt: Attempt) -> int:
    _, items = _quiz(attempt.question.topic.slug)
    return next(i.number for i in items if i.question and i.question.pk == attempt.question_id)


@require_GET
@learners_own
def quiz_summary(request: HttpRequest, slug: str) -> TemplateResponse:
    topic, items = _quiz(slug)
    questions = [item.question for item in items if item.question]
    attempts = list(services.attempts_for_session(_session_key(request), topic=topic))
    progress = services.topic_progress(topic=topic, questions=questions, attempts=attempts)
    return TemplateResponse(
        request, "assessment/quiz_summary.html", {"topic": topic, "progress": progress}
    )


@require_GET
@learners_own
def progress(request: HttpRequest) -> TemplateResponse:
    """Per topic the learner answered: dated answers, the trend of marks, each criterion's
    mastery. A fixed number of queries however many answers (tests/assessment/test_progress.py)."""
    progress_list = services.progress_for_session(_session_key(request))
    return TemplateResponse(request, "assessment/progress.html", {"progress_list": progress_list})


@require_POST
def progress_wipe(request: HttpRequest) -> HttpResponse:
    wiped = services.progress_wipe(session_key=_session_key(request))
    if _session_key(request):
        # a new key: another device that opened this history with a progress code shares it no more
        request.session.cycle_key()
    message = f"Your history is wiped ({wiped.answers} answer(s) deleted)."
    if wiped.kept_as_samples:
        message += (
            f" {wiped.kept_as_samples} answer{'s' if wiped.kept_as_samples > 1 else ''} a tutor"
            f" kept as a sample stay{'' if wiped.kept_as_samples > 1 else 's'}, with nothing"
            " linking them to you."
        )
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("assessment:progress"))
    return redirect("assessment:progress")
