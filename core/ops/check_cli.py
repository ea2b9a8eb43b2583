"""``pansuk check``: every configuration problem and warning; exit 1 on a problem."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

import click


@click.command("check")
@click.option("--url", default=None, help="Also require this URL (e.g. the /healthz of a running web) to answer 200.")
@click.option("--quiet", is_flag=True, help="Print problems only.")
def check_command(url: str | None, quiet: bool) -> None:
    """Check the configuration from the environment: database role and
    row-level security, secrets, mail, SMS, LINE, Stripe, Redis, trusted
    proxies, space for uploads."""
    from core.app import create_app
    from core.config import ConfigError
    from core.ops import checks

    try:
        app = create_app({"CHECK_DATABASE_ROLE_AT_START": False, "PRODUCTION": False})
    except ConfigError as exc:
        _report([checks.Finding(checks.PROBLEM, "settings", str(exc))], quiet)
        sys.exit(1)
    # The app is built without the production refusal (to list every reason);
    # the checks judge with the real flag.
    app.config["PRODUCTION"] = app.config["PANSUK_ENV"] == "production"
    findings = checks.all_findings(app)
    if url:
        findings += _serving(url)
    _report(findings, quiet)
    sys.exit(1 if any(f.level == checks.PROBLEM for f in findings) else 0)


def _serving(url: str) -> list:
    from core.ops.checks import PROBLEM, Finding

    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the operator's URL
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        return [Finding(PROBLEM, "web", f"{url} does not answer ({exc})")]
    return [] if status == 200 else [Finding(PROBLEM, "web", f"{url} answered {status}")]


def _report(findings: list, quiet: bool) -> None:
    from core.ops.checks import PROBLEM

    problems = [f for f in findings if f.level == PROBLEM]
    for finding in findings:
        if finding.level == PROBLEM or not quiet:
            click.echo(finding.line())
    if not quiet:
        warnings = len(findings) - len(problems)
        click.echo(f"check: {len(problems)} problem(s), {warnings} warning(s)")
