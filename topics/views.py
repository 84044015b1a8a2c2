from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from topics.importer import topic_queryset
from topics.models import Qualification, Topic


@require_GET
def home(request: HttpRequest) -> TemplateResponse:
    qualifications = Qualification.objects.select_related("awarding_body").order_by(
        "awarding_body__name", "title"
    )
    topics = Topic.objects.for_listing()
    by_qualification: dict[int, list[Topic]] = {}
    for topic in topics:
        by_qualification.setdefault(topic.qualification_id, []).append(topic)
    groups = [(q, by_qualification.get(q.pk, [])) for q in qualifications]
    return TemplateResponse(request, "topics/home.html", {"groups": groups})


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    topic = get_object_or_404(topic_queryset(), slug=slug)
    return TemplateResponse(request, "topics/topic_detail.html", {"topic": topic})
