"""Tutors edit every part of a topic on one page, in source order, drag-and-drop reorderable.

Every save passes the importer's own checks (one validation layer), every change is kept in the
history with who made it and can be reverted, and a topic goes to and from YAML from here too.
"""

from __future__ import annotations

import io
import zipfile
from contextvars import ContextVar
from itertools import chain

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from topics import models
from topics.content_format import (
    ContentError,
    ContentInvalid,
    check_documents,
    field_problems,
    mapping_document,
    parse_document,
    too_large,
)
from topics.content_registry import LeavingRecord, sections
from topics.exporter import topic_yaml
from topics.importer import leaving_records, topic_import
from topics.parts import PARTS, Part
from topics.serialization import topic_to_mapping

HISTORY_TEMPLATE = "admin/content_history.html"
PART_CHANGES_SHOWN = 100


# --- one validation layer ------------------------------------------------------------------


class ContentRejected(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("; ".join(map(str, errors)))


def topic_errors(topic_pk: int) -> tuple[list[ContentError], list[ContentError]]:
    """The importer's checks over the topic as the database now holds it: (errors, warnings)."""
    topic = models.Topic.objects.with_parts().get(pk=topic_pk)
    return check_documents([mapping_document(topic_to_mapping(topic), f"topic {topic.slug}")])


# the importer's messages for a save that was just rolled back, while its page is shown again
_rejected: ContextVar[tuple[ContentError, ...]] = ContextVar("content_rejected", default=())


class ContentCheckedForm(forms.ModelForm):
    """The form of a topic's or question's page (ContentCheckAdminMixin). When a save was rolled
    back because the topic failed the importer's checks, the page is shown again bound to the
    same POST, and this form fails with those checks' messages."""

    def clean(self):
        cleaned_data = super().clean()
        for error in _rejected.get():
            self.add_error(None, f"Not saved. {error}")
        return cleaned_data


def record_baselines(formset) -> None:
    """The importer writes parts in bulk, without history rows. Before a tutor's first change to
    such a part, record it as imported, so that the change can be reverted like any other."""
    model = formset.model
    changed = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk and form.has_changed() and form not in formset.deleted_forms
    ]
    if not changed or not hasattr(model, "history"):
        return
    recorded = set(model.history.filter(id__in=changed).values_list("id", flat=True))
    unrecorded = list(model.objects.filter(pk__in=set(changed) - recorded))
    for part in unrecorded:
        part._history_user = None  # the importer's version, not the tutor's
    if unrecorded:
        model.history.bulk_history_create(unrecorded, default_change_reason="as imported")


