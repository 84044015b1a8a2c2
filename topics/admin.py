"""Tutors edit every part of a topic on one page, in source order, drag-and-drop reorderable.

Every save passes the importer's own checks (one validation layer), every change is kept in the
history with who made it and can be reverted, and a topic goes to and from YAML from here too.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import chain

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models as db_models
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
    field_path,
    field_problems,
    mapping_document,
    parse_document,
    plain_lines,
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
    def __init__(self, errors: list[ContentError], mapping: dict | None = None):
        self.errors = errors
        self.mapping = mapping or {}  # the topic as checked: to find the row each error is in
        super().__init__("; ".join(map(str, errors)))


def topic_check(topic_pk: int) -> tuple[list[ContentError], list[ContentError], dict]:
    """The importer's checks over the topic as the database now holds it: (errors, warnings,
    the topic as the checks read it)."""
    topic = models.Topic.objects.with_parts().get(pk=topic_pk)
    mapping = topic_to_mapping(topic)
    return (*check_documents([mapping_document(mapping, f"topic {topic.slug}")]), mapping)


@dataclass(frozen=True)
class ErrorPlace:
    """Where on the page a content error goes: an inline's row (by its key) or the page's own
    form, and the field there (None: the top of that form)."""

    inline: str | None = None
    row_key: str | None = None
    field: str | None = None


# the importer's messages for a save that was just rolled back, while its page is shown again,
# placed: {None: [(field or None, message)] for the page's own form, an inline's prefix: {row
# key: [(field, message)]}} (ContentCheckAdminMixin.placed_content_errors)
_rejected: ContextVar[dict | None] = ContextVar("content_rejected", default=None)


class ContentCheckedForm(forms.ModelForm):
    """The form of a topic's or question's page (ContentCheckAdminMixin). When a save was rolled
    back because the topic failed the importer's checks, the page is shown again bound to the
    same POST, and this form fails with those checks' messages: every one at the top (worded for
    a tutor), and each beside its field where it has one."""

    def clean(self):
        cleaned_data = super().clean()
        for field, message in (_rejected.get() or {}).get(None, []):
            self.add_error(field if field in self.fields else None, message)
        return cleaned_data


class ContentErrorsForm(forms.ModelForm):
    """An inline row's form: the whole-topic check's messages about its row, beside its fields
    (found by its formset's prefix and the row's key)."""

    def clean(self):
        cleaned_data = super().clean()
        rows = (_rejected.get() or {}).get((self.prefix or "").rsplit("-", 1)[0], {})
        key = cleaned_data.get("key") or getattr(self.instance, "key", None)
        for field, message in rows.get(key, []):
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned_data


class TutorTextField(forms.CharField):
    """A tutor's text with plain line endings: every save of a page recorded a change to text
    nobody touched, because the browser sent its lines back ending in CR LF."""

    def to_python(self, value):
        text = super().to_python(value)
        return plain_lines(text) if text else text


class TutorTextInputs:
    """Admins and inlines whose text fields read a tutor's text through TutorTextField."""

    formfield_overrides = {db_models.TextField: {"form_class": TutorTextField}}


def moved_only(formset) -> list:
    """The parts whose only change is their place in the order."""
    return [
        form.instance
        for form in formset.initial_forms
        if form.instance.pk
        and form.has_changed()
        and set(form.changed_data) <= {"position"}
        and form not in formset.deleted_forms
    ]


def record_baselines(formset) -> None:
    """The importer writes parts in bulk, without history rows. Before a tutor's first change to
    such a part, record it as imported, so that the change can be reverted like any other."""
    model = formset.model
    moved = {part.pk for part in moved_only(formset)}
    changed = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk
        and form.has_changed()
        and form not in formset.deleted_forms
        and form.instance.pk not in moved
    ]
    if not changed or not hasattr(model, "history"):
        return
    recorded = set(model.history.filter(id__in=changed).values_list("id", flat=True))
    unrecorded = list(model.objects.filter(pk__in=set(changed) - recorded))
    for part in unrecorded:
        part._history_user = None  # the importer's version, not the tutor's
    if unrecorded:
        model.history.bulk_history_create(unrecorded, default_change_reason="as imported")


