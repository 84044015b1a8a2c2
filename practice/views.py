"""The review session, key-term flashcards and progress codes. Thin views over services.

Every form posts back to its page and works without JavaScript (post, redirect, get); with htmx
the same post answers with the page's partial.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assessment import services as quiz_services
from assessment.addresses import address_group, client_address
from assessment.feedback import feedback_context
from assessment.forms import AnswerForm, CheckForm
from assessment.models import Attempt
from assessment.ratelimit import rate_exceeded
from assessment.views import answering_too_fast, learners_own
from practice import schedule, services
from practice.forms import CodeForm, RecallForm, TermsForm
from practice.models import ReviewCard
from practice.selectors import CardView, card_view, due_summary, next_due_card
from topics.models import Topic

REVIEW_TEMPLATE = "practice/review.html"


def _session_key(request: HttpRequest, *, create: bool = False) -> str | None:
    if create and not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _card_context(request: HttpRequest, view: CardView | None, **extra) -> dict:
    now = timezone.now()
    context = {"summary": due_summary(_session_key(request), now), "view": view, **extra}
    if view is not None and view.card.kind == ReviewCard.Kind.TERM:
        context["ratings"] = [
            (int(rating), label, schedule.interval_words(interval))
            for (rating, label), interval in zip(
                schedule.RATINGS.items(),
                schedule.intervals(view.card, now).values(),
                strict=True,
            )
        ]
    if view is not None and view.question is not None:
        context.setdefault("form", AnswerForm(initial={"submission": uuid.uuid4().hex}))
        # the quiz's question form, posting to this card with the question it asks
        context["item"] = {"question": view.question}
        context["item_url"] = (
            reverse("practice:review_card", args=[view.card.pk]) + f"?question={view.question.pk}"
        )
    return context


def _next_view(request: HttpRequest) -> CardView | None:
    """The next due card that can still be shown. A card whose content left the site (its term
    or every question on its point removed) cannot be reviewed again: it goes."""
    now = timezone.now()
    while (card := next_due_card(_session_key(request), now)) is not None:
        view = card_view(card)
        if view is not None:
            return view
        card.delete()
    return None


def _render(request: HttpRequest, context: dict, partial: str = "review-area", **kwargs):
    template = REVIEW_TEMPLATE + f"#{partial}" if request.htmx else REVIEW_TEMPLATE
    return TemplateResponse(request, template, context, **kwargs)


@require_GET
@learners_own
def review(request: HttpRequest) -> TemplateResponse:
    """The review session: the card due longest, of any topic and kind."""
    return _render(request, _card_context(request, _next_view(request)))


def _learners_card(request: HttpRequest, card_id: int) -> ReviewCard:
    return get_object_or_404(
        ReviewCard.objects.for_session(_session_key(request)).select_related("topic", "question"),
        pk=card_id,
    )


@require_http_methods(["GET", "POST"])
@learners_own
def review_card(request: HttpRequest, card_id: int) -> HttpResponse:
    """One card: a written question to answer, or a key term to recall and rate."""
    card = _learners_card(request, card_id)
    view = card_view(card)
    if view is None:
        raise Http404("That card's content is no longer on the site.")
    if card.kind == ReviewCard.Kind.CHECK:
        return _answer_check(request, view)
    if request.method == "GET":
        return _render(request, _card_context(request, view))
    if card.kind == ReviewCard.Kind.TERM:
        return _rate_term(request, view)
    return _answer_point(request, view)


def _answer_check(request: HttpRequest, view: CardView) -> HttpResponse:
    """A true-or-false check again: the answer is kept as the quiz keeps it (which rates the
    card); its feedback is a plain GET (?verdict=...) after it, as in the quiz."""
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "verdict" in request.GET else None)
    )
    form = CheckForm(data)
    if data is None or not form.is_valid():
        status = 400 if data is not None else 200
        return _render(request, _card_context(request, view, check_form=form), status=status)
    chose_true = form.cleaned_data["verdict"] == "true"
    if request.method == "POST":
        quiz_services.check_answer_record(
            session_key=_session_key(request, create=True),
            topic=view.card.topic,
            statement_key=view.card.statement_key,
            statement_is_true=view.statement_is_true,
            chose_true=chose_true,
        )
        if not request.htmx:
            url = reverse("practice:review_card", args=[view.card.pk])
            return redirect(f"{url}?verdict={form.cleaned_data['verdict']}")
    view.card.refresh_from_db()
    context = {
        "summary": due_summary(_session_key(request), timezone.now()),
        "view": view,
        "correct": chose_true == view.statement_is_true,
        "comes_back": schedule.interval_words(view.card.due - timezone.now()),
    }
    return _render(request, context, "review-check-feedback")


def _rate_term(request: HttpRequest, view: CardView) -> HttpResponse:
    form = RecallForm(request.POST)
    if not form.is_valid():
        return _render(request, _card_context(request, view, rating_form=form), status=400)
    services.card_recall_rate(card=view.card, rating=form.cleaned_data["rating"])
    note = f"{view.card.term}: next {schedule.interval_words(view.card.due - timezone.now())}."
    if request.htmx:
        return _render(request, _card_context(request, _next_view(request), rated=note))
    messages.success(request, note)
    return redirect("practice:review")


def _answer_point(request: HttpRequest, view: CardView) -> HttpResponse:
    form = AnswerForm(request.POST)
    asked = request.GET.get("question", "")
    if asked != str(view.question.pk):
        # the page asked another question on the same point (shown before the card last
        # came round): mark that one, if it still reviews this card
        others = {str(q.pk): q for q in services.review_questions(view.card)}
        if asked not in others:
            raise Http404("That question does not review this card.")
        view.question = others[asked]
    if answering_too_fast(request):
        form.is_valid()
        form.add_error(
            None,
            "You are sending answers very fast. Take a breath, read the question again, and try in a minute.",
        )
        return _render(request, _card_context(request, view, form=form), status=429)
    if not form.is_valid():
        return _render(request, _card_context(request, view, form=form))
    attempt = quiz_services.attempt_record(
        question=view.question,
        session_key=_session_key(request, create=True),
        answer=form.cleaned_data["answer"],
        submission=form.cleaned_data["submission"],
    )
    services.card_review_answer(card=view.card, attempt=attempt)
    if request.htmx:
        return _render(request, _feedback_context(request, view, attempt), "review-feedback")
    return redirect("practice:review_feedback", card_id=view.card.pk, attempt_id=attempt.pk)


def _feedback_context(request: HttpRequest, view: CardView, attempt: Attempt) -> dict:
    view.card.refresh_from_db()
    return {
        "summary": due_summary(_session_key(request), timezone.now()),
        "view": view,
        "comes_back": schedule.interval_words(view.card.due - timezone.now()),
        **feedback_context(attempt),
    }


@require_GET
@learners_own
def review_feedback(request: HttpRequest, card_id: int, attempt_id: int) -> TemplateResponse:
    card = _learners_card(request, card_id)
    attempt = get_object_or_404(
        Attempt.objects.select_related("question__topic"),
        pk=attempt_id,
        session_key=_session_key(request) or "",
    )
    view = card_view(card)
    if view is None:
        raise Http404("That card's content is no longer on the site.")
    view.question = attempt.question
    return TemplateResponse(request, REVIEW_TEMPLATE, _feedback_context(request, view, attempt))


# --- key-term flashcards -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@learners_own
def flashcards(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic's key terms, and the learner's choice to practise them (or to stop)."""
    topic = get_object_or_404(Topic.objects.live().prefetch_related("key_terms"), slug=slug)
    terms = list(topic.key_terms.all())
    if not terms:
        raise Http404("This topic has no key terms.")
    form = TermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == "practise":
            made = services.terms_practise(
                session_key=_session_key(request, create=True), topic=topic
            )
            messages.success(
                request,
                f"{made} flashcard{'s' if made != 1 else ''} added: each term both ways round."
                if made
                else "These terms are already in your reviews.",
            )
            return redirect("practice:review")
        services.terms_stop(session_key=_session_key(request) or "", topic=topic)
        messages.success(request, f"The key terms of {topic.title} are out of your reviews.")
        return redirect("practice:flashcards", slug=topic.slug)
    status = 400 if request.method == "POST" else 200  # a POST that was not a valid choice
    practising = ReviewCard.objects.filter(
        session_key=_session_key(request) or "", kind=ReviewCard.Kind.TERM, topic=topic
    ).exists()
    context = {"topic": topic, "terms": terms, "practising": practising, "form": form}
    return TemplateResponse(request, "practice/flashcards.html", context, status=status)