class ContentCheckAdminMixin:
    """A topic or question page whose every save leaves the topic passing the importer's own
    checks (one validation layer).

    `content_check` is the one hook. The admin calls `log_addition` or `log_change` once a save is
    written (the form with its inlines, or a revert to a version) and before it answers; the check
    runs there, inside the save's transaction, over the topic as the database now holds it (the
    importer's checks read a whole topic, so the save comes first). If it fails, ContentRejected
    leaves the transaction, which rolls the save back: the page is shown again with what the tutor
    typed and the importer's messages (ContentCheckedForm), or a revert says it was not made."""

    form = ContentCheckedForm
    object_history_template = HISTORY_TEMPLATE

    def topic_of(self, obj) -> models.Topic:
        return obj if isinstance(obj, models.Topic) else obj.topic

    def content_check(self, request: HttpRequest, obj) -> None:
        errors, warnings = topic_errors(self.topic_of(obj).pk)
        if errors:
            raise ContentRejected(errors)  # leaves the admin's atomic block: nothing is kept
        for warning in warnings:
            messages.warning(request, f"Saved, but note: {warning.field}: {warning.message}")

    def log_addition(self, request, obj, message):
        self.content_check(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.content_check(request, obj)
        return super().log_change(request, obj, message)

    def save_formset(self, request, form, formset, change) -> None:
        record_baselines(formset)
        super().save_formset(request, form, formset, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ContentRejected as rejected:
            if not issubclass(self.form, ContentCheckedForm):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.form must be a ContentCheckedForm"
                ) from rejected
            # Rolled back. Again, bound to the same POST: the form now fails with the messages.
            token = _rejected.set(tuple(rejected.errors))
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            finally:
                _rejected.reset(token)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert to a version, checked like any other save (and rolled back if it fails)."""
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ContentRejected as rejected:
            for error in rejected.errors:
                messages.error(request, f"Not reverted. {error}")
            return HttpResponseRedirect(request.get_full_path())

    def history_view(self, request, object_id, extra_context=None):
        # an id no row has (one past the database's integers made part_changes' query fail
        # with an OverflowError on SQLite, a 500) is simply not there
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with the id {object_id!r}.")
        extra_context = {**(extra_context or {}), "part_changes": self.part_changes(obj.pk)}
        return super().history_view(request, object_id, extra_context)

    def part_changes(self, object_id) -> list:
        """The latest changes to the parts edited on this page, newest first, with links to
        each part's own history, where a version can be reverted (or a deleted part restored)."""
        return []


def part_changes(models_and_filters: list[tuple[type, dict]]) -> list:
    records = chain.from_iterable(
        model.history.filter(**lookup)
        .select_related("history_user")
        .order_by("-history_date")[:PART_CHANGES_SHOWN]
        for model, lookup in models_and_filters
    )
    latest = sorted(records, key=lambda record: record.history_date, reverse=True)
    for record in latest[:PART_CHANGES_SHOWN]:
        opts = record.instance._meta
        record.part_name = opts.verbose_name
        record.summary = Truncator(str(record.instance)).chars(120)
        record.revert_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[record.id, record.history_id],
        )
    return latest[:PART_CHANGES_SHOWN]


class PartHistoryAdmin(ContentCheckAdminMixin, SimpleHistoryAdmin):
    """A part's own history, linked from its topic's or question's history page, where a tutor
    reverts a version or restores a deleted part. Parts are edited on their parent's page, so
    they stay out of the admin's index."""

    parent_field = "topic"

    def get_model_perms(self, request) -> dict:
        return {}

    def get_readonly_fields(self, request, obj=None):
        # a part stays with its topic or question: a move from here was checked only at its
        # destination, so the topic it left could be broken (a question's criterion gone)
        fields = super().get_readonly_fields(request, obj)
        return [*fields, self.parent_field] if obj is not None else fields

    def response_change(self, request, obj):
        parent = getattr(obj, self.parent_field)
        messages.success(request, f"Reverted: {Truncator(str(obj)).chars(80)}")
        return HttpResponseRedirect(
            reverse(
                f"admin:{parent._meta.app_label}_{parent._meta.model_name}_history",
                args=[parent.pk],
            )
        )


# --- archive instead of delete ------------------------------------------------------------


class DeleteLearnersWorkForm(forms.Form):
    """The deliberate second step: ticked by hand, on a page that says what will go."""

    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": "Tick the box to confirm, or archive instead."},
    )


def archived_set(obj, *, archived: bool, reason: str) -> None:
    """Take a topic or question off the site, or bring it back. The save's signals re-index the
    topic (an archived one has no search entries) and refresh every cached page."""
    obj.archived_at = timezone.now() if archived else None
    obj._change_reason = reason
    obj.save()


class ArchivedFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "On the site"), ("yes", "Archived")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(archived_at__isnull=self.value() == "no")
        return queryset