class ContentCheckAdminMixin(TutorTextInputs):
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
    object_history_form_template = "admin/content_history_form.html"

    def topic_of(self, obj) -> models.Topic:
        return obj if isinstance(obj, models.Topic) else obj.topic

    def content_check(self, request: HttpRequest, obj) -> None:
        errors, warnings, mapping = topic_check(self.topic_of(obj).pk)
        if errors:
            raise ContentRejected(errors, mapping)  # leaves the atomic block: nothing is kept
        for warning in warnings:
            messages.warning(request, f"Saved, but note: {warning.for_tutor()}")

    def log_addition(self, request, obj, message):
        self.content_check(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.content_check(request, obj)
        return super().log_change(request, obj, message)

    def save_model(self, request, obj, form, change) -> None:
        reverting = getattr(request, "reverting", False)
        if change and not reverting and not form.has_changed():
            return  # only its parts were edited: the history records those, not a topic change
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        record_baselines(formset)
        # Moving one part renumbers those around it: that is one change, to the order, recorded
        # once on the topic or question (not once for each part renumbered).
        moved = moved_only(formset)
        for part in moved:
            part.skip_history_when_saving = True
        super().save_formset(request, form, formset, change)
        if moved:
            parent = form.instance
            parent._change_reason = f"Reordered the {formset.model._meta.verbose_name_plural}"
            parent.save()

    def content_error_place(self, obj, path: list, mapping: dict) -> ErrorPlace:
        """Where an error at `path` in the topic's content goes on this page. A topic's page:
        its own fields; anything else is in the summary at the top."""
        if len(path) == 1 and isinstance(path[0], str):
            return ErrorPlace(field=path[0])
        return ErrorPlace()

    def placed_content_errors(self, obj, rejected: ContentRejected) -> dict:
        """{None: [(field or None, message)] for the page's form, inline prefix: {row key:
        [(field, message)]}}. Every message is also in the summary at the top of the page."""
        placed: dict = {None: []}
        for error in rejected.errors:
            placed[None].append((None, f"Not saved. {error.for_tutor()}"))
            place = self.content_error_place(obj, field_path(error.field), rejected.mapping)
            if place.inline and place.row_key and place.field:
                rows = placed.setdefault(place.inline, {})
                rows.setdefault(place.row_key, []).append((place.field, error.for_tutor()))
            elif place.field:
                placed[None].append((place.field, error.for_tutor()))
        return placed

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ContentRejected as rejected:
            if not issubclass(self.form, ContentCheckedForm):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.form must be a ContentCheckedForm"
                ) from rejected
            # Rolled back. Again, bound to the same POST: the form now fails with the messages.
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            token = _rejected.set(self.placed_content_errors(obj, rejected))
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            finally:
                _rejected.reset(token)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert to a version, checked like any other save (and rolled back if it fails). The
        page says first, field by field in words, what reverting would change."""
        request.reverting = True  # saved even where the form shows no change (save_model)
        extra_context = {
            **(extra_context or {}),
            "version_changes": self.version_changes(request, object_id, version_id),
        }
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ContentRejected as rejected:
            for error in rejected.errors:
                messages.error(request, f"Not reverted. {error.for_tutor()}")
            return HttpResponseRedirect(request.get_full_path())

    def version_changes(self, request, object_id, version_id) -> list[dict]:
        """Each field that reverting to the version would change: its name, and the words
        removed and added (what it says now against what it said then)."""
        version = self.model.history.filter(id=object_id, history_id=version_id).first()
        if version is None:
            return []
        now = self.model.objects.filter(pk=object_id).first()
        form_class = self.get_form(request, now or version.instance)
        changes = []
        for name, field in form_class.base_fields.items():
            if name not in {f.name for f in self.model._meta.concrete_fields}:
                continue  # many-to-many fields are not kept in a version
            before = in_words(field, getattr(now, name, None) if now else None)
            after = in_words(field, getattr(version, name, None))
            if before != after:
                changes.append({"field": field.label or name, "words": word_diff(before, after)})
        return changes

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


def in_words(field: forms.Field, value) -> str:
    """A field's value as the tutor's form shows it: lines, not JSON."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(
        isinstance(item, dict) and "label" in item for item in value
    ):
        return "\n".join(
            item["label"] + (": " + "; ".join(item["accept"]) if item.get("accept") else "")
            for item in value
        )
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    shown = field.prepare_value(value)
    if isinstance(shown, list):
        return "\n".join(map(str, shown))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(shown, shown))
    return str(shown)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(kind, text) runs: "same", "removed" or "added", word by word, as a diff shows them."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    runs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(old[i1:i2])))
            continue
        if "".join(old[i1:i2]):
            runs.append(("removed", "".join(old[i1:i2])))
        if "".join(new[j1:j2]):
            runs.append(("added", "".join(new[j1:j2])))
    return runs


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
                messages.error(request, f"{obj} was not restored. {error.for_tutor()}")
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


