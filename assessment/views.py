"""The self-check quiz and the learner's progress. Thin views: the writes live in services."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

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
from assessment.command_words import GUIDES, guide_for
from assessment.feedback import command_word_url, feedback_context
from assessment.forms import AnswerForm, ChallengeForm, CheckForm, WipeForm
from assessment.models import Attempt
from assessment.quiz import QuizItem, quiz_items
from assessment.ratelimit import rate_exceeded
from topics.models import Topic

QUIZ_TEMPLATE = "assessment/quiz_item.html"
TOO_FAST = "You are sending answers very fast. Take a breath, read the question again, and try in a minute."


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


ROUNDS = "quiz_rounds"  # the session's key: {topic slug: {"seed": ..., "ids": [...]}}


@dataclass(frozen=True)
class Quiz:
    topic: Topic
    items: list[QuizItem]
    kept: dict  # the round, as the learner's session keeps it


def _quiz(request: HttpRequest, slug: str) -> Quiz:
    """The topic and the items of the learner's current round of its quiz."""
    topic = get_object_or_404(
        Topic.objects.live()
        .select_related("qualification__awarding_body")
        .prefetch_related("misconceptions"),
        slug=slug,
    )
    questions = list(
        services.question_queryset().live().filter(topic=topic).order_by("position", "id")
    )
    rounds = request.session.get(ROUNDS, {})
    drawn, kept = services.quiz_round(
        topic=topic,
        questions=questions,
        session_key=_stored_session_key(request),
        stored=rounds.get(topic.slug),
    )
    items = quiz_items(drawn, list(topic.misconceptions.all()))
    if not items:
        raise Http404("This topic has no quiz yet.")
    return Quiz(topic, items, kept)


def _keep_round(request: HttpRequest, quiz: Quiz) -> None:
    """Remember the round in the learner's session, so it is asked as it was drawn. A visitor
    without a session is not given one for this: their round (the first, seed 0) is kept with
    their first answer, after which they have one."""
    if request.session.session_key is None:
        return
    rounds = request.session.get(ROUNDS, {})
    if rounds.get(quiz.topic.slug) != quiz.kept:
        request.session[ROUNDS] = {**rounds, quiz.topic.slug: quiz.kept}


@require_POST
def quiz_new_round(request: HttpRequest, slug: str) -> HttpResponse:
    """Draw the next round: questions not yet met first, then missed ones, a new mix each time."""
    get_object_or_404(Topic.objects.live(), slug=slug)
    rounds = request.session.get(ROUNDS, {})
    request.session[ROUNDS] = {**rounds, slug: {"seed": secrets.randbelow(2**31), "ids": []}}
    url = reverse("assessment:quiz", kwargs={"slug": slug})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _item(items: list[QuizItem], number: int) -> QuizItem:
    if not 1 <= number <= len(items):
        raise Http404("There is no such question in this quiz.")
    return items[number - 1]


