"""A corpus of mutated content files fed to import_content: each rejected with a clear message,
in bounded memory (size, aliases and nesting are refused before anything is built), and the
database unchanged."""

import io
import resource

import pytest
import yaml
from django.core.management import CommandError, call_command

from tests.factories import database_snapshot, make_learners_work, make_topic, make_topic_mapping

pytestmark = pytest.mark.django_db


def mutations() -> dict[str, bytes]:
    good = yaml.safe_dump(make_topic_mapping(slug="mutant"), sort_keys=False).encode()
    mapping = make_topic_mapping(slug="mutant")
    cases = {f"truncated at {n}%": good[: len(good) * n // 100] for n in (10, 33, 50, 77, 95)}
    for key in ("title", "qualification", "learning_outcomes", "assessment_criteria", "synopsis"):
        broken = dict(mapping)
        del broken[key]
        cases[f"without {key}"] = yaml.safe_dump(broken).encode()
    for key, value in (
        ("learning_outcomes", 7),
        ("title", ["a", "b"]),
        ("questions", "none"),
        ("kind", "chapter"),
        ("qualification", None),
    ):
        cases[f"{key} of the wrong type"] = yaml.safe_dump({**mapping, key: value}).encode()
    cases["duplicate question ids"] = yaml.safe_dump(
        {**mapping, "questions": mapping["questions"] * 2}
    ).encode()
    cases["deep nesting"] = b"slug: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    cases["billion laughs"] = (
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n".encode()
            for i in range(8)
        )
    )
    cases["a 50 MB file"] = b"slug: big\nsynopsis: |\n" + (b"  " + b"x" * 1022 + b"\n") * (
        50 * 1024
    )
    cases["binary"] = bytes(range(256)) * 40
    cases["a list, not a topic"] = b"- one\n- two\n"
    cases["tab indentation"] = good.replace(b"  ", b"\t", 3)
    return cases


@pytest.mark.parametrize("name", list(mutations()))
def test_mutated_file_is_rejected_quickly_with_a_message_and_changes_nothing(tmp_path, name):
    # content already there, with learners' work on it (a small topic: the whole of content/
    # took about 3 s a case, and the mutant's checks do not depend on which topics exist)
    make_learners_work(make_topic(slug="existing"))
    before = database_snapshot()
    path = tmp_path / "mutant.yaml"
    path.write_bytes(mutations()[name])
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(path), stdout=io.StringIO(), stderr=err)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before < 300 * 1024, (
        "bounded memory (KB)"
    )
    assert "mutant.yaml" in err.getvalue()
    assert database_snapshot() == before
