"""Every URL is listed somewhere a reader can find it.

A domain's part modules (``routes*``, ``api*``, ``public*``, ``tasks*``,
``hooks*``, ``demo*``) are loaded only when their area's table of contents
(``toc.py``) lists them, so renaming a file can no longer drop its URLs
silently: the first test fails on a part module that no table of contents
lists, the second on any URL the app no longer serves (or newly serves)
compared with ``url_map.txt``, one ``endpoint rule methods`` line per URL.

After adding or removing URLs on purpose, rewrite the record::

    python -m tests.core.test_url_map
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from core.modules import PART_PREFIXES, domain_parts

ROOT = Path(__file__).resolve().parents[2]
RECORD = Path(__file__).with_name("url_map.txt")
DOMAINS = ("market", "producers", "welfare")


def _url_lines(app) -> list[str]:
    lines = []
    for rule in app.url_map.iter_rules():
        methods = ",".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        lines.append(f"{rule.endpoint} {rule.rule} {methods}")
    return sorted(lines)


def _part_modules_on_disk(root: Path = ROOT, domains=DOMAINS) -> set[str]:
    """What discovery by file name would import: every module named like a part."""
    found = set()
    for domain in domains:
        for path in (root / domain).rglob("*.py"):
            leaf = path.stem
            if any(leaf == kind or leaf.startswith(kind + "_") for kind in PART_PREFIXES):
                found.add(".".join(path.relative_to(root).with_suffix("").parts))
    return found


def _listed(domains=DOMAINS) -> set[str]:
    listed: set[str] = set()
    for domain in domains:
        for modules in domain_parts(importlib.import_module(domain)).values():
            listed.update(m.__name__ for m in modules)
    return listed


def test_every_part_module_is_listed_in_a_table_of_contents(app):
    unlisted = _part_modules_on_disk() - _listed()
    assert not unlisted, f"part modules no toc.py lists (never loaded, their URLs not served): {sorted(unlisted)}"


def test_discovery_loads_only_what_a_table_of_contents_lists(tmp_path, monkeypatch):
    # a domain whose area has a listed routes module and one renamed and forgotten
    area = tmp_path / "tocdomain" / "area"
    area.mkdir(parents=True)
    (tmp_path / "tocdomain" / "__init__.py").write_text("")
    (tmp_path / "tocdomain" / "toc.py").write_text("from tocdomain.area import toc as area\nAREAS = (area,)\n")
    (area / "__init__.py").write_text("")
    (area / "toc.py").write_text("from tocdomain.area import routes_listed\nPAGES = (routes_listed,)\n")
    (area / "routes_listed.py").write_text("")
    (area / "routes_renamed.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))

    assert _listed(["tocdomain"]) == {"tocdomain.area.routes_listed"}
    assert "tocdomain.area.routes_renamed" not in sys.modules
    unlisted = _part_modules_on_disk(tmp_path, ["tocdomain"]) - _listed(["tocdomain"])
    assert unlisted == {"tocdomain.area.routes_renamed"}
    for name in [m for m in sys.modules if m.startswith("tocdomain")]:
        del sys.modules[name]


def test_the_app_serves_exactly_the_recorded_urls(app):
    served = _url_lines(app)
    recorded = RECORD.read_text().splitlines()
    missing = sorted(set(recorded) - set(served))
    added = sorted(set(served) - set(recorded))
    assert not missing and not added, (
        f"URLs no longer served: {missing}; URLs not in the record: {added} "
        "(on purpose? python -m tests.core.test_url_map rewrites it)"
    )
    assert len(served) == len(recorded)


if __name__ == "__main__":
    os.environ.setdefault("DATABASE_URL", "sqlite://")
    from core.app import create_app

    RECORD.write_text("\n".join(_url_lines(create_app({"TESTING": True}))) + "\n")
    print(f"{RECORD.name}: {len(RECORD.read_text().splitlines())} URLs")