def _item_context(topic: Topic, items: list[QuizItem], item: QuizItem, **extra) -> dict:
    next_number = item.number + 1 if item.number < len(items) else None
    guide = guide_for(item.question.command_word) if item.question else None
    return {
        "command_guide": guide,
        "command_guide_url": command_word_url(guide),
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
    quiz = _quiz(request, slug)
    item = _item(quiz.items, number)
    if item.is_check:
        response = _check(request, quiz.topic, quiz.items, item)
    else:
        response = _question(request, quiz.topic, quiz.items, item)
    _keep_round(request, quiz)  # after an answer, which gives a new visitor their session
    return response


def _question(
    request: HttpRequest, topic: Topic, items: list[QuizItem], item: QuizItem
) -> HttpResponse:
    """A written question: its form, and on a post the learner's answer marked."""
    initial = {"submission": uuid.uuid4().hex, "answer": _previous_answer(request, item)}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if answering_too_fast(request):
            form.is_valid()
            form.add_error(None, TOO_FAST)
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
            feedback_url = reverse(
                "assessment:quiz_feedback",
                kwargs={"slug": topic.slug, "number": item.number, "attempt_id": attempt.pk},
            )
            if request.htmx:
                feedback = feedback_context(attempt, question=item.question)
                response = _render(
                    request, _item_context(topic, items, item, **feedback), "feedback"
                )
                # the address of the feedback, as without JavaScript: a refresh or Back keeps it
                response["HX-Push-Url"] = feedback_url
                return response
            return redirect(feedback_url)
        return _render(request, _item_context(topic, items, item, form=form), "question-form")
    return TemplateResponse(request, QUIZ_TEMPLATE, _item_context(topic, items, item, form=form))


def _previous_answer(request: HttpRequest, item: QuizItem) -> str:
    """ "Try again" (?again=<attempt id>) starts from the learner's previous answer to this
    question, so nobody retypes it on a phone. Only their own attempt: any other id gives none."""
    attempt_id = request.GET.get("again", "")
    if not attempt_id.isdigit() or item.question is None:
        return ""
    attempt = Attempt.objects.filter(
        pk=int(attempt_id), session_key=_session_key(request) or "", question=item.question
    ).first()
    return attempt.answer if attempt else ""


def _check(
    request: HttpRequest, topic: Topic, items: list[QuizItem], item: QuizItem
) -> HttpResponse:
    """A true-or-false check. A post records the learner's answer in their progress; its
    feedback is a plain GET (?verdict=...) after it, so a refresh shows it again."""
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "verdict" in request.GET else None)
    )
    form = CheckForm(data)
    if data is not None and form.is_valid():
        verdict = form.cleaned_data["verdict"]
        if request.method == "POST":
            if answering_too_fast(request):
                form.add_error(None, TOO_FAST)
                response = _render(
                    request, _item_context(topic, items, item, form=form), "check-form"
                )
                response.status_code = 429
                return response
            services.check_answer_record(
                session_key=_session_key(request, create=True),
                topic=topic,
                statement_key=item.statement_key,
                statement_is_true=item.statement_is_true,
                chose_true=verdict == "true",
            )
        verdict_url = reverse("assessment:quiz_item", args=[topic.slug, item.number]) + (
            f"?verdict={verdict}"
        )
        if request.method == "POST" and not request.htmx:
            return redirect(verdict_url)
        context = _item_context(
            topic,
            items,
            item,
            verdict=verdict,
            correct=(verdict == "true") == item.statement_is_true,
        )
        response = _render(request, context, "check-feedback")
        if request.htmx:
            response["HX-Push-Url"] = verdict_url
        return response
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
    quiz = _quiz(request, slug)
    topic, items = quiz.topic, quiz.items
    item = _item(items, number)
    attempt = get_object_or_404(
        Attempt, pk=attempt_id, session_key=_session_key(request) or "", question=item.question
    )
    context = _item_context(topic, items, item, **feedback_context(attempt, question=item.question))
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
        # focus goes to the message that replaces the button (which is gone)
        context = {"point_key": point, "refusal": refusal, "just_sent": True}
        return TemplateResponse(request, QUIZ_TEMPLATE + partial, context, status=status)
    if refusal:
        messages.warning(request, refusal)
    number = _number_of_question(request, attempt)
    if number is None:  # a question of an earlier round: the learner's progress lists it
        if not refusal:
            messages.success(request, "Thanks: a tutor will look at your answer.")
        return redirect("assessment:progress")
    feedback_url = reverse(
        "assessment:quiz_feedback",
        kwargs={"slug": attempt.question.topic.slug, "number": number, "attempt_id": attempt.pk},
    )
    # back to the point: its thanks (or the refusal, at the top) is where the learner was
    return redirect(f"{feedback_url}#point-{point}" if not refusal else feedback_url)


def _number_of_question(request: HttpRequest, attempt: Attempt) -> int | None:
    items = _quiz(request, attempt.question.topic.slug).items
    return next(
        (i.number for i in items if i.question and i.question.pk == attempt.question_id), None
    )


@require_GET
@learners_own
def quiz_summary(request: HttpRequest, slug: str) -> TemplateResponse:
    quiz = _quiz(request, slug)
    topic, items = quiz.topic, quiz.items
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
    context = {
        "progress_list": services.progress_for_session(_session_key(request)),
        "challenges": services.challenges_for_session(_session_key(request)),
        "check_scores": services.check_scores_for_session(_session_key(request)),
    }
    return TemplateResponse(request, "assessment/progress.html", context)


def _counted(number: int, thing: str, things: str) -> str:
    return f"{number} {thing if number == 1 else things}"


def wiped_sentence(wiped: services.Wiped) -> str:
    """What goes, in words: "2 answers, 1 true-or-false answer and 1 challenge"."""
    parts = [
        _counted(wiped.answers, "written answer", "written answers"),
        _counted(wiped.checks, "true-or-false answer", "true-or-false answers"),
        _counted(wiped.challenges, "challenge", "challenges"),
    ]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def kept_sentence(kept: int) -> str:
    if not kept:
        return ""
    return (
        f"{kept} answer{'s' if kept > 1 else ''} a tutor kept as a sample"
        f" stay{'' if kept > 1 else 's'}, with nothing linking {'them' if kept > 1 else 'it'} to you."
    )


@require_http_methods(["GET", "POST"])
@learners_own
def progress_wipe(request: HttpRequest) -> HttpResponse:
    """A page that says what a wipe removes, and its form; only its confirmed post wipes."""
    form = WipeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wiped = services.progress_wipe(session_key=_session_key(request))
        if _session_key(request):
            # a new key: a device that opened this history with a progress code shares it no more
            request.session.cycle_key()
        message = f"Your history is wiped: {wiped_sentence(wiped)} deleted."
        if wiped.kept_as_samples:
            message += " " + kept_sentence(wiped.kept_as_samples)
        messages.success(request, message)
        if request.htmx:
            return HttpResponseClientRedirect(reverse("assessment:progress"))
        return redirect("assessment:progress")
    preview = services.progress_wipe_preview(session_key=_session_key(request))
    context = {
        "form": form,
        "preview": preview,
        "removes": wiped_sentence(preview),
        "kept": kept_sentence(preview.kept_as_samples),
        "nothing": not (preview.answers or preview.checks),
    }
    return TemplateResponse(request, "assessment/progress_wipe.html", context)


@require_GET
def command_words(request: HttpRequest) -> TemplateResponse:
    """What each command word asks, with an example from the qualification."""
    return TemplateResponse(request, "assessment/command_words.html", {"guides": GUIDES})
