"""Tutors edit every part of a topic on one page, in source order, drag-and-drop reorderable."""

from __future__ import annotations

import io
import zipfile

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from topics import models
from topics.content_format import ContentInvalid, check_documents, mapping_document, parse_document
from topics.exporter import topic_yaml
from topics.importer import topic_import, topic_queryset, topic_to_mapping


class PartInline(SortableStackedInline):
    extra = 0
    ordering = ["position", "id"]


def part_inline(model, fields, *, classes=("collapse",)):
    return type(
        f"{model.__name__}Inline",
        (PartInline,),
        {"model": model, "fields": fields, "classes": classes},
    )


INLINES = [
    part_inline(models.LearningOutcome, ["text"], classes=()),
    part_inline(models.KeyConcept, ["name", "description"]),
    part_inline(models.AssessmentCriterion, ["key", "text"]),
    part_inline(models.Tip, ["text", "scope"]),
    part_inline(models.Mistake, ["text"]),
    part_inline(models.Misconception, ["key", "statement", "correction"]),
    part_inline(models.Prerequisite, ["text"]),
    part_inline(models.KeyTerm, ["term", "definition"]),
]


def topics_download(modeladmin, request: HttpRequest, queryset) -> HttpResponse:
    """One topic: its .yaml file; several: a .zip of them, as export_content writes them."""
    topics = list(topic_queryset().filter(pk__in=queryset.values("pk")).order_by("slug"))
    if len(topics) == 1:
        response = HttpResponse(
            topic_yaml(topics[0]), content_type="application/yaml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{topics[0].slug}.yaml"'
        return response
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for topic in topics:
            archive.writestr(f"{topic.slug}.yaml", topic_yaml(topic))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="topics.zip"'
    return response


topics_download.short_description = "Download as YAML"


class ContentRejected(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(map(str, errors)))


class ContentCheckAdminMixin:
    """After an edit is saved (inside the admin's transaction), the whole topic must pass the
    importer's own checks; if it does not, the transaction is rolled back and the tutor sees the
    importer's messages. One validation layer for files and forms."""

    def topic_of(self, obj) -> models.Topic:
        return obj if isinstance(obj, models.Topic) else obj.topic

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        topic = topic_queryset().get(pk=self.topic_of(form.instance).pk)
        errors, _ = check_documents(
            [mapping_document(topic_to_mapping(topic), f"topic {topic.slug}")]
        )
        if errors:
            raise ContentRejected(errors)  # leaves the admin's atomic block: nothing is kept

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ContentRejected as rejected:
            for error in rejected.errors:
                messages.error(request, f"Not saved. {error.field or 'topic'}: {error.message}")
            return HttpResponseRedirect(request.get_full_path())


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Topic file (.yaml)", help_text="One topic in the format of content/."
    )


@admin.register(models.Topic)
class TopicAdmin(ContentCheckAdminMixin, SortableAdminBase, SimpleHistoryAdmin):
    list_display = ["title", "kind", "awarding_body", "qualification", "updated_at"]
    list_filter = ["kind", "qualification__awarding_body", "qualification"]
    search_fields = ["title", "slug", "synopsis"]
    list_select_related = ["qualification__awarding_body"]
    fields = [
        "title",
        "slug",
        "kind",
        "unit",
        "qualification",
        "synopsis",
        "qualification_overview",
    ]
    inlines = INLINES
    actions = [topics_download]
    change_list_template = "admin/topics/topic/change_list.html"

    @admin.display(ordering="qualification__awarding_body__name")
    def awarding_body(self, topic: models.Topic) -> str:
        return topic.qualification.awarding_body.name

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="topics_topic_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> TemplateResponse | HttpResponse:
        """Upload a topic file, see what the import would do, then confirm."""
        if not self.has_change_permission(request) or not self.has_add_permission(request):
            return HttpResponse(status=403)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a topic file",
            "opts": self.model._meta,
        }
        signer = signing.Signer(salt="topics.import")
        if request.method == "POST" and "confirm" in request.POST:
            try:
                raw = signer.unsign_object(request.POST["confirm"])
            except signing.BadSignature:
                return HttpResponse(status=400)
            return self._import(
                request, raw["name"], raw["text"].encode(), dry_run=False, context=context
            )
        form = ImportForm(request.POST or None, request.FILES or None)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            raw = upload.read(2 * 1024 * 1024 + 1)
            context["confirm"] = signer.sign_object(
                {"name": upload.name, "text": raw.decode("utf-8", "replace")}
            )
            return self._import(request, upload.name, raw, dry_run=True, context=context)
        return TemplateResponse(request, "admin/topics/topic/import.html", context)

    def _import(self, request, name: str, raw: bytes, *, dry_run: bool, context: dict):
        document = parse_document(raw, name)
        try:
            # an upload is the tutor's explicit choice: it replaces the topic even if edited here
            report = topic_import(documents=[document], dry_run=dry_run, overwrite=True)
        except ContentInvalid as invalid:
            context["errors"] = invalid.errors
            context.pop("confirm", None)
            return TemplateResponse(request, "admin/topics/topic/import.html", context)
        if dry_run:
            context["report"] = report
            return TemplateResponse(request, "admin/topics/topic/import.html", context)
        for change in report.changes:
            messages.success(request, f"Imported: {change.describe()}")
        return HttpResponseRedirect(reverse("admin:topics_topic_changelist"))


@admin.register(models.AwardingBody)
class AwardingBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(models.Qualification)
class QualificationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "awarding_body", "framework", "level"]
    list_filter = ["awarding_body", "framework"]
    search_fields = ["title"]
