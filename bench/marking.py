"""Quality of marking: the development set through `evaluate_scoring`, the blind sets in six
other subjects (development and frozen halves), the adversarial suite, and each mechanism of the
engine switched off in turn. The frozen halves are reported in aggregate only.

The engine before this work (commit BEFORE) is measured the same way from a copy of its files
taken out of git, so "before" and "after" come from one run on one machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.blind import SUBJECTS
from bench.report import table, write_section
from bench.server import ROOT, prepared_site

BLIND = ROOT / "tests" / "data" / "blind"
BEFORE = "3a615d8"  # the last commit with the engine this work replaced
MECHANISMS = {
    "fidelity": "phrase fidelity (every meaningful word, specificity-weighted own words)",
    "lexicon": "lexicon (WordNet derivations and synonyms, direction words)",
    "relations": "relations (order, antonym reversal)",
    "one_span": "one piece of evidence, one point",
    "structure": "structure (clauses, reasons, lists)",
    "own_clauses": "a point's own words clause by clause",
    "roles": "where a movement starts and ends (out of / into)",
    "headings": "evaluative headings describe the items under them (Cons: ...)",
    "conclusions": "a conclusion after reasons supports the judgement point",
    "prevention": "stopping X is saying X cannot happen",
    "sounds": "misspellings by sound (Metaphone)",
    "informal": "informal spellings of everyday words (becuz, cud, dosent)",
    "spare_word": "a phrasing of three words or more met without its least specific word",
    "group_labels": "an item sorted under another group's name is not earned (Push: more jobs)",
}

# Runs in a child process, so that each engine (and each switch) starts with empty caches.
EVALUATE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import yaml
from assessment.spec import question_spec_from_mapping, DEPTH_OF_COMMAND_WORD
from assessment import scoring
from assessment.evaluation import quadratic_weighted_kappa
switch = sys.argv[2]
if switch != "-":
    scoring.FEATURES[switch] = False
from pathlib import Path
from bench.blind import agreement
def blind(subject, half):
    return agreement(
        Path(sys.argv[3]) / subject, half,
        spec_from_mapping=question_spec_from_mapping, score=scoring.score_answer,
        kappa=quadratic_weighted_kappa,
    )
def devset():
    import inspect
    specs = {}
    # the content's example words (content/example-words.txt), for an engine that takes them
    words = Path(sys.argv[4]) / "example-words.txt"
    extra = {}
    if words.exists() and "example_words" in inspect.signature(question_spec_from_mapping).parameters:
        extra["example_words"] = [w for line in words.read_text().splitlines() for w in line.split("#")[0].split()]
    for path in sorted(Path(sys.argv[4]).glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        mis = {m["id"]: m for m in data.get("misconceptions", [])}
        for q in data.get("questions", []):
            specs[f"{data['slug']}/{q['id']}"] = question_spec_from_mapping(q, misconceptions=mis, **extra)
    human, engine, tp, fp, fn = [], [], 0, 0, 0
    for line in open(sys.argv[5]):
        row = json.loads(line)
        result = scoring.score_answer(specs[row["question"]], row["answer"])
        human.append(row["mark"]); engine.append(result.mark)
        for verdict in result.points:
            said = row.get("points", {}).get(verdict.key)
            if said is None:
                continue
            tp += bool(said and verdict.earned); fp += bool(not said and verdict.earned); fn += bool(said and not verdict.earned)
    gaming = [0, 0]
    try:
        from assessment.gaming import gaming_answers
    except ImportError:
        gaming_answers = None
    if gaming_answers:
        for spec in specs.values():
            if DEPTH_OF_COMMAND_WORD.get(spec.command_word) == "identify":
                continue
            for _, answer in gaming_answers(spec):
                gaming[1] += 1
                gaming[0] += scoring.score_answer(spec, answer).mark > 0
    return {"qwk": quadratic_weighted_kappa(human, engine), "f1": 2 * tp / max(1, 2 * tp + fp + fn), "gaming": gaming}
out = {"devset": devset()}
for subject in sys.argv[6].split(","):
    for half in ("dev", "frozen"):
        out[f"{subject}/{half}"] = blind(subject, half)
print(json.dumps(out))
"""


def _measure(engine_root: Path, switch: str = "-", *, gaming_from: Path = ROOT) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            EVALUATE,
            str(engine_root),
            switch,
            str(BLIND),
            str(ROOT / "content"),
            str(ROOT / "tests" / "data" / "devset.jsonl"),
            ",".join(SUBJECTS),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _engine_before(tmp: Path) -> Path | None:
    """The engine of commit BEFORE, taken out of git into a folder of its own (None outside a
    git checkout that has it)."""
    tmp.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", BEFORE, "assessment"], cwd=ROOT, capture_output=True, timeout=60
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True, timeout=60)
    return tmp


