"""The compose file, the image and the README's command, read as a deployer
would run them (no Docker engine is needed): pinned images, the app's plain
role for web/worker/beat, the owner only for the one-shot init that runs
before them, `pansuk check` as the healthcheck, and every variable the
compose file reads present in .env.example."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.own_settings  # files of the repository, no database

ROOT = Path(__file__).resolve().parents[3]
SERVING = ("web", "worker", "beat")
VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?:[:?-][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value
    return pairs


def test_the_stack_has_every_service(compose):
    assert {"postgres", "redis", "init", *SERVING} <= set(compose["services"])


def test_every_pulled_image_is_pinned_to_a_release(compose):
    for name, service in compose["services"].items():
        image = service.get("image", "")
        if "build" in service:
            continue  # built here from this checkout
        repo, _, tag = image.partition(":")
        assert tag and tag != "latest", f"{name}: {image} is not pinned"
        assert re.match(r"^\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$", tag), f"{name}: {image} floats (pin major.minor[.patch])"


def test_serving_processes_connect_as_the_plain_role_and_only_init_as_the_owner(compose):
    services = compose["services"]
    for name in SERVING:
        env = services[name]["environment"]
        url = env["DATABASE_URL"]
        assert url.startswith("postgresql://${APP_DB_ROLE"), f"{name} connects as {url}"
        assert "POSTGRES_PASSWORD" not in url and "POSTGRES_USER" not in url
        assert not any("POSTGRES_PASSWORD" in str(v) for v in env.values()), f"{name} gets the owner's password"
        assert env["PANSUK_ENV"] == "production"
    init = services["init"]
    assert init["command"] == ["pansuk", "setup-database"]
    assert init["environment"]["DATABASE_URL"].startswith("postgresql://${POSTGRES_USER")
    assert "APP_DB_PASSWORD" in init["environment"]["APP_DB_PASSWORD"]
    assert init["restart"] == "no"


def test_init_finishes_before_web_worker_and_beat_start(compose):
    services = compose["services"]
    assert services["init"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in SERVING:
        depends = services[name]["depends_on"]
        assert depends["init"]["condition"] == "service_completed_successfully", name


def test_healthchecks_run_pansuk_check(compose):
    for name in SERVING:
        test = compose["services"][name]["healthcheck"]["test"]
        command = " ".join(test[1:])
        assert "pansuk check" in command, f"{name}: {test}"
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_web_listens_only_on_this_machine_behind_the_proxy(compose):
    ports = compose["services"]["web"]["ports"]
    assert all(str(p).startswith("127.0.0.1:") for p in ports)
    assert compose["services"]["web"]["environment"]["TRUSTED_PROXY_HOPS"].startswith("${TRUSTED_PROXY_HOPS")


def test_every_variable_the_compose_file_reads_is_in_env_example(example):
    used = set(VARIABLE.findall((ROOT / "docker-compose.yml").read_text()))
    assert used, "the pattern found nothing"
    missing = used - set(example)
    assert not missing, f"read by docker-compose.yml but not in .env.example: {sorted(missing)}"


def _readme_command() -> str:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    found = [b for b in blocks if "cp .env.example .env" in b and "docker compose up" in b]
    assert len(found) == 1, "the README gives one command that copies .env.example and starts the stack"
    return found[0]


def test_the_readme_command_fills_every_secret_with_a_usable_value(tmp_path, example):
    """Run the README's command up to `docker compose up` on a copy of
    .env.example: the secrets it writes pass the checks a production start makes."""
    from core.ops import checks

    command = _readme_command().replace("\\\n", " ")
    before, sep, _ = command.partition("&& docker compose up")
    assert sep, "the command ends by starting the stack"
    (tmp_path / ".env.example").write_text((ROOT / ".env.example").read_text())
    subprocess.run(["bash", "-c", before], cwd=tmp_path, check=True, timeout=30)
    env = dict(line.split("=", 1) for line in (tmp_path / ".env").read_text().splitlines()
               if line and not line.startswith("#"))
    for name in ("POSTGRES_PASSWORD", "APP_DB_PASSWORD", "SECRET_KEY", "SECRETS_KEYS"):
        assert env[name] and env[name] != example[name], f"{name} still {env[name]!r}"
    assert env["POSTGRES_PASSWORD"] != env["APP_DB_PASSWORD"]
    assert re.fullmatch(r"[A-Za-z0-9]+", env["APP_DB_PASSWORD"]), "a password that goes into a URL as it is"
    config = {"PRODUCTION": True, "SECRET_KEY_GIVEN": True, "SECRETS_KEYS_GIVEN": True,
              "SECRET_KEY": env["SECRET_KEY"], "SECRETS_KEYS": env["SECRETS_KEYS"]}
    assert checks.secret_findings(config) == []


def test_the_example_secrets_are_refused_as_they_are(example):
    from core.ops import checks

    config = {"PRODUCTION": True, "SECRET_KEY_GIVEN": True, "SECRETS_KEYS_GIVEN": True,
              "SECRET_KEY": example["SECRET_KEY"], "SECRETS_KEYS": example["SECRETS_KEYS"]}
    assert {f.level for f in checks.secret_findings(config)} == {checks.PROBLEM}
    assert len(checks.secret_findings(config)) == 2


def test_the_image_is_pinned_locked_non_root_and_lean():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert re.fullmatch(r"python:3\.\d+-slim-\w+", stages[-1]), stages  # what runs
    # the front-end packages are built in a stage of their own, from the npm lock file
    assert all(re.fullmatch(r"node:\d+-\w+-slim", s) for s in stages[:-1]), stages
    assert "npm ci" in dockerfile and "COPY package.json package-lock.json" in dockerfile
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "--create-home" in dockerfile and "ENV HOME=" in dockerfile
    assert "whitenoise.compress" in dockerfile
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {"tests", "bench", ".git", ".venv", "instance", "build", "*.egg-info", ".env"} <= ignored
