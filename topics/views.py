"""The learner's pages: home, topic, compare, glossary, search. Thin views over selectors.

Every page is `require_safe` (GET and HEAD: link checkers and uptime monitors send HEAD) and a
`content_page`: it depends only on the content and the URL, so topics/caching.py keeps it
rendered until the content changes and answers a revisit with 304 Not Modified.
"""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from topics import selectors
from topics.caching import content_page
from topics.content_format import CONTROL_CHARACTERS
from topics.search import search_with_correction, topic_reading_minutes
from topics.theme import THEME_COOKIE, THEME_COOKIE_AGE, ThemeForm

MAX_QUERY_LENGTH = 200


@require_safe
@content_page(shows_learners_progress=True)
def home(request: HttpRequest) -> TemplateResponse:
    # topics first, in one list: the awarding body is a quiet label on each card
    topics = selectors.topics_for_listing()
    return TemplateResponse(request, "topics/home.html", {"topics": topics})


@require_safe
@content_page(shows_learners_progress=True)
def topic_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    topic = get_object_or_404(selectors.topics_for_pages(), slug=slug)
    tips = list(topic.tips.all())
    context = {
        "topic": topic,
        "same_unit": selectors.topics_same_unit(topic),
        "topic_tips": [tip for tip in tips if tip.scope == tip.Scope.TOPIC],
        "qualification_tips": [tip for tip in tips if tip.scope == tip.Scope.QUALIFICATION],
        "reading_minutes": topic_reading_minutes(topic),
    }
    return TemplateResponse(request, "topics/topic_detail.html", context)


@require_safe
@content_page
def compare(request: HttpRequest, unit: str) -> TemplateResponse:
    topics = list(
        selectors.topics_for_pages()
        .filter(unit=unit)
        .order_by("qualification__awarding_body__name", "title")
    )
    if len(topics) < 2:
        raise Http404("No unit is taught by more than one awarding body under that name.")
    # part by part, each awarding body's version in turn: side by side on a desk, one after the
    # other on a phone
    parts = [
        (
            "outcomes",
            "Learning outcomes",
            [[o.text for o in t.learning_outcomes.all()] for t in topics],
        ),
        (
            "criteria",
            "What examiners award credit for",
            [[c.text for c in t.assessment_criteria.all()] for t in topics],
        ),
        (
            "tips",
            "Exam tips for this topic",
            [[tip.text for tip in t.tips.all() if tip.scope == tip.Scope.TOPIC] for t in topics],
        ),
    ]
    context = {
        "topics": topics,
        "title": topics[0].title,
        "parts": [
            (key, heading, list(zip(topics, texts, strict=True))) for key, heading, texts in parts
        ],
    }
    return TemplateResponse(request, "topics/compare.html", context)


@require_safe
@content_page
def glossary(request: HttpRequest) -> TemplateResponse:
    letters = [
        (letter, list(entries))
        for letter, entries in groupby(
            selectors.glossary_entries(), key=lambda entry: entry.term[:1].upper()
        )
    ]
    return TemplateResponse(request, "topics/glossary.html", {"letters": letters})


@require_safe
@content_page
def search_page(request: HttpRequest) -> TemplateResponse:
    # a NUL or other control character was echoed into the page
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    results = search_with_correction(query) if query else None
    return TemplateResponse(request, "topics/search.html", {"query": query, "results": results})


# Exempt from CSRF: the switch sits on cached pages, which hold no token, and a forged request can
# do no more than change this browser's colours. Every other POST on the site keeps its token.
@csrf_exempt
@require_POST
def theme_set(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "topics/theme.html", {"form": form}, status=400)
    back = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    response.set_cookie(
        THEME_COOKIE,
        form.cleaned_data["theme"],
        max_age=THEME_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