class ArchiveInsteadOfDeleteMixin:
    """A topic or question that learners have worked on is archived, not deleted.

    Its delete link leads to a page that says what learners and tutors made on it, and offers to
    archive it (off the site, everything kept, restorable here). Deleting it with those records is
    a second, deliberate step: a box ticked on that page, by someone who may delete attempts (an
    administrator; the Tutor group may not). Anything without learners' work is deleted as usual.
    """

    archive_template = "admin/archive_instead.html"
    actions = ["archive_selected", "restore_selected"]

    def learners_work_of(self, obj) -> list[LeavingRecord]:
        """The records that hold learners' and tutors' work on `obj` (its questions)."""
        raise NotImplementedError

    def learners_work_delete(self, obj) -> None:
        """Delete those records (after the confirmation), before `obj` itself."""
        raise NotImplementedError

    def learners_work(self, obj) -> dict[str, int]:
        records = self.learners_work_of(obj)
        return {
            "attempts": sum(record.attempts for record in records),
            "challenges": sum(record.challenges for record in records),
            "samples": sum(record.samples for record in records),
        }

    def may_delete_learners_work(self, request, obj) -> bool:
        return self.has_delete_permission(request, obj) and request.user.has_perm(
            "assessment.delete_attempt"
        )

    @admin.display(description="On the site", boolean=True, ordering="archived_at")
    def live(self, obj) -> bool:
        return obj.archived_at is None

    def archive(self, request, obj, *, archived: bool) -> bool:
        """Archive or restore, checked like any save: a restored question must still pass the
        importer's checks (its topic may have changed since), or nothing is restored."""
        reason = "archived in the admin" if archived else "restored in the admin"
        try:
            with transaction.atomic():
                archived_set(obj, archived=archived, reason=reason)
                if not archived:
                    self.content_check(request, obj)
        except ContentRejected as rejected:
            for error in rejected.errors:
                messages.error(request, f"{obj} was not restored. {error}")
            return False
        return True

    def _archive_all(self, request, queryset, *, archived: bool) -> None:
        done = [obj for obj in queryset if self.archive(request, obj, archived=archived)]
        if done:
            verb = "Archived" if archived else "Restored"
            messages.success(request, f"{verb}: {', '.join(map(str, done))}.")

    @admin.action(
        description="Archive: take off the site, keeping learners' records", permissions=["change"]
    )
    def archive_selected(self, request, queryset) -> None:
        self._archive_all(request, queryset.filter(archived_at__isnull=True), archived=True)

    @admin.action(description="Restore archived ones to the site", permissions=["change"])
    def restore_selected(self, request, queryset) -> None:
        self._archive_all(request, queryset.filter(archived_at__isnull=False), archived=False)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return super().delete_view(request, object_id, extra_context)
        work = self.learners_work(obj)
        if not any(work.values()):
            return super().delete_view(request, object_id, extra_context)
        form = DeleteLearnersWorkForm(request.POST if "delete" in request.POST else None)
        may_delete = self.may_delete_learners_work(request, obj)
        change_url = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
        )
        if request.method == "POST" and "archive" in request.POST:
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            if self.archive(request, obj, archived=True):
                messages.success(request, f"Archived {obj}: off the site, everything kept.")
            return HttpResponseRedirect(change_url)
        if request.method == "POST" and form.is_valid():
            if not may_delete:
                raise PermissionDenied
            with transaction.atomic():
                self.log_deletions(request, self.model.objects.filter(pk=obj.pk))
                self.learners_work_delete(obj)
                obj.delete()
            messages.success(
                request,
                f"Deleted {obj} with {work['attempts']} attempt(s), {work['challenges']} "
                f"challenge(s) and {work['samples']} sample answer(s).",
            )
            return HttpResponseRedirect(
                reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Archive {obj} instead?",
            "opts": self.model._meta,
            "object": obj,
            "work": work,
            "form": form,
            "may_delete": may_delete,
            "change_url": change_url,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.archive_template, context)


# --- the topic page ------------------------------------------------------------------------


class PartInline(SortableStackedInline):
    extra = 0
    ordering = ["position", "id"]


def part_inline(part: Part) -> type[PartInline]:
    return type(
        f"{part.model.__name__}Inline",
        (PartInline,),
        {
            "model": part.model,
            "fields": part.model_fields,
            "classes": ("collapse",) if part.collapsed else (),
        },
    )


