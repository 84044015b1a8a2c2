"""Generate content N times the size of the five sources: copies of each topic under new slugs."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.server import ROOT


def scaled_content(directory: Path, times: int) -> Path:
    """Write 5 x `times` topic files into `directory` (the originals first)."""
    directory.mkdir(parents=True, exist_ok=True)
    sources = [
        yaml.safe_load(path.read_text()) for path in sorted((ROOT / "content").glob("*.yaml"))
    ]
    for copy in range(times):
        for source in sources:
            topic = dict(source)
            if copy:
                topic["slug"] = f"{source['slug']}-copy-{copy}"
                topic["title"] = f"{source['title']} (copy {copy})"
                topic.pop("unit", None)
            (directory / f"{topic['slug']}.yaml").write_text(
                yaml.safe_dump(topic, sort_keys=False, allow_unicode=True)
            )
    return directory
