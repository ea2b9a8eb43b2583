"""The lock files pin, with hashes, exactly what pyproject.toml asks for, and
every install path uses them. A dependency added to pyproject.toml without
`make lock`, or a pin outside its range, fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")
# Runtime dependencies whose next major release has broken, or will break, the app.
MUST_BE_BOUNDED = {"flask", "sqlalchemy", "gunicorn", "stripe", "flask-smorest", "psycopg",
                   "redis", "celery", "marshmallow", "flask-limiter", "whitenoise"}


def _pins(name: str) -> dict[str, tuple[Version, int]]:
    """package -> (pinned version, number of hashes)."""
    pins: dict[str, tuple[Version, int]] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (Version(match.group(2)), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize(
    "lock, extras", [("requirements.lock", ()), ("requirements-test.lock", ("test",))]
)
def test_every_dependency_is_pinned_within_its_range_with_hashes(project, lock, extras):
    pins = _pins(lock)
    assert len(pins) > 20
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run `make lock`"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside {requirement.specifier}: run `make lock`"
        )
    unhashed = [n for n, (_, hashes) in pins.items() if hashes == 0]
    assert not unhashed, f"pins without hashes in {lock}: {unhashed}"


def test_the_runtime_lock_agrees_with_the_test_lock():
    runtime, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    differ = {n: (v, test.get(n, (None,))[0]) for n, (v, _) in runtime.items() if test.get(n, (None,))[0] != v}
    assert not differ, f"the two locks pin differently: {differ}"


def test_runtime_dependencies_that_break_across_majors_have_upper_bounds(project):
    bounded = {}
    for text in project["dependencies"]:
        requirement = Requirement(text)
        bounded[canonicalize_name(requirement.name)] = any(
            spec.operator in ("<", "~=", "==") for spec in requirement.specifier
        )
    missing = sorted(n for n in MUST_BE_BOUNDED if not bounded.get(n))
    assert not missing, f"no upper bound: {missing}"
    unbounded = sorted(n for n, ok in bounded.items() if not ok)
    assert not unbounded, f"runtime dependencies without an upper bound: {unbounded}"


def test_make_installs_from_the_lock_and_only_when_it_changes():
    makefile = (ROOT / "Makefile").read_text()
    stamp_rule = re.search(r"^\$\(STAMP\): (.*)$", makefile, re.M).group(1).split()
    assert "$(TEST_LOCK)" in stamp_rule
    recipe = makefile.split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes -r $(TEST_LOCK)" in recipe
    assert "--no-deps -e ." in recipe
    assert "--upgrade" not in recipe, "an unpinned upgrade makes installs differ"
    assert re.search(r"^lock:", makefile, re.M) and "--generate-hashes" in makefile
    for target in ("run", "test", "lint", "check"):
        assert re.search(rf"^{target}: install", makefile, re.M), target
    assert "make lint" in (ROOT / ".ci" / "run").read_text()