def topics_download(modeladmin, request: HttpRequest, queryset) -> HttpResponse:
    """One topic: its .yaml file; several: a .zip of them, as export_content writes them."""
    topics = list(
        models.Topic.objects.with_parts().filter(pk__in=queryset.values("pk")).order_by("slug")
    )
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


def _import_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt="topics.import")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Topic file (.yaml)",
        help_text="One topic in the format of content/, as written by 'Download as YAML'.",
    )


def slug_is_fixed(topic: models.Topic) -> bool:
    """A topic's slug can no longer change once its content file (named by it, in a folder the
    site does not write) or learners' attempts refer to it: a rename would make the next import
    create the old slug again beside it. Renaming the file and archiving the old topic is the way."""
    return bool(topic.imported_digest) or any(
        record.attempts for record in _learners_work_of(topic)
    )


def _learners_work_of(topic: models.Topic) -> list[LeavingRecord]:
    return leaving_records(models.Topic.objects.filter(pk=topic.pk), None)


@admin.register(models.Topic)
class TopicAdmin(
    ArchiveInsteadOfDeleteMixin, ContentCheckAdminMixin, SortableAdminBase, SimpleHistoryAdmin
):
    list_display = [
        "title",
        "kind",
        "awarding_body",
        "qualification",
        "updated_at",
        "live",
        "on_site",
    ]
    list_filter = [ArchivedFilter, "kind", "qualification__awarding_body", "qualification"]
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
        "archived_at",
    ]
    inlines = [part_inline(part) for part in PARTS]
    actions = [topics_download, *ArchiveInsteadOfDeleteMixin.actions]
    readonly_fields = ["archived_at"]
    change_list_template = "admin/topics/topic/change_list.html"

    def get_inlines(self, request, obj):
        # other apps' blocks of a topic (the quiz's questions) show here too
        section_inlines = [
            import_string(path) for section in sections() for path in section.admin_inlines
        ]
        return [*super().get_inlines(request, obj), *section_inlines]

    def learners_work_of(self, topic: models.Topic) -> list[LeavingRecord]:
        return _learners_work_of(topic)

    def learners_work_delete(self, topic: models.Topic) -> None:
        for section in sections():
            section.learners_work_delete(models.Topic.objects.filter(pk=topic.pk))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and slug_is_fixed(obj):
            fields.append("slug")
        return fields

    @admin.display(ordering="qualification__awarding_body__name")
    def awarding_body(self, topic: models.Topic) -> str:
        return topic.qualification.awarding_body.name

    @admin.display(description="On the site")
    def on_site(self, topic: models.Topic) -> str:
        return format_html('<a href="{}">View on site</a>', topic.get_absolute_url())

    def part_changes(self, object_id) -> list:
        topic_parts = [(part.model, {"topic_id": object_id}) for part in PARTS]
        return part_changes(topic_parts)

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
        if request.method == "POST" and "confirm" in request.POST:
            try:
                upload = _import_signer().unsign_object(request.POST["confirm"], max_age=60 * 60)
            except signing.BadSignature:
                messages.error(request, "That check has expired; upload the file again.")
                return HttpResponseRedirect(reverse("admin:topics_topic_import"))
            # the file as parsed for the preview (signed, so it is what the tutor saw)
            document = mapping_document(upload["data"], upload["name"])
            return self._import(
                request,
                document,
                dry_run=False,
                overwrite="overwrite" in request.POST,
                context=context,
            )
        form = ImportForm(request.POST or None, request.FILES or None)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            # the size first: a file over the limit is neither read nor parsed
            document = too_large(upload.name, upload.size) or parse_document(
                upload.read(), upload.name
            )
            return self._import(request, document, dry_run=True, overwrite=False, context=context)
        return TemplateResponse(request, "admin/topics/topic/import.html", context)

    def _import(self, request, document, *, dry_run: bool, overwrite: bool, context):
        refused = permission_errors(request, document)
        if refused:
            context["errors"] = refused
            return TemplateResponse(request, "admin/topics/topic/import.html", context)
        try:
            # an upload is a tutor's edit: it never becomes the baseline that the next
            # import_content (run at every start) would replace
            report = topic_import(
                documents=[document], dry_run=dry_run, sets_baseline=False, overwrite=overwrite
            )
        except ContentInvalid as invalid:
            context["errors"] = invalid.errors
            return TemplateResponse(request, "admin/topics/topic/import.html", context)
        if dry_run:
            context["report"] = report
            # the one parse serves the import too: what was checked is what is written
            context["confirm"] = _import_signer().sign_object(
                {"name": document.source, "data": document.data}
            )
            context["kept"] = [change for change in report.changes if change.action == "kept"]
            return TemplateResponse(request, "admin/topics/topic/import.html", context)
        for change in report.changes:
            messages.success(request, f"Imported: {change.describe()}")
        return HttpResponseRedirect(reverse("admin:topics_topic_changelist"))