def _cells(measured: dict, subject: str, half: str) -> tuple[str, str, str]:
    entry = measured[f"{subject}/{half}"]
    kappas = entry["kappas"]
    return (
        f"{sum(kappas) / len(kappas):.3f}",
        f"{min(kappas):.3f}",
        f"{entry['f1']:.3f}",
    )


def run(database_url: str = "", label: str = "SQLite") -> str:
    with prepared_site(database_url=database_url) as site:
        report = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "evaluate_scoring",
                "tests/data/devset.jsonl",
                "--worst",
                "5",
            ],
            cwd=ROOT,
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout
    now = _measure(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        before_root = _engine_before(Path(tmp))
        before = _measure(before_root) if before_root else None
    switched = {name: _measure(ROOT, name) for name in MECHANISMS}

    rows = []
    for subject in SUBJECTS:
        for half in ("dev", "frozen"):
            count = now[f"{subject}/{half}"]["count"]
            row = [subject, f"{half} ({count})"]
            if before:
                row += list(_cells(before, subject, half))
            row += list(_cells(now, subject, half))
            rows.append(row)
    headers = ["set", "half (answers)"]
    if before:
        headers += ["before: mean QWK", "min QWK", "point F1"]
    headers += ["now: mean QWK", "min QWK", "point F1"]
    blind_table = table(headers, rows)

    def summary(measured: dict) -> list[str]:
        cells = []
        for half in ("dev", "frozen"):
            kappas = [k for s in SUBJECTS for k in measured[f"{s}/{half}"]["kappas"]]
            f1s = [measured[f"{s}/{half}"]["f1"] for s in SUBJECTS]
            cells += [f"{sum(kappas) / len(kappas):.3f}", f"{sum(f1s) / len(f1s):.3f}"]
        gaming = measured["devset"]["gaming"]
        cells += [
            f"{measured['devset']['qwk']:.3f}",
            f"{gaming[0]} of {gaming[1]}" if gaming[1] else "n/a",
        ]
        return cells

    ablation_rows = [["all mechanisms on", *summary(now)]]
    for name, description in MECHANISMS.items():
        ablation_rows.append([f"without {description}", *summary(switched[name])])
    if before:
        before_cells = summary(before)
        before_cells[-1] = _gaming_before()
        ablation_rows.append([f"the engine before (commit {BEFORE})", *before_cells])
    ablation = table(
        [
            "engine",
            "blind dev: mean QWK",
            "mean F1",
            "blind frozen: mean QWK",
            "mean F1",
            "devset QWK",
            "gaming answers earning marks",
        ],
        ablation_rows,
    )
    body = (
        "Blind sets (`tests/data/blind/`, made by independent authors; see its README): quadratic "
        "weighted kappa per question against the examiner's marks, its mean and lowest, and "
        "per-point F1 pooled over the set's points. The frozen halves are never read answer by "
        "answer. Targets on the frozen halves: QWK >= 0.85 and F1 >= 0.85.\n\n"
        + blind_table
        + f"\n\nEach mechanism switched off in turn (means over the {len(SUBJECTS)} subjects; the "
        "development set is `tests/data/devset.jsonl`, target >= 0.95; the gaming answers are "
        "`assessment/gaming.py` on every describe, explain and evaluate question of `content/`, "
        "target 0):\n\n"
        + ablation
        + "\n\n`.venv/bin/python manage.py evaluate_scoring tests/data/devset.jsonl --worst 5`:\n\n```\n"
        + report.strip()
        + "\n```"
    )
    write_section(f"Quality of marking ({label})", body, database_url=database_url)
    return body


def _gaming_before() -> str:
    """The gaming answers against the engine before, from this tree's generator."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _engine_before(Path(tmp))
        if root is None:
            return "n/a"
        code = (
            "import sys, json\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from assessment.gaming import gaming_answers\n"
            "from assessment.spec import DEPTH_OF_COMMAND_WORD\n"
            "from bench.scoring import load_questions\n"
            "specs = load_questions()\n"
            "pairs = [(k, a) for k, s in specs.items() if DEPTH_OF_COMMAND_WORD.get(s.command_word) != 'identify' for _, a in gaming_answers(s)]\n"
            "json.dump(pairs, sys.stdout)\n"
        )
        made = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        pairs = json.loads(made.stdout)
        answers = Path(tmp) / "gaming.json"
        answers.write_text(json.dumps(pairs))
        score = (
            "import sys, json\n"
            f"sys.path.insert(0, {str(root)!r})\n"
            f"sys.path.insert(1, {str(ROOT)!r})\n"
            "from assessment.scoring import score_answer\n"
            "from bench.scoring import load_questions\n"
            "specs = load_questions()\n"
            f"pairs = json.load(open({str(answers)!r}))\n"
            "print(sum(score_answer(specs[k], a).mark > 0 for k, a in pairs), len(pairs))\n"
        )
        counted = subprocess.run(
            [sys.executable, "-c", score], capture_output=True, text=True, check=True, cwd=tmp
        )
    earned, total = counted.stdout.split()
    return f"{earned} of {total}"
