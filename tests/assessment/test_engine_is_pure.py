"""The marking engine is plain Python: it imports neither Django nor the apps' other modules, so
it can be tested in milliseconds and reused anywhere (STYLE.md, convention 2)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = [
    "assessment.scoring",
    "assessment.text",
    "assessment.spec",
    "assessment.lexicon",
    "assessment.phrasing",
    "assessment.wording",
    "assessment.gaming",
    "assessment.evaluation",
    "assessment.submissions",
    "assessment.scoring_methods",
]


@pytest.mark.parametrize("module", ENGINE)
def test_an_engine_module_imports_no_django_and_no_app_code(module):
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import {module}; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith(('django.', 'topics', 'revision_site')) "
        "or (m.startswith('assessment.') and m not in ENGINE)); print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"ENGINE = {ENGINE!r}\n" + code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]"
