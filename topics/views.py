"""The learner's pages: home, topic, compare, glossary, search. Thin views over selectors."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Count
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from topics.caching import content_page
from topics.importer import topic_queryset
from topics.models import KeyTerm, Qualification, Topic
from topics.search import search

MAX_QUERY_LENGTH = 200


@require_GET
@content_page
def home(request: HttpRequest) -> TemplateResponse:
    qualifications = Qualification.objects.select_related("awarding_body").order_by(
        "awarding_body__name", "title"
    )
    topics = Topic.objects.for_listing().annotate(
        point_count=Count("questions__points", distinct=True),
        question_count=Count("questions", distinct=True),
    )
    by_qualification: dict[int, list[Topic]] = {}
    for topic in topics:
        by_qualification.setdefault(topic.qualification_id, []).append(topic)
    groups = [
        (body, [(q, by_qualification.get(q.pk, [])) for q in quals])
        for body, quals in groupby(qualifications, key=lambda q: q.awarding_body)
    ]
    return TemplateResponse(request, "topics/home.html", {"groups": groups})


@require_GET
@content_page
def topic_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    topic = get_object_or_404(topic_queryset(), slug=slug)
    same_unit = (
        list(
            Topic.objects.select_related("qualification__awarding_body")
            .filter(unit=topic.unit)
            .exclude(pk=topic.pk)
        )
        if topic.unit
        else []
    )
    tips = list(topic.tips.all())
    context = {
        "topic": topic,
        "same_unit": same_unit,
        "topic_tips": [t for t in tips if t.scope == "topic"],
        "qualification_tips": [t for t in tips if t.scope == "qualification"],
        "has_quiz": bool(topic.questions.all()) or bool(topic.misconceptions.all()),
    }
    return TemplateResponse(request, "topics/topic_detail.html", context)


@require_GET
@content_page
def compare(request: HttpRequest, unit: str) -> TemplateResponse:
    topics = list(
        topic_queryset().filter(unit=unit).order_by("qualification__awarding_body__name", "title")
    )
    if len(topics) < 2:
        raise Http404("No unit is taught by more than one awarding body under that name.")
    return TemplateResponse(
        request, "topics/compare.html", {"topics": topics, "title": topics[0].title}
    )


@require_GET
@content_page
def glossary(request: HttpRequest) -> TemplateResponse:
    terms = sorted(
        KeyTerm.objects.select_related("topic__qualification__awarding_body"),
        key=lambda term: (term.term.casefold(), term.topic.title),
    )
    letters = [
        (letter, list(group))
        for letter, group in groupby(terms, key=lambda term: term.term[:1].upper())
    ]
    return TemplateResponse(request, "topics/glossary.html", {"letters": letters})


@require_GET
@content_page
def search_page(request: HttpRequest) -> TemplateResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    hits = search(query) if query else []
    return TemplateResponse(request, "topics/search.html", {"query": query, "hits": hits})