def permission_errors(request: HttpRequest, document) -> list[ContentError]:
    """An upload may add or change a qualification or awarding body only for a user whose own
    permissions allow that: tutors may edit them but not add them, and an import is no back door."""
    if document.errors or not isinstance(document.data, dict):
        return []  # the importer's own checks report those
    qualification = document.data.get("qualification")
    body = qualification.get("awarding_body") if isinstance(qualification, dict) else None
    if not isinstance(body, dict):
        return []
    wanted = [
        (models.AwardingBody, ["qualification", "awarding_body"], body, {"name": "name"}),
        (
            models.Qualification,
            ["qualification"],
            qualification,
            {"title": "title", "level": "level", "framework": "framework", "subject": "subject"},
        ),
    ]
    errors = []
    for model, where, data, fields in wanted:
        opts = model._meta
        existing = model.objects.filter(slug=data.get("slug")).first()
        if existing is None:
            if not request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
                message = (
                    f"this file would add the {opts.verbose_name} '{data.get('slug')}', which "
                    f"does not exist here, and your account may not add one. Ask an "
                    f"administrator to add it first, or use the slug of an existing one."
                )
                errors.append(
                    ContentError(document.source, document.line_of(where), "slug", message)
                )
        elif not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and any(
            str(getattr(existing, attribute)) != str(data.get(key))
            for attribute, key in fields.items()
        ):
            message = (
                f"this file would change the {opts.verbose_name} '{existing.slug}', and your "
                f"account may not change it. Keep its details as they are here."
            )
            errors.append(ContentError(document.source, document.line_of(where), "", message))
    return errors


def schema_checked_form(
    model: type, schema_path: tuple[str, ...], fields: list[str]
) -> type[forms.ModelForm]:
    """A form for a record that many topics share, checked by the content schema's rules: a
    qualification slug `OCR_L2_Diploma` was accepted, after which none of its topics could be
    saved and an export could not be imported again."""

    class SchemaCheckedForm(forms.ModelForm):
        def clean(self):
            cleaned = super().clean()
            values = {
                name: value
                for name, value in cleaned.items()
                if isinstance(value, str | int) and not isinstance(value, bool)
            }
            for name, message in field_problems(schema_path, values).items():
                self.add_error(name, message)
            return cleaned

    return forms.modelform_factory(model, form=SchemaCheckedForm, fields=fields)


@admin.register(models.AwardingBody)
class AwardingBodyAdmin(SimpleHistoryAdmin):
    form = schema_checked_form(
        models.AwardingBody, ("qualification", "awarding_body"), ["slug", "name"]
    )
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(models.Qualification)
class QualificationAdmin(SimpleHistoryAdmin):
    form = schema_checked_form(
        models.Qualification,
        ("qualification",),
        ["slug", "title", "awarding_body", "level", "framework", "subject"],
    )
    list_display = ["title", "awarding_body", "framework", "level"]
    list_filter = ["awarding_body", "framework"]
    search_fields = ["title"]


for _part in PARTS:
    admin.site.register(_part.model, type(f"{_part.model.__name__}Admin", (PartHistoryAdmin,), {}))
