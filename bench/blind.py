"""Agreement of a marker with the examiners of one blind set (tests/data/blind/<subject>/).

Plain Python with the engine passed in, so that `bench marking` can measure an older engine taken
out of git the same way, and the test suite can guard the figures (tests/assessment/
test_blind_sets.py). The frozen halves are only ever summarised here, never listed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

# The sets, in the order they were made (tests/data/blind/README.md).
SUBJECTS = (
    "biology",
    "business",
    "health-social-care",
    "computing",
    "food-safety",
    "sport",
    "geography",
)


def agreement(
    folder: Path,
    half: str,
    *,
    spec_from_mapping: Callable[[dict], Any],
    score: Callable[[Any, str], Any],
    kappa: Callable[..., float],
) -> dict:
    """{"kappas": QWK per question, "f1": pooled per-point F1, "count": answers}."""
    specs = {
        q["id"]: spec_from_mapping(q)
        for q in yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    }
    human: dict[str, list[int]] = {}
    engine: dict[str, list[int]] = {}
    tp = fp = fn = 0
    for line in (folder / f"{half}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        result = score(specs[row["question"]], row["answer"])
        human.setdefault(row["question"], []).append(row["mark"])
        engine.setdefault(row["question"], []).append(result.mark)
        for verdict in result.points:
            said = row["points"].get(verdict.key)
            tp += bool(said and verdict.earned)
            fp += bool(not said and verdict.earned)
            fn += bool(said and not verdict.earned)
    kappas = [kappa(human[q], engine[q], max_mark=specs[q].max_marks) for q in sorted(human)]
    return {
        "kappas": kappas,
        "f1": 2 * tp / max(1, 2 * tp + fp + fn),
        "count": sum(map(len, human.values())),
    }