class KeyboardReorder:
    """Sortable inlines whose reorder arrows work from the keyboard (see the overridden
    templates/adminsortable2/edit_inline/ and static/js/keyboard-reorder.js)."""

    class Media:
        js = ["js/keyboard-reorder.js"]


class PartInline(KeyboardReorder, TutorTextInputs, SortableStackedInline):
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


def address_changing(topic: models.Topic | None, data) -> bool:
    return bool(topic and topic.pk and data and data.get("slug", topic.slug) != topic.slug)


class TopicForm(ContentCheckedForm):
    """A new address (slug) for a topic is a deliberate second step: links and bookmarks to the
    old one stop working. The box to confirm it is on the page only when the address changed."""

    confirm_new_address = forms.BooleanField(required=False, label="Yes, change the address")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        changing = "slug" in self.fields and address_changing(
            self.instance, self.data if self.is_bound else None
        )
        if not changing:
            del self.fields["confirm_new_address"]
        else:
            self.fields["confirm_new_address"].help_text = (
                f"The topic's pages move from /topics/{self.instance.slug}/ and links and "
                "bookmarks to the old address stop working."
            )

    def clean(self):
        cleaned = super().clean()
        if "confirm_new_address" in self.fields and not cleaned.get("confirm_new_address"):
            self.add_error(
                "confirm_new_address",
                "Changing the address breaks every link to this topic. Tick the box to confirm, "
                "or put the old address back.",
            )
        return cleaned


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
    form = TopicForm
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

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        editable = "slug" not in self.get_readonly_fields(request, obj)
        if editable and request.method == "POST" and address_changing(obj, request.POST):
            fields.insert(fields.index("slug") + 1, "confirm_new_address")
        return fields

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
            context["changes"] = [change_in_words(change, done=False) for change in report.changes]
            context["kept"] = [
                change
                for change in report.changes
                if change.action == "kept" and change.kept_because == "edited"
            ]
            return TemplateResponse(request, "admin/topics/topic/import.html", context)
        if not report.changed_anything:
            messages.info(request, "Nothing changed: the file matches the site.")
        for change in report.changes:
            if change.action != "unchanged":
                messages.success(request, change_in_words(change, done=True))
        return HttpResponseRedirect(reverse("admin:topics_topic_changelist"))


def change_in_words(change, *, done: bool) -> str:
    """What an upload would do, or did, to one topic, in a tutor's words (the command's own
    report speaks of its options, which a tutor in the admin never sees)."""
    sections = ", ".join(section.replace("_", " ") for section in change.sections)
    if change.action == "created":
        return f"{'Added' if done else 'Would add'} the new topic '{change.slug}'."
    if change.action == "updated":
        verb = "Changed" if done else "Would change"
        return f"{verb} '{change.slug}'" + (f": {sections}." if sections else ".")
    if change.action == "unchanged":
        return f"'{change.slug}' is the same in the file as on the site."
    if change.action == "kept" and change.kept_because == "archived":
        return (
            f"'{change.slug}' is archived here, so it was left alone: restore it from the topic "
            "list first."
        )
    if change.action == "kept":
        return (
            f"'{change.slug}' was edited here since it was last imported, so it was left alone."
            if done
            else f"'{change.slug}' was edited here since it was last imported; replace those "
            "edits with the file?"
        )
    return f"'{change.slug}': {change.action}."


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
