"""Reading and checking content files: the one validation layer for the importer and the admin.

A content file is YAML in the format of docs/content-format.md, checked against content/schema.json
and then against the rules a schema cannot express (unique ids, references that resolve). Every
problem becomes a `ContentError` naming the file, the line and the field, in words a tutor can act on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings

from topics.content_registry import sections
from topics.parts import parts_schema

# C0 controls but tab, newline and carriage return, and DEL: never meant in a tutor's text, and
# they put stray marks in search snippets. The admin's forms refuse them too.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NESTING = 20
# YAML events (each scalar, list and mapping start and end) in one file: a real topic file has
# about 700. A 1.8 MB file of 450,000 list items took 71 s of CPU and 330 MB to build and check;
# counted while streaming, it is refused after the first 50,000.
MAX_ITEMS = 50_000


@dataclass(frozen=True)
class ContentError:
    source: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.source + (f", line {self.line}" if self.line else "")
        what = f" (field {self.field})" if self.field else ""
        return f"{where}{what}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class Document:
    """One parsed content file: its data and, for line numbers, its YAML node tree."""

    source: str
    data: Any
    node: yaml.Node | None = None
    errors: list[ContentError] = field(default_factory=list)

    def line_of(self, path: Iterable[Any]) -> int | None:
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step] if step < len(node.value) else None
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def line_of_key(self, path: Iterable[Any], key: str) -> int | None:
        """The line of `key` inside the mapping at `path` (for unknown or duplicate keys)."""
        node = self.node
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step] if step < len(node.value) else None
            if node is None:
                return self.line_of(path)
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.value == key:
                    return key_node.start_mark.line + 1
        return self.line_of(path)


def field_name(path: Iterable[Any]) -> str:
    """`questions[2].points[0].accept`: the field as a tutor finds it in the file."""
    name = ""
    for step in path:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "content" / "schema.json"


@cache
def content_schema() -> dict:
    """content/schema.json, with the topic's parts as topics.parts describes them and the blocks
    other apps own as they describe them (the file holds the same, for editors, as
    export_content last wrote it)."""
    with open(SCHEMA_PATH) as schema_file:
        schema = parts_schema(json.load(schema_file))
    for section in sections():
        schema = section.schema(schema)
    return schema


def content_schema_text() -> str:
    return json.dumps(content_schema(), indent=2, ensure_ascii=False) + "\n"


# --- reading -------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, error: ContentError):
        self.error = error


class _CheckedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases (a billion-laughs file expands them into
    gigabytes), deep nesting and too many items as each event arrives: the one parse of a file
    stops there, before the rest is built."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text)
        self.source = source
        self.events = 0
        self.depth = 0

    def refuse(self, event: yaml.Event, message: str) -> None:
        raise _Refused(ContentError(self.source, event.start_mark.line + 1, "", message))

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        self.events += 1
        if self.events > MAX_ITEMS:
            self.refuse(
                event,
                f"the file holds more than {MAX_ITEMS:,} items (a topic file holds about "
                "a thousand); split it, or check it was not generated by mistake.",
            )
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.refuse(
                event,
                "anchors and aliases (& and *) are not allowed in content files; write the text out.",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_NESTING:
                self.refuse(event, f"the content is nested more than {MAX_NESTING} levels deep.")
        elif isinstance(event, yaml.CollectionEndEvent):
            self.depth -= 1
        return event


def too_large(source: str, size: int) -> Document | None:
    """A file over the size limit, refused before it is read or parsed (None: within it)."""
    if size <= MAX_FILE_BYTES:
        return None
    return _failed(
        source, 1, f"the file is too large ({size / (1024 * 1024):.1f} MB; the limit is 2 MB)."
    )


def parse_document(raw: bytes, source: str) -> Document:
    """Parse one file's bytes, in one pass. Never raises for bad content: problems go into
    `errors`."""
    oversized = too_large(source, len(raw))
    if oversized:
        return oversized
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _failed(
            source,
            line,
            "the file is not UTF-8 text (a byte at this line cannot be read). "
            "Save it from your editor as UTF-8.",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return _failed(source, 1, "the file is empty: it holds no topic.")
    loader = _CheckedLoader(text, source)
    try:
        node = loader.get_single_node()
        duplicate = _first_duplicate_key(node)
        if duplicate:
            key_node, path = duplicate
            return _failed(
                source,
                key_node.start_mark.line + 1,
                f"the field '{key_node.value}' appears twice here; keep one.",
                field_name(path),
            )
        data = loader.construct_document(node)
    except _Refused as refused:
        return Document(source=source, data=None, errors=[refused.error])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "not valid YAML"
        return _failed(
            source, line, f"this is not valid YAML ({problem}). Check indentation and quotes."
        )
    except yaml.YAMLError as error:
        return _failed(source, None, f"this is not valid YAML ({error}).")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return _failed(
            source, 1, "the file must hold one topic: a mapping of fields, not a list or text."
        )
    return Document(source=source, data=data, node=node)


def read_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return _failed(str(path), None, f"cannot read the file ({error.strerror}).")
    return parse_document(raw, str(path))


def _failed(source: str, line: int | None, message: str, field_path: str = "") -> Document:
    return Document(
        source=source, data=None, errors=[ContentError(source, line, field_path, message)]
    )


def _first_duplicate_key(node: yaml.Node, path: tuple = ()) -> tuple[yaml.Node, tuple] | None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                return key_node, (*path, key_node.value)
            seen.add(key_node.value)
            found = _first_duplicate_key(value_node, (*path, key_node.value))
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _first_duplicate_key(item, (*path, index))
            if found:
                return found
    return None


# --- checking ------------------------------------------------------------------------------

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a set of fields",
    "integer": "a whole number",
    "boolean": "true or false",
    "number": "a number",
}


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "empty"
    return type(value).__name__


def _schema_error(document: Document, error: jsonschema.ValidationError) -> ContentError:
    path = list(error.absolute_path)
    validator = error.validator
    source = document.source
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        return ContentError(
            source,
            document.line_of(path),
            field_name([*path, missing]),
            f"the required field '{missing}' is missing.",
        )
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        key = unknown[0] if unknown else "?"
        return ContentError(
            source,
            document.line_of_key(path, key),
            field_name([*path, key]),
            f"unknown field '{key}'. Check the spelling; the fields allowed here are: "
            + ", ".join(allowed)
            + ".",
        )
    if validator == "type":
        wanted = error.validator_value
        wanted_words = " or ".join(
            _TYPE_WORDS.get(w, w) for w in ([wanted] if isinstance(wanted, str) else wanted)
        )
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            f"this should be {wanted_words}, not {_describe_value(error.instance)}.",
        )
    if validator in {"enum", "const"}:
        options = error.validator_value if validator == "enum" else [error.validator_value]
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            f"'{error.instance}' is not allowed here; use one of: "
            + ", ".join(map(str, options))
            + ".",
        )
    if validator == "pattern":
        if error.validator_value == "\\S":
            message = "this is blank; write the text or remove the field."
        else:
            message = (
                f"'{error.instance}' is not a valid id: use lowercase letters, digits and hyphens "
                "(for example complaints-negative)."
            )
        return ContentError(source, document.line_of(path), field_name(path), message)
    if validator == "minItems":
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            f"this list needs at least {error.validator_value} item(s).",
        )
    if validator in {"maxItems", "maxLength"}:
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            f"this is too long (the limit is {error.validator_value}).",
        )
    if validator == "minLength":
        return ContentError(source, document.line_of(path), field_name(path), "this is empty.")
    if validator in {"minimum", "maximum"}:
        bound = "at least" if validator == "minimum" else "at most"
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            f"this should be {bound} {error.validator_value}.",
        )
    if validator == "dependentRequired":
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            "'ideas' and 'at_least' go together: give both or neither.",
        )
    if validator == "anyOf" and "misconception" in str(error.schema):
        return ContentError(
            source,
            document.line_of(path),
            field_name(path),
            "a wrong idea needs either 'misconception' (an id) or both 'statement' and 'correction'.",
        )
    if validator == "oneOf" and _is_choice_of_kinds(error.validator_value):
        # one branch per kind (a question's scoring methods): say what the chosen kind needs
        kind = error.instance.get("method") if isinstance(error.instance, dict) else None
        branches = {b["properties"]["method"]["const"]: b for b in error.validator_value}
        names = list(branches)
        detail = (
            branches[kind].get("description", error.message)
            if kind in branches
            else (f"'method' must be {', '.join(names[:-1])} or {names[-1]}.")
        )
        return ContentError(source, document.line_of(path), field_name(path), detail)
    return ContentError(source, document.line_of(path), field_name(path), error.message)


def _is_choice_of_kinds(branches: Any) -> bool:
    """A oneOf whose every branch is told apart by a constant `method`."""
    return isinstance(branches, list) and all(
        isinstance(branch, dict) and "const" in branch.get("properties", {}).get("method", {})
        for branch in branches
    )


def _control_character_errors(document: Document) -> list[ContentError]:
    errors = []

    def walk(value: Any, path: list) -> None:
        if isinstance(value, str):
            if found := CONTROL_CHARACTERS.search(value):
                errors.append(
                    ContentError(
                        document.source,
                        document.line_of(path),
                        field_name(path),
                        f"contains a control character (U+{ord(found.group()):04X}); "
                        "remove it (it is invisible in most editors).",
                    )
                )
        elif isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, [*path, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*path, index])

    walk(document.data, [])
    return errors


def field_problems(schema_path: tuple[str, ...], values: Mapping[str, Any]) -> dict[str, str]:
    """Single fields checked against the content schema at `schema_path`, in the importer's words:
    the admin's forms for records many topics share (a qualification, an awarding body) apply the
    same rules as a file, so what a tutor saves can be exported and imported again."""
    schema = content_schema()
    for step in schema_path:
        schema = schema["properties"][step]
    problems = {}
    for name, value in values.items():
        field_schema = schema["properties"].get(name)
        if field_schema is None:
            continue
        error = next(iter(jsonschema.Draft202012Validator(field_schema).iter_errors(value)), None)
        if error is not None:
            problems[name] = _schema_error(Document(source="", data=value), error).message
    return problems


def schema_errors(document: Document) -> list[ContentError]:
    validator = jsonschema.Draft202012Validator(content_schema())
    errors = sorted(
        validator.iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))
    )
    # jsonschema reports a failed oneOf/anyOf and also its sub-errors; keep the most specific per path.
    seen: set[tuple[str, str]] = set()
    result = []
    for error in errors:
        content_error = _schema_error(document, error)
        identity = (content_error.field, content_error.message)
        if identity not in seen:
            seen.add(identity)
            result.append(content_error)
    return result + _control_character_errors(document)


def duplicates(items: list, key: str) -> list[tuple[int, str]]:
    """(index, value) of each item whose `key` an earlier item already has."""
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else None
        if value in seen:
            found.append((index, value))
        seen.add(value)
    return found


def topic_rule_errors(document: Document) -> tuple[list[ContentError], list[ContentError]]:
    """What a schema cannot say about one topic, its sections' blocks included: (errors, warnings)."""
    data, source = document.data, document.source
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    for part, name in (("assessment_criteria", "criterion"), ("misconceptions", "misconception")):
        for index, value in duplicates(data.get(part, []), "id"):
            path = [part, index, "id"]
            errors.append(
                ContentError(
                    source,
                    document.line_of(path),
                    field_name(path),
                    f"the {name} id '{value}' is used twice in this topic.",
                )
            )
    for section in sections():
        section_errors, section_warnings = section.check(document)
        errors.extend(section_errors)
        warnings.extend(section_warnings)
    return errors, warnings