# --- progress codes ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@learners_own
def progress_code(request: HttpRequest) -> TemplateResponse:
    """Make a code to open this browser's progress on another device (shown once)."""
    session_key = _session_key(request)
    code = None
    if request.method == "POST":
        code = services.progress_code_make(session_key=_session_key(request, create=True))
    use_url = request.build_absolute_uri(reverse("practice:progress_code_use"))
    context = {
        "code": services.code_display(code) if code else None,
        "use_url": use_url,
        "has_code": services.progress_code_exists(session_key=session_key or ""),
    }
    if code:
        context["qr_svg"] = services.code_qr_svg(f"{use_url}?code={code}")
    return TemplateResponse(request, "practice/progress_code.html", context)


CODES_TOO_FAST = "Too many codes tried in a minute. Wait a minute, then type the code again."


def redeeming_too_fast(request: HttpRequest) -> bool:
    address = address_group(client_address(request))
    return rate_exceeded(
        name="progress-code-address", who=address, limit=settings.PROGRESS_CODE_RATE_PER_ADDRESS
    )


@require_http_methods(["GET", "POST"])
@learners_own
def progress_code_use(request: HttpRequest) -> HttpResponse:
    """Open the progress a code belongs to in this browser. A scanned link only fills the form:
    nothing changes until the learner confirms (a GET never moves progress)."""
    data = request.POST if request.method == "POST" else None
    form = CodeForm(data, initial={"code": request.GET.get("code", "")[:100]})
    status = 200
    if data is not None:
        if redeeming_too_fast(request):
            form.is_valid()
            form.add_error(None, CODES_TOO_FAST)
            status = 429
        elif form.is_valid():
            into_key = services.progress_code_session(form.cleaned_data["code"])
            if into_key is None or not request.session.exists(into_key):
                form.add_error(
                    "code",
                    "That code does not open any progress: it may have been replaced by a newer "
                    "code, or wiped. Make a new one on your other device.",
                )
            elif into_key == request.session.session_key:
                messages.success(request, "This browser already shows that progress.")
                return redirect("assessment:progress")
            else:
                _join_session(request, into_key)
                messages.success(request, "Done: this browser now shows the same progress.")
                return redirect("assessment:progress")
    return TemplateResponse(
        request, "practice/progress_code_use.html", {"form": form}, status=status
    )


def _join_session(request: HttpRequest, into_key: str) -> None:
    """This browser takes the other device's session: both keep one history from now on. What
    this browser had done already moves into it (services.progress_move)."""
    from_key = request.session.session_key or ""
    services.progress_move(from_key=from_key, into_key=into_key)
    engine = request.session.__class__
    if from_key:
        request.session.delete()
    request.session = engine(session_key=into_key)
    request.session.modified = True  # the session middleware sets the cookie to the joined key