def check_documents(documents: list[Document]) -> tuple[list[ContentError], list[ContentError]]:
    """Every check, over every document, before anything is written. Returns (errors, warnings)."""
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    valid: list[Document] = []
    for document in documents:
        if document.errors:
            errors.extend(document.errors)
            continue
        found = schema_errors(document)
        if found:
            errors.extend(found)
            continue
        topic_errors, topic_warnings = topic_rule_errors(document)
        errors.extend(topic_errors)
        warnings.extend(topic_warnings)
        valid.append(document)

    slugs: dict[str, Document] = {}
    qualifications: dict[str, tuple[Document, dict]] = {}
    for document in valid:
        slug = document.data["slug"]
        if slug in slugs:
            first = slugs[slug]
            errors.append(
                ContentError(
                    document.source,
                    document.line_of(["slug"]),
                    "slug",
                    f"the slug '{slug}' is already used by {first.source} (line "
                    f"{first.line_of(['slug'])}); every topic needs its own.",
                )
            )
        slugs.setdefault(slug, document)
        qualification = document.data["qualification"]
        seen = qualifications.setdefault(qualification["slug"], (document, qualification))
        if seen[1] != qualification:
            errors.append(
                ContentError(
                    document.source,
                    document.line_of(["qualification"]),
                    "qualification",
                    f"the qualification '{qualification['slug']}' is described differently in "
                    f"{seen[0].source}; make the two blocks the same.",
                )
            )
    return errors, warnings


def content_paths(paths: Iterable[Path] | None = None) -> list[Path]:
    """The content files named, with folders expanded to their *.yaml files (sorted)."""
    found: list[Path] = []
    for path in paths or [Path(settings.CONTENT_DIR)]:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"}))
        else:
            found.append(path)
    return found


def mapping_document(mapping: Mapping[str, Any], source: str) -> Document:
    """A document for data that did not come from a file (the admin's forms)."""
    return Document(source=source, data=dict(mapping))
